package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.AccountAttention;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a RootAccessPolicy's status: organization facts, the summary of its accounts, and the
 * Ready/Reconciling/Stalled and Conflict conditions. Messages contain counts and ids only, never
 * times, so an unchanged organization yields an identical status (and no patch).
 */
public final class PolicyStatusFactory {

    private final Conditions conditions;
    private final int listLimit;

    public PolicyStatusFactory(Clock clock, int listLimit) {
        this.conditions = new Conditions(clock);
        this.listLimit = Math.max(1, listLimit);
    }

    public Conditions conditions() {
        return conditions;
    }

    public void organization(RootAccessPolicyStatus status, OrganizationSnapshot org) {
        if (org.organization() != null) {
            status.organizationId = org.organization().id();
            status.managementAccountId = org.organization().managementAccountId();
        }
        status.lastOrganizationRead = org.readAt() == null ? null : org.readAt().toString();
    }

    public void switches(RootAccessPolicyStatus status, OrganizationSwitches.Observed observed) {
        status.organizationId = observed.organization().id();
        status.managementAccountId = observed.organization().managementAccountId();
        status.trustedAccess = observed.trustedAccess();
        status.enabledFeatures = observed.enabledFeatureNames();
        status.delegatedAdministrator = observed.delegatedAdministrator();
    }

    /** spec.organization absent: nothing about the switches is claimed. */
    public void switchesUnmanaged(RootAccessPolicyStatus status) {
        status.trustedAccess = null;
        status.enabledFeatures = null;
        status.delegatedAdministrator = null;
    }

    /**
     * Maps a classified AWS failure to conditions. @return true when it is worth retrying on its
     * own
     */
    public boolean error(RootAccessPolicyStatus status, Long generation, AwsException e) {
        status.observedGeneration = generation;
        var list = status.conditions;
        String reason = ErrorReasons.of(e.kind());
        String action = e.action() == null ? "an AWS call" : e.action();
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        switch (e.kind()) {
            case THROTTLED ->
                    conditions.reconciling(
                            list,
                            reason,
                            action + " was throttled by AWS; retrying with back-off",
                            generation);
            case TRANSIENT, EXPIRED_SESSION ->
                    conditions.reconciling(
                            list,
                            reason,
                            action
                                    + " failed with a transient error"
                                    + detail
                                    + "; retrying with back-off",
                            generation);
            case UNREACHABLE ->
                    conditions.reconciling(
                            list,
                            reason,
                            "cannot reach the AWS endpoint for "
                                    + action
                                    + detail
                                    + "; check rootaccess.aws.endpoint(s), DNS and network egress. Retrying with back-off",
                            generation);
            case NOT_ALL_FEATURES ->
                    conditions.stalled(
                            list,
                            reason,
                            "the organization is not in All-features mode"
                                    + detail
                                    + ". Centralized root access needs it:"
                                    + " enable all features in AWS Organizations (organizations:EnableAllFeatures, and every"
                                    + " member account accepts the handshake); the operator then continues on its own",
                            generation);
            case WRONG_CALLER ->
                    conditions.stalled(
                            list,
                            reason,
                            action
                                    + " must be called by the management account or the IAM delegated administrator"
                                    + detail
                                    + ". Run the operator with that identity (or set rootaccess.aws.role-arn)",
                            generation);
            case ACCESS_DENIED ->
                    conditions.stalled(
                            list,
                            reason,
                            action
                                    + " was denied"
                                    + detail
                                    + ". Grant it to the operator's role (see the IAM policy in deploy/)",
                            generation);
            case FEATURE_NOT_ENABLED ->
                    conditions.stalled(
                            list,
                            reason,
                            action
                                    + " needs an organization feature that is off"
                                    + detail
                                    + ". Enable trusted access for IAM and RootCredentialsManagement/RootSessions"
                                    + " (spec.organization)",
                            generation);
            case NO_ORGANIZATION ->
                    conditions.stalled(
                            list,
                            reason,
                            "the operator's account is not in an AWS Organization" + detail,
                            generation);
            default ->
                    conditions.stalled(list, reason, action + " was rejected" + detail, generation);
        }
        return e.retryable();
    }

    /** An unexpected error (Kubernetes API while syncing children, a bug): the pass is retried. */
    public void unexpected(RootAccessPolicyStatus status, Long generation, Exception e) {
        conditions.reconciling(
                status.conditions, ErrorReasons.UNEXPECTED, ErrorReasons.unexpected(e), generation);
    }

    public void summary(RootAccessPolicyStatus status, Long generation, Evaluation e) {
        status.observedGeneration = generation;
        var list = status.conditions;
        Targeting.Selection selection = e.selection();
        status.unknownTargets =
                selection.unknownTargets().isEmpty() || !e.walk().complete()
                        ? null // the walk may still find them
                        : selection.unknownTargets();

        int compliant = 0, nonCompliant = 0, inProgress = 0, blocked = 0, failed = 0, onHold = 0;
        List<AccountAttention> attention = new ArrayList<>();
        boolean dryRun = e.desired() != null && e.desired().mode() == Mode.DryRun;
        for (String id : e.owned()) {
            MemberAccountRootState child = e.children().get(id);
            AccountPhase phase =
                    child == null || e.handover().contains(id)
                            ? null
                            : Children.currentPhase(child);
            String said =
                    child == null || child.getStatus() == null ? null : child.getStatus().attention;
            if (phase == null) {
                inProgress++;
                continue;
            }
            switch (phase) {
                case Compliant -> compliant++;
                case NonCompliant -> {
                    nonCompliant++;
                    boolean waiting = Boolean.TRUE.equals(child.getSpec().suspend);
                    if (!dryRun && !waiting) {
                        attention.add(
                                new AccountAttention(
                                        id,
                                        PolicyReasons.NON_COMPLIANT,
                                        orDefault(
                                                said,
                                                "differs from the desired state and is not being changed")));
                    }
                }
                case OnHold -> {
                    onHold++;
                    nonCompliant++;
                    attention.add(
                            new AccountAttention(
                                    id,
                                    PolicyReasons.ON_HOLD,
                                    orDefault(
                                            said,
                                            "held by break-glass task "
                                                    + child.getStatus().holdTask
                                                    + " until "
                                                    + child.getStatus().holdUntil)));
                }
                case Blocked -> {
                    blocked++;
                    attention.add(
                            new AccountAttention(
                                    id,
                                    PolicyReasons.BLOCKED,
                                    orDefault(said, "a root task is denied")));
                }
                case Failed, Refused -> {
                    failed++;
                    attention.add(
                            new AccountAttention(
                                    id,
                                    phase == AccountPhase.Refused
                                            ? PolicyReasons.REFUSED
                                            : PolicyReasons.FAILED,
                                    orDefault(
                                            said, "see the MemberAccountRootState's conditions")));
                }
                default -> inProgress++;
            }
        }
        List<String> conflictTexts = new ArrayList<>();
        for (var tie : new java.util.TreeMap<>(e.ties()).entrySet()) {
            blocked++;
            String text =
                    "account "
                            + tie.getKey()
                            + " is also selected by "
                            + tie.getValue().othersText()
                            + " at the same priority with a different desired state";
            conflictTexts.add(text);
            attention.add(
                    new AccountAttention(
                            tie.getKey(),
                            PolicyReasons.CONFLICT,
                            "also selected by "
                                    + tie.getValue().othersText()
                                    + ": raise spec.priority on one of them"));
        }
        List<AccountAttention> excluded = new ArrayList<>(selection.excluded());
        e.yielded()
                .forEach(
                        (id, d) -> {
                            boolean overridden = d.outcome() == Conflicts.Outcome.YIELD;
                            excluded.add(
                                    new AccountAttention(
                                            id,
                                            overridden
                                                    ? PolicyReasons.OVERRIDDEN
                                                    : PolicyReasons.SHARED,
                                            (overridden
                                                            ? "overridden by higher-priority policy "
                                                            : "same desired state, acted on by policy ")
                                                    + d.othersText()));
                        });
        excluded.sort(Comparator.comparing(a -> a.accountId));
        attention.sort(Comparator.comparing(a -> a.accountId));

        int selected = e.owned().size() + e.ties().size();
        status.selected = selected;
        status.compliant = compliant;
        status.nonCompliant = nonCompliant;
        status.inProgress = inProgress;
        status.blocked = blocked;
        status.failed = failed;
        status.excluded = excluded.size();
        status.waiting = e.plan().waiting();
        status.paused = e.plan().paused() ? Boolean.TRUE : null;
        status.attention = attention.isEmpty() ? null : bounded(attention);
        status.attentionTruncated = attention.size() > listLimit ? Boolean.TRUE : null;
        status.excludedAccounts = excluded.isEmpty() ? null : bounded(excluded);

        if (conflictTexts.isEmpty()) {
            conditions.set(
                    list,
                    ConditionTypes.CONFLICT,
                    false,
                    PolicyReasons.NO_CONFLICT,
                    "no other policy claims these accounts with a different state at the same priority",
                    generation);
        } else {
            conditions.set(
                    list,
                    ConditionTypes.CONFLICT,
                    true,
                    PolicyReasons.CONFLICT,
                    String.join("; ", bounded(conflictTexts)),
                    generation);
        }

        String counts =
                selected
                        + " selected: "
                        + compliant
                        + " compliant, "
                        + nonCompliant
                        + " non-compliant, "
                        + inProgress
                        + " in progress, "
                        + blocked
                        + " blocked, "
                        + failed
                        + " failed, "
                        + excluded.size()
                        + " excluded"
                        + (onHold > 0 ? ", " + onHold + " on hold" : "")
                        + (e.plan().waiting() > 0
                                ? ", " + e.plan().waiting() + " waiting for rollout"
                                : "");
        if (e.desired() == null) {
            conditions.ready(
                    list,
                    PolicyReasons.SWITCHES_ONLY,
                    "organization switches converged (no spec.rootCredentials: no account is managed)",
                    generation);
        } else if (!selection.declared()) {
            conditions.stalled(
                    list,
                    PolicyReasons.NO_TARGETS,
                    "spec.targets selects nothing: set all: true, accountIds,"
                            + " organizationalUnits or tags (an empty selection never means every account)",
                    generation);
        } else if (!e.walk().complete()) {
            conditions.reconciling(
                    list,
                    PolicyReasons.READING_ORGANIZATION,
                    "reading the organization: "
                            + e.walk().accountsFound()
                            + " accounts found so far"
                            + (e.walk().exclusionsNotFound().isEmpty()
                                    ? ", worked on as they are found; "
                                    : "; nothing is started until spec.exclude's "
                                            + String.join(
                                                    ", ", bounded(e.walk().exclusionsNotFound()))
                                            + " are found; ")
                            + counts,
                    generation);
        } else if (!e.tagsPending().isEmpty()) {
            conditions.reconciling(
                    list,
                    PolicyReasons.READING_TAGS,
                    "reading account tags (a policy selects by tag): "
                            + e.tagsPending().size()
                            + " accounts left, they wait until then; "
                            + counts,
                    generation);
        } else if (selected == 0) {
            conditions.ready(
                    list,
                    PolicyReasons.NO_ACCOUNTS,
                    "the targets match no manageable member account"
                            + (selection.unknownTargets().isEmpty()
                                    ? ""
                                    : " (unknown: "
                                            + String.join(", ", bounded(selection.unknownTargets()))
                                            + ")"),
                    generation);
        } else if (compliant == selected) {
            conditions.ready(list, PolicyReasons.COMPLIANT, counts, generation);
        } else if (!dryRun && compliant + onHold == selected) {
            // a break-glass hold is a decision a person made, and it ends on its own at holdUntil:
            // the policy has
            // done all it may do, so it is settled (Ready) rather than stuck; status.attention
            // names the holds
            conditions.ready(list, PolicyReasons.COMPLIANT_WITH_HOLDS, counts, generation);
        } else if (dryRun && compliant + nonCompliant == selected) {
            // nonCompliant includes held accounts: audited, and nothing to plan while the hold
            // lasts
            conditions.ready(
                    list,
                    PolicyReasons.PLANNED,
                    "DryRun: every account audited and planned; " + counts,
                    generation);
        } else if (e.plan().paused()) {
            conditions.set(
                    list,
                    ConditionTypes.READY,
                    false,
                    PolicyReasons.PAUSED,
                    "rollout paused; " + counts,
                    generation);
            conditions.set(
                    list,
                    ConditionTypes.RECONCILING,
                    false,
                    PolicyReasons.PAUSED,
                    "rollout paused; " + counts,
                    generation);
            conditions.set(
                    list,
                    ConditionTypes.STALLED,
                    false,
                    PolicyReasons.PAUSED,
                    "rollout paused; " + counts,
                    generation);
        } else if (inProgress > 0 || e.plan().waiting() > 0) {
            conditions.reconciling(list, PolicyReasons.ROLLOUT, counts, generation);
        } else if (!conflictTexts.isEmpty()) {
            conditions.stalled(
                    list,
                    PolicyReasons.CONFLICT,
                    counts + ". " + String.join("; ", bounded(conflictTexts)),
                    generation);
        } else if (blocked > 0) {
            conditions.stalled(list, PolicyReasons.BLOCKED, counts, generation);
        } else if (failed > 0) {
            conditions.stalled(list, PolicyReasons.FAILED, counts, generation);
        } else {
            conditions.stalled(list, PolicyReasons.NON_COMPLIANT, counts, generation);
        }
    }

    private <T> List<T> bounded(List<T> items) {
        return items.size() <= listLimit ? items : List.copyOf(items.subList(0, listLimit));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
