package io.rootaccess.operator.task;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.guard.OrganizationGuard;
import java.util.Optional;
import java.util.Set;

/**
 * What must hold before a root session is opened: the target is an ACTIVE member account (never the
 * management account) and the organization feature the task's session needs is enabled. The account
 * comes from the shared {@link OrganizationCache}; the features cost one
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

    TaskPreconditions(
            OrganizationCache organization,
            OrganizationFeatures features,
            OrganizationGuard guard) {
        this.organization = organization;
        this.features = features;
        this.guard = guard;
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
        return Optional.empty();
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
