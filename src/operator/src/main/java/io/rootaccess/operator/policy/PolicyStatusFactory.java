package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.AccountAttention;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides a RootAccessPolicy's status, once per pass: every outcome of a pass (the organization
 * guard's refusal, an invalid spec, an AWS failure, or a full pass with what the account summary,
 * unknown references, switch conflicts, the rollout and DryRun contribute) ends in exactly one
 * {@link Verdict} for Ready/Reconciling/Stalled, written once with the generation. Nothing else
 * writes the policy's conditions.
 *
 * <p>Messages contain counts and ids only, never times, so an unchanged organization yields an
 * identical status (and no write).
 *
 * <p>{@code status.childrenGeneration} is the fence the children read before every mutating call:
 * the generation whose intent the pass has written into every child (see {@link PolicyIntent}).
 */
public final class PolicyStatusFactory {

    private final Conditions conditions;
    private final int listLimit;

    public PolicyStatusFactory(Clock clock, int listLimit) {
        this.conditions = new Conditions(clock);
        this.listLimit = Math.max(1, listLimit);
    }

    /**
     * What a full pass contributes besides the organization facts.
     *
     * @param evaluation the accounts, without the news of children whose spec the pass just wrote
     * @param switchConflicts other policies that want another value of an organization switch
     * @param childrenWritten every child now carries this generation's intent (no write was refused
     *     as stale, and the pass did not wait for the organization walk)
     */
    public record Pass(
            Evaluation evaluation,
            Mode mode,
            List<String> switchConflicts,
            boolean childrenWritten) {}

    /** The Ready/Reconciling/Stalled outcome of one pass, decided once. */
    record Verdict(Kind kind, String reason, String message) {
        enum Kind {
            READY,
            RECONCILING,
            STALLED,
            /** Neither: a person paused the rollout (Argo CD shows it Suspended). */
            PAUSED
        }

        static Verdict ready(String reason, String message) {
            return new Verdict(Kind.READY, reason, message);
        }

        static Verdict reconciling(String reason, String message) {
            return new Verdict(Kind.RECONCILING, reason, message);
        }

        static Verdict stalled(String reason, String message) {
            return new Verdict(Kind.STALLED, reason, message);
        }

        boolean isReady() {
            return kind == Kind.READY;
        }
    }

    /** The organization guard stopped the pass before any other AWS call. */
    public void refused(
            RootAccessPolicyStatus status, Long generation, OrganizationGuard.Refusal refusal) {
        status.observedGeneration = generation;
        decided(status, generation, Verdict.stalled(refusal.reason(), refusal.message()));
    }

    /**
     * A spec the operator refuses: named before any AWS call; every child is held (suspended) and
     * none may act (the fence is withdrawn).
     *
     * @param held how many children the policy has, all of them now held
     */
    public void invalidSpec(
            RootAccessPolicyStatus status, Long generation, String problem, int held) {
        status.observedGeneration = generation;
        status.childrenGeneration = null;
        decided(
                status,
                generation,
                Verdict.stalled(
                        PolicyReasons.INVALID_SPEC,
                        held == 0
                                ? problem
                                : problem
                                        + ". The policy's "
                                        + held
                                        + " MemberAccountRootState(s) are held (suspended, audit"
                                        + " only) until the spec is fixed"));
    }

    public void organization(RootAccessPolicyStatus status, OrganizationSnapshot org) {
        if (org.organization() != null) {
            status.organizationId = org.organization().id();
            status.managementAccountId = org.organization().managementAccountId();
        }
        status.lastOrganizationRead = org.readAt() == null ? null : org.readAt().toString();
    }

    /**
     * The organization switches as last read (empty: not read yet), and the changes a policy that
     * declares them would make but does not (DryRun, or a switch conflict).
     */
    public void switches(
            RootAccessPolicyStatus status,
            Optional<OrganizationSwitches.Observed> observed,
            boolean declared) {
        status.plannedOrganizationChanges =
                !declared || observed.isEmpty() || observed.get().planned().isEmpty()
                        ? null
                        : observed.get().planned();
        if (observed.isEmpty()) {
            if (!declared) { // spec.organization absent: nothing about the switches is claimed
                status.trustedAccess = null;
                status.enabledFeatures = null;
                status.delegatedAdministrator = null;
            }
            return;
        }
        OrganizationSwitches.Observed o = observed.get();
        status.organizationId = o.organization().id();
        status.managementAccountId = o.organization().managementAccountId();
        status.trustedAccess = o.trustedAccess();
        status.enabledFeatures = o.enabledFeatureNames();
        status.delegatedAdministrator = o.delegatedAdministrator();
    }

    /**
     * Maps a classified AWS failure to conditions. @return true when it is worth retrying on its
     * own
     */
    public boolean error(RootAccessPolicyStatus status, Long generation, AwsException e) {
        status.observedGeneration = generation;
        String reason = ErrorReasons.of(e.kind());
        String action = e.action() == null ? "an AWS call" : e.action();
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        Verdict verdict =
                switch (e.kind()) {
                    case THROTTLED ->
                            Verdict.reconciling(
                                    reason,
                                    action + " was throttled by AWS; retrying with back-off");
                    case TRANSIENT, EXPIRED_SESSION ->
                            Verdict.reconciling(
                                    reason,
                                    action
                                            + " failed with a transient error"
                                            + detail
                                            + "; retrying with back-off");
                    case UNREACHABLE ->
                            Verdict.reconciling(
                                    reason,
                                    "cannot reach the AWS endpoint for "
                                            + action
                                            + detail
                                            + "; check rootaccess.aws.endpoint(s), DNS and network egress. Retrying with back-off");
                    case NOT_ALL_FEATURES ->
                            Verdict.stalled(
                                    reason,
                                    "the organization is not in All-features mode"
                                            + detail
                                            + ". Centralized root access needs it:"
                                            + " enable all features in AWS Organizations (organizations:EnableAllFeatures, and every"
                                            + " member account accepts the handshake); the operator then continues on its own");
                    case WRONG_CALLER ->
                            Verdict.stalled(
                                    reason,
                                    action
                                            + " must be called by the management account or the IAM delegated administrator"
                                            + detail
                                            + ". Run the operator with that identity (or set rootaccess.aws.role-arn)");
                    case ACCESS_DENIED ->
                            Verdict.stalled(
                                    reason,
                                    action
                                            + " was denied"
                                            + detail
                                            + ". Grant it to the operator's role (see the IAM policy in deploy/)");
                    case FEATURE_NOT_ENABLED ->
                            Verdict.stalled(
                                    reason,
                                    action
                                            + " needs an organization feature that is off"
                                            + detail
                                            + ". Enable trusted access for IAM and RootCredentialsManagement/RootSessions"
                                            + " (spec.organization)");
                    case NO_ORGANIZATION ->
                            Verdict.stalled(
                                    reason,
                                    "the operator's account is not in an AWS Organization"
                                            + detail);
                    default -> Verdict.stalled(reason, action + " was rejected" + detail);
                };
        decided(status, generation, verdict);
        return e.retryable();
    }

    /** An unexpected error (Kubernetes API while syncing children, a bug): the pass is retried. */
    public void unexpected(RootAccessPolicyStatus status, Long generation, Exception e) {
        decided(
                status,
                generation,
                Verdict.reconciling(ErrorReasons.UNEXPECTED, ErrorReasons.unexpected(e)));
    }

    /**
     * A full pass: the summary of the accounts, then one verdict from every contribution, in this
     * order of precedence: a switch conflict, an unknown exclusion, an unknown target (only over
     * Ready), the accounts; DryRun's planned switch changes only reword a Ready.
     */
    public void passed(RootAccessPolicyStatus status, Long generation, Pass pass) {
        Evaluation e = pass.evaluation();
        status.observedGeneration = generation;
        Accounts accounts = summary(status, e);
        boolean referencesKnown = e.desired() != null && e.walk().complete();
        List<String> unknownExclusions =
                referencesKnown ? References.unknownExclusions(e.selection()) : List.of();
        List<String> unknownTargets =
                referencesKnown ? References.unknownTargets(e.selection()) : List.of();
        // an unknown exclusion holds every child: none may act on this generation
        if (!unknownExclusions.isEmpty()) {
            status.childrenGeneration = null;
        } else if (pass.childrenWritten()) {
            status.childrenGeneration = generation;
        }

        Verdict verdict = accountsVerdict(e, accounts);
        if (!unknownExclusions.isEmpty()) {
            verdict =
                    Verdict.stalled(
                            PolicyReasons.UNKNOWN_EXCLUSION,
                            "spec.exclude names what the organization does not have: "
                                    + String.join(", ", unknownExclusions)
                                    + ". No account is changed (existing ones are held, audit only)"
                                    + " until spec.exclude is fixed: an exclusion that protects nothing"
                                    + " may be a typo of the account meant to be protected");
        } else if (!unknownTargets.isEmpty() && verdict.isReady()) {
            verdict =
                    Verdict.stalled(
                            PolicyReasons.UNKNOWN_TARGET,
                            "spec.targets names what the organization does not have: "
                                    + String.join(", ", unknownTargets)
                                    + "; the known targets are managed ("
                                    + verdict.message()
                                    + ")");
        }
        String switchConflict =
                pass.switchConflicts().isEmpty()
                        ? null
                        : "organization switches: "
                                + String.join("; ", pass.switchConflicts())
                                + ". Neither policy changes the switches until one of them no"
                                + " longer declares the field";
        if (switchConflict != null) {
            verdict = Verdict.stalled(PolicyReasons.CONFLICT, switchConflict);
        } else if (pass.mode() == Mode.DryRun
                && status.plannedOrganizationChanges != null
                && verdict.isReady()) {
            verdict =
                    Verdict.ready(
                            PolicyReasons.PLANNED,
                            "DryRun: organization switches planned, not changed ("
                                    + String.join(", ", status.plannedOrganizationChanges)
                                    + ")"
                                    + (e.desired() == null ? "" : "; " + verdict.message()));
        }
        conflict(
                status,
                generation,
                switchConflict != null
                        ? switchConflict
                        : accounts.conflicts().isEmpty()
                                ? null
                                : String.join("; ", bounded(accounts.conflicts())));
        decided(status, generation, verdict);
    }

    /** The trio, written once per pass (lastTransitionTime moves only when a status flips). */
    private void decided(RootAccessPolicyStatus status, Long generation, Verdict v) {
        var list = status.conditions;
        switch (v.kind()) {
            case READY -> conditions.ready(list, v.reason(), v.message(), generation);
            case RECONCILING -> conditions.reconciling(list, v.reason(), v.message(), generation);
            case STALLED -> conditions.stalled(list, v.reason(), v.message(), generation);
            case PAUSED -> {
                for (String type :
                        List.of(
                                ConditionTypes.READY,
                                ConditionTypes.RECONCILING,
                                ConditionTypes.STALLED)) {
                    conditions.set(list, type, false, v.reason(), v.message(), generation);
                }
            }
        }
    }

    private void conflict(RootAccessPolicyStatus status, Long generation, String text) {
        if (text == null) {
            conditions.set(
                    status.conditions,
                    ConditionTypes.CONFLICT,
                    false,
                    PolicyReasons.NO_CONFLICT,
                    "no other policy claims these accounts with a different state at the same priority",
                    generation);
        } else {
            conditions.set(
                    status.conditions,
                    ConditionTypes.CONFLICT,
                    true,
                    PolicyReasons.CONFLICT,
                    text,
                    generation);
        }
    }

    /** The accounts of a pass counted by phase, and the texts of the accounts in a tie. */
    record Accounts(
            int selected,
            int compliant,
            int nonCompliant,
            int inProgress,
            int blocked,
            int failed,
            int excluded,
            int protectedAccounts,
            int onHold,
            boolean dryRun,
            List<String> conflicts) {
        String counts(Rollout.Plan plan) {
            return selected
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
                    + excluded
                    + " excluded"
                    + (protectedAccounts > 0
                            ? " ("
                                    + protectedAccounts
                                    + " protected by the operator's "
                                    + ProtectedAccounts.PROPERTY
                                    + ")"
                            : "")
                    + (onHold > 0 ? ", " + onHold + " on hold" : "")
                    + (plan.waiting() > 0 ? ", " + plan.waiting() + " waiting for rollout" : "");
        }
    }

    /** Writes the counters and the lists of accounts of a pass. */
    private Accounts summary(RootAccessPolicyStatus status, Evaluation e) {
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
        for (var tie : new TreeMap<>(e.ties()).entrySet()) {
            blocked++;
            conflictTexts.add(
                    "account "
                            + tie.getKey()
                            + " is also selected by "
                            + tie.getValue().othersText()
                            + " at the same priority with a different desired state");
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
        int protectedAccounts =
                (int)
                        selection.excluded().stream()
                                .filter(a -> PolicyReasons.PROTECTED_ACCOUNT.equals(a.reason))
                                .count();
        status.protectedAccounts = protectedAccounts > 0 ? protectedAccounts : null;
        status.waiting = e.plan().waiting();
        status.paused = e.plan().paused() ? Boolean.TRUE : null;
        status.attention = attention.isEmpty() ? null : bounded(attention);
        status.attentionTruncated = attention.size() > listLimit ? Boolean.TRUE : null;
        status.excludedAccounts = excluded.isEmpty() ? null : bounded(excluded);
        return new Accounts(
                selected,
                compliant,
                nonCompliant,
                inProgress,
                blocked,
                failed,
                excluded.size(),
                protectedAccounts,
                onHold,
                dryRun,
                List.copyOf(conflictTexts));
    }

    /** What the accounts alone say about the policy. */
    private Verdict accountsVerdict(Evaluation e, Accounts a) {
        Targeting.Selection selection = e.selection();
        String counts = a.counts(e.plan());
        if (e.desired() == null) {
            return Verdict.ready(
                    PolicyReasons.SWITCHES_ONLY,
                    "organization switches converged (no spec.rootCredentials: no account is managed)");
        }
        if (!selection.declared()) {
            return Verdict.stalled(
                    PolicyReasons.NO_TARGETS,
                    "spec.targets selects nothing: set all: true, accountIds,"
                            + " organizationalUnits or tags (an empty selection never means every account)");
        }
        if (!e.walk().complete()) {
            return Verdict.reconciling(
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
                            + counts);
        }
        if (!e.tagsPending().isEmpty()) {
            return Verdict.reconciling(
                    PolicyReasons.READING_TAGS,
                    "reading account tags (a policy selects by tag): "
                            + e.tagsPending().size()
                            + " accounts left, they wait until then; "
                            + counts);
        }
        if (a.selected() == 0) {
            return Verdict.ready(
                    PolicyReasons.NO_ACCOUNTS,
                    "the targets match no manageable member account"
                            + (selection.unknownTargets().isEmpty()
                                    ? ""
                                    : " (unknown: "
                                            + String.join(", ", bounded(selection.unknownTargets()))
                                            + ")"));
        }
        if (a.compliant() == a.selected()) {
            return Verdict.ready(PolicyReasons.COMPLIANT, counts);
        }
        if (!a.dryRun() && a.compliant() + a.onHold() == a.selected()) {
            // a break-glass hold is a decision a person made, and it ends on its own at
            // holdUntil: the policy has done all it may do, so it is settled (Ready) rather than
            // stuck; status.attention names the holds
            return Verdict.ready(PolicyReasons.COMPLIANT_WITH_HOLDS, counts);
        }
        if (a.dryRun() && a.compliant() + a.nonCompliant() == a.selected()) {
            // nonCompliant includes held accounts: audited, and nothing to plan while the hold
            // lasts
            return Verdict.ready(
                    PolicyReasons.PLANNED, "DryRun: every account audited and planned; " + counts);
        }
        if (e.plan().paused()) {
            return new Verdict(
                    Verdict.Kind.PAUSED, PolicyReasons.PAUSED, "rollout paused; " + counts);
        }
        if (a.inProgress() > 0 || e.plan().waiting() > 0) {
            return Verdict.reconciling(PolicyReasons.ROLLOUT, counts);
        }
        if (!a.conflicts().isEmpty()) {
            return Verdict.stalled(
                    PolicyReasons.CONFLICT,
                    counts + ". " + String.join("; ", bounded(a.conflicts())));
        }
        if (a.blocked() > 0) {
            return Verdict.stalled(PolicyReasons.BLOCKED, counts);
        }
        if (a.failed() > 0) {
            return Verdict.stalled(PolicyReasons.FAILED, counts);
        }
        return Verdict.stalled(PolicyReasons.NON_COMPLIANT, counts);
    }

    private <T> List<T> bounded(List<T> items) {
        return items.size() <= listLimit ? items : List.copyOf(items.subList(0, listLimit));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
