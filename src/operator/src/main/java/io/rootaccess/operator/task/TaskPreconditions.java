package io.rootaccess.operator.task;

import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.policy.Targeting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What must hold before a root session is opened: the target is not a protected account
 * (rootaccess.protected-accounts), is an ACTIVE member account (never the management account) that
 * no RootAccessPolicy including it excludes, and the organization feature the task's session needs
 * is enabled. The account comes from the shared {@link OrganizationCache}; the features cost one
 * iam:ListOrganizationsFeatures call per task (tasks run once). The bucket or queue existing is
 * checked inside the session, when its policy is read.
 */
final class TaskPreconditions {

    /**
     * Why the task cannot run: a condition reason and a message a person can act on. {@code
     * canWait}: the refusal may clear by itself soon (a policy applied in the same sync enables the
     * feature).
     */
    record Refusal(String reason, String message, boolean canWait) {}

    private final OrganizationCache organization;
    private final OrganizationFeatures features;

    /** Knows the management account without a call when it is configured or was read. */
    private final OrganizationGuard guard;

    /** Refused first, without reading anything. */
    private final ProtectedAccounts protectedAccounts;

    /** The watched policies now (their exclusions bind tasks too). */
    private final Supplier<List<RootAccessPolicy>> policies;

    TaskPreconditions(
            OrganizationCache organization,
            OrganizationFeatures features,
            OrganizationGuard guard,
            ProtectedAccounts protectedAccounts,
            Supplier<List<RootAccessPolicy>> policies) {
        this.organization = organization;
        this.features = features;
        this.guard = guard;
        this.protectedAccounts = protectedAccounts;
        this.policies = policies;
    }

    /**
     * @throws AwsException retryable kinds only (the caller retries); other failures become a
     *     refusal
     */
    Optional<Refusal> check(TaskRequest request) {
        Optional<Refusal> account = account(request.accountId());
        return account.isPresent() ? account : feature(request);
    }

    /**
     * The management account's id when it is known without an AWS call: the guard's setting
     * (rootaccess.expected-management-account-id, verified by the guard) or its last read, else the
     * organization snapshot already cached. Empty before anything has read the organization.
     */
    private Optional<String> knownManagementAccount() {
        return guard.knownManagementAccountId()
                .or(() -> organization.peek().map(o -> o.organization().managementAccountId()));
    }

    private Optional<Refusal> account(String accountId) {
        if (protectedAccounts.contains(accountId)) {
            return refuse(TaskReasons.PROTECTED_ACCOUNT, ProtectedAccounts.why(accountId));
        }
        if (knownManagementAccount().filter(accountId::equals).isPresent()) {
            return managementAccount(accountId); // no call needed to refuse it
        }
        OrganizationSnapshot org = organization.current();
        AccountInfo account = org.accounts().get(accountId);
        if (account == null && !accountId.equals(org.organization().managementAccountId())) {
            org =
                    organization
                            .refresh(); // a task may name an account newer than the cache: it runs
            // once, so look
            account = org.accounts().get(accountId);
        }
        if (accountId.equals(org.organization().managementAccountId())) {
            return managementAccount(accountId);
        }
        if (account == null) {
            return refuse(
                    TaskReasons.NOT_IN_ORGANIZATION,
                    "account "
                            + accountId
                            + " is not a member of organization "
                            + org.organization().id());
        }
        if (!account.active()) {
            return refuse(
                    TaskReasons.ACCOUNT_NOT_ACTIVE,
                    "account "
                            + accountId
                            + " is "
                            + account.state()
                            + ": root sessions are only possible in ACTIVE accounts");
        }
        return excludedByPolicy(accountId, org);
    }

    /**
     * A policy that includes the account in its targets but excludes it has said "leave this
     * account alone": a task does not act behind its back. There is no override on the task: remove
     * the exclusion (or the account from the policy's targets) first.
     */
    private Optional<Refusal> excludedByPolicy(String accountId, OrganizationSnapshot org) {
        List<String> by = new ArrayList<>();
        for (RootAccessPolicy policy : policies.get()) {
            if (policy.getSpec() == null) {
                continue;
            }
            Targeting.exclusion(policy.getSpec().targets, policy.getSpec().exclude, org, accountId)
                    .ifPresent(
                            a ->
                                    by.add(
                                            "RootAccessPolicy "
                                                    + policy.getMetadata().getNamespace()
                                                    + "/"
                                                    + policy.getMetadata().getName()
                                                    + " ("
                                                    + a.message
                                                    + ")"));
        }
        if (by.isEmpty()) {
            return Optional.empty();
        }
        by.sort(null);
        return refuse(
                TaskReasons.EXCLUDED_BY_POLICY,
                "account "
                        + accountId
                        + " is excluded by "
                        + String.join(", ", by)
                        + ": a task never acts on an account a policy including it leaves out;"
                        + " remove the exclusion first if the task is meant");
    }

    private Optional<Refusal> feature(TaskRequest request) {
        OrgFeature needed = request.requiredFeature();
        String enable =
                needed == OrgFeature.RootSessions
                        ? "iam:EnableOrganizationsRootSessions"
                        : "iam:EnableOrganizationsRootCredentialsManagement";
        Set<OrgFeature> enabled;
        try {
            enabled = features.enabledFeatures();
        } catch (AwsException e) {
            if (e.retryable()) {
                throw e;
            }
            if (e.kind() == AwsErrorKind.FEATURE_NOT_ENABLED) {
                return featureMissing(
                        request.type()
                                + " needs the organization feature "
                                + needed
                                + ", and trusted access for IAM is not even enabled: enable trusted access for IAM, then "
                                + enable
                                + " (for example with spec.organization of a RootAccessPolicy)");
            }
            return refuse(
                    TaskReasons.FEATURES_UNREADABLE,
                    "cannot read the organization's root access features ("
                            + e.getMessage()
                            + "): the operator must run as the management account or the IAM delegated"
                            + " administrator of an organization with all features");
        }
        if (!enabled.contains(needed)) {
            return featureMissing(
                    request.type()
                            + " needs the organization feature "
                            + needed
                            + ", which is not enabled: call "
                            + enable
                            + " (for example with spec.organization of a RootAccessPolicy)");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> managementAccount(String accountId) {
        return refuse(
                TaskReasons.MANAGEMENT_ACCOUNT,
                "account "
                        + accountId
                        + " is the organization's management account:"
                        + " centralized root access works on member accounts only and the operator never touches the"
                        + " management account's root user");
    }

    private static Optional<Refusal> refuse(String reason, String message) {
        return Optional.of(new Refusal(reason, message, false));
    }

    private static Optional<Refusal> featureMissing(String message) {
        return Optional.of(new Refusal(TaskReasons.FEATURE_NOT_ENABLED, message, true));
    }
}
