package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The status factory of MemberAccountRootState: one method per outcome of a pass, each writing the
 * phase, the Ready/Reconciling/Stalled trio and the domain conditions (Compliant, BlockedByPolicy,
 * OnHold), all with observedGeneration. Deterministic for a given clock, so an unchanged pass
 * yields an identical status and no patch.
 *
 * <p>Each outcome builds its status afresh ({@link #outcome}): only the facts that outlive a pass
 * carry over (the last audit, the account's AWS state, the action history, and the conditions for
 * their transition times), plus what the outcome names in its {@link Keep} list; every other field
 * is empty unless the outcome sets it, so no field of an earlier outcome is left behind. The
 * amendments ({@link #audited}, {@link #remediating}, {@link #holdProlonged}...) add to the status
 * of the pass in progress.
 */
public final class AccountStatusFactory {
    /** How many action records status keeps (newest first). */
    public static final int MAX_ACTIONS = 20;

    /** What an outcome keeps of the status before it, beyond what every outcome carries over. */
    enum Keep {
        /** status.plan: the calls a pass would make, as last planned. */
        PLAN,
        /** holdUntil and holdTask (the OnHold condition is a condition, carried anyway). */
        HOLD,
        /** scheduledAt: a notice still running. */
        SCHEDULE,
        /** attention: what a person was last asked to do. */
        ATTENTION,
        /** convergedSpecHash. */
        CONVERGED_HASH
    }

    private final Conditions conditions;

    public AccountStatusFactory(Clock clock) {
        this.conditions = new Conditions(clock);
    }

    /**
     * For domain checks beside the reconciler that write their own condition (guard, duplicates).
     */
    public Conditions conditions() {
        return conditions;
    }

    public Instant now() {
        return conditions.now();
    }

    /** A resource seen for the first time: not audited yet, work starts now. */
    public void pending(MemberAccountRootStateStatus st, Long gen) {
        outcome(st, gen, AccountPhase.Pending);
        conditions.reconciling(
                st.conditions, AccountReasons.AUDITING, "first audit under way", gen);
        compliance(st, ConditionTypes.UNKNOWN, AccountReasons.NOT_AUDITED, "not audited yet", gen);
    }

    public void invalidSpec(MemberAccountRootStateStatus st, Long gen, String problem) {
        outcome(st, gen, AccountPhase.Failed);
        st.attention = problem;
        conditions.stalled(st.conditions, AccountReasons.INVALID_SPEC, problem, gen);
        compliance(
                st,
                ConditionTypes.UNKNOWN,
                AccountReasons.INVALID_SPEC,
                "not audited: the spec is invalid",
                gen);
        domain(st, false, null, gen);
    }

    /** Management account, not ACTIVE, or not in the organization: no session is ever opened. */
    public void refused(MemberAccountRootStateStatus st, Long gen, String reason, String message) {
        outcome(st, gen, AccountPhase.Refused);
        st.attention = message;
        st.nextAuditTime = null;
        conditions.stalled(st.conditions, reason, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, reason, "not audited: " + message, gen);
        domain(st, false, null, gen);
    }

    public void audited(MemberAccountRootStateStatus st, ObservedRoot observed, Duration interval) {
        Instant now = now();
        st.credentials = observed.toStatus();
        st.lastAuditTime = now.toString();
        st.nextAuditTime = now.plus(interval).toString();
    }

    /** The next audit {@code interval} after the last one (a compliant account's own cadence). */
    public void nextAuditAfter(MemberAccountRootStateStatus st, Duration interval) {
        st.nextAuditTime = Instant.parse(st.lastAuditTime).plus(interval).toString();
    }

    public void compliant(
            MemberAccountRootStateStatus st, Long gen, DesiredRootState desired, String hash) {
        outcome(st, gen, AccountPhase.Compliant);
        st.convergedSpecHash = hash;
        String message =
                switch (desired.state()) {
                    case Audit -> "audited; Audit mode makes no changes";
                    case RecoveryAllowed ->
                            "a root login profile exists, so the root e-mail owner can reset the password";
                    case Absent ->
                            "no root credentials of the declared types ("
                                    + types(desired)
                                    + ") are present";
                };
        conditions.ready(
                st.conditions,
                desired.state() == io.rootaccess.operator.api.RootCredentialsState.Audit
                        ? AccountReasons.AUDITED
                        : AccountReasons.CONVERGED,
                message,
                gen);
        compliance(
                st,
                ConditionTypes.TRUE,
                desired.state() == io.rootaccess.operator.api.RootCredentialsState.Audit
                        ? AccountReasons.AUDIT_ONLY
                        : AccountReasons.MATCHES_DESIRED_STATE,
                message,
                gen);
        domain(st, false, null, gen);
    }

    /**
     * DryRun or suspended: the plan is written and nothing is changed. DryRun is a finished job
     * (Ready=True, Compliant=False); a suspended account waits for its turn (Reconciling=True).
     */
    public void planned(
            MemberAccountRootStateStatus st,
            Long gen,
            DesiredRootState desired,
            RemediationPlan plan,
            String hash) {
        outcome(st, gen, AccountPhase.NonCompliant);
        st.plan = new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        String calls = describe(plan.actions());
        if (desired.suspend()) {
            String message = "spec.suspend is true: no change is made; a pass would call " + calls;
            conditions.reconciling(st.conditions, AccountReasons.SUSPENDED, message, gen);
        } else {
            String message = "DryRun: no change is made; Enforce would call " + calls;
            conditions.ready(st.conditions, AccountReasons.DRY_RUN, message, gen);
        }
        compliance(
                st,
                ConditionTypes.FALSE,
                AccountReasons.CREDENTIALS_PRESENT,
                "would call " + calls,
                gen);
        domain(st, false, null, gen);
    }

    /**
     * Owners warned first: credentials differ, and the first change waits until scheduledAt. The
     * next audit is due at scheduledAt at the latest, so the pass that acts re-reads the account.
     */
    public void scheduled(
            MemberAccountRootStateStatus st,
            Long gen,
            RemediationPlan plan,
            Instant scheduledAt,
            String hash) {
        outcome(st, gen, AccountPhase.Scheduled);
        st.plan = new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        st.scheduledAt = scheduledAt.toString();
        if (st.nextAuditTime != null && Instant.parse(st.nextAuditTime).isAfter(scheduledAt)) {
            st.nextAuditTime = scheduledAt.toString();
        }
        String calls = describe(plan.actions());
        String message =
                "owners notified: no change before "
                        + scheduledAt
                        + "; then the operator will call "
                        + calls
                        + " (to cancel: "
                        + RemovalNotice.HOW_TO_CANCEL
                        + ")";
        st.attention = message;
        conditions.reconciling(st.conditions, AccountReasons.REMOVAL_SCHEDULED, message, gen);
        compliance(
                st,
                ConditionTypes.FALSE,
                AccountReasons.CREDENTIALS_PRESENT,
                "would call " + calls,
                gen);
        domain(st, false, null, gen);
    }

    /** A person cancelled removal: audits continue, nothing is changed. */
    public void removalCancelled(
            MemberAccountRootStateStatus st,
            Long gen,
            RemediationPlan plan,
            String hash,
            io.rootaccess.operator.notice.RemovalCancel cancel) {
        outcome(st, gen, AccountPhase.NonCompliant);
        st.plan = new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        String calls = describe(plan.actions());
        String message =
                "removal cancelled by "
                        + cancel.source()
                        + ": no change is made (Enforce would call "
                        + calls
                        + "); lifting the cancel starts a new notice"
                        + (cancel.problem() == null ? "" : " (" + cancel.problem() + ")");
        st.attention = message;
        conditions.ready(st.conditions, AccountReasons.REMOVAL_CANCELLED, message, gen);
        compliance(
                st,
                ConditionTypes.FALSE,
                AccountReasons.CREDENTIALS_PRESENT,
                "would call " + calls,
                gen);
        domain(st, false, null, gen);
    }

    /** Everything else converged, but recently used access keys were kept: a person must decide. */
    public void keysProtected(
            MemberAccountRootStateStatus st,
            Long gen,
            DesiredRootState desired,
            RemediationPlan plan,
            String hash) {
        outcome(st, gen, AccountPhase.NonCompliant);
        st.convergedSpecHash = hash;
        String keys =
                plan.protectedKeys().stream()
                        .map(k -> k.accessKeyId() + " (last used " + k.lastUsed() + ")")
                        .collect(Collectors.joining(", "));
        String message =
                "root access key "
                        + keys
                        + " was used within protectKeysUsedWithin "
                        + Durations.format(desired.protectKeysUsedWithin())
                        + " and was kept: confirm it is unused, then delete it or shorten protectKeysUsedWithin";
        st.attention = message;
        conditions.stalled(st.conditions, AccountReasons.KEY_RECENTLY_USED, message, gen);
        compliance(st, ConditionTypes.FALSE, AccountReasons.KEY_RECENTLY_USED, message, gen);
        domain(st, false, null, gen);
    }

    /** A break-glass task holds the account: audits continue, remediation waits until holdUntil. */
    public void onHold(
            MemberAccountRootStateStatus st,
            Long gen,
            BreakGlassHold hold,
            RemediationPlan plan,
            String hash) {
        outcome(st, gen, AccountPhase.OnHold);
        st.plan = plan.empty() ? null : new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        String message =
                "held by PrivilegedRootTask "
                        + hold.taskName()
                        + " until "
                        + hold.holdUntil()
                        + ": audits continue, remediation resumes then"
                        + (plan.empty() ? "" : " (it will call " + describe(plan.actions()) + ")");
        conditions.reconciling(st.conditions, AccountReasons.ON_HOLD, message, gen);
        compliance(
                st,
                plan.converged() ? ConditionTypes.TRUE : ConditionTypes.FALSE,
                plan.converged() ? AccountReasons.MATCHES_DESIRED_STATE : AccountReasons.ON_HOLD,
                message,
                gen);
        domain(st, false, hold, gen);
    }

    /**
     * After {@link #onHold}: one hold after another has kept the account from remediation since
     * {@code since}, longer than {@code limit}. OnHold keeps True with reason HoldProlonged.
     */
    public void holdProlonged(
            MemberAccountRootStateStatus st, Long gen, Instant since, Duration limit) {
        String message =
                "held by one AllowPasswordRecovery task after another since "
                        + since
                        + ", longer than "
                        + Durations.format(limit)
                        + ": remediation has not run since; end the recovery (delete the tasks) or"
                        + " exclude the account if it is meant to keep a password";
        st.attention = message;
        conditions.set(
                st.conditions,
                ConditionTypes.ON_HOLD,
                true,
                AccountReasons.HOLD_PROLONGED,
                message,
                gen);
    }

    /** AccessDenied inside a root session: name the action, the SCP and the fix. */
    public void blocked(MemberAccountRootStateStatus st, Long gen, PolicyDenial denial) {
        blocked(st, gen, List.of(denial));
    }

    /**
     * Every call AWS denied in one pass (see {@link DeniedCalls}): each action, grouped by the SCP
     * and statement that denies it with its fix, and the details left unknown.
     * DeniedByServiceControlPolicy when an SCP explains any of them.
     */
    public void blocked(MemberAccountRootStateStatus st, Long gen, List<PolicyDenial> denials) {
        blocked(st, gen, denials, List.of());
    }

    /** As above, followed by what else stays undone and why ({@code notes}, one sentence each). */
    public void blocked(
            MemberAccountRootStateStatus st,
            Long gen,
            List<PolicyDenial> denials,
            List<String> notes) {
        outcome(st, gen, AccountPhase.Blocked, Keep.PLAN);
        String message =
                blockedMessage(st, denials)
                        + notes.stream().map(n -> " " + n).collect(Collectors.joining());
        st.attention = message;
        String reason =
                denials.stream().allMatch(d -> d.policyId() == null)
                        ? AccountReasons.ACCESS_DENIED
                        : AccountReasons.DENIED_BY_SCP;
        conditions.stalled(st.conditions, AccountReasons.BLOCKED_BY_POLICY, message, gen);
        conditions.set(st.conditions, ConditionTypes.BLOCKED_BY_POLICY, true, reason, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, AccountReasons.BLOCKED_BY_POLICY, message, gen);
        conditions.set(
                st.conditions, ConditionTypes.ON_HOLD, false, AccountReasons.NO_HOLD, "", gen);
    }

    /** One sentence per SCP statement (or per unexplained denial), then what stays unknown. */
    static String blockedMessage(MemberAccountRootStateStatus st, List<PolicyDenial> denials) {
        if (denials.size() == 1) {
            return denials.get(0).message() + unknownDetails(st);
        }
        Map<List<String>, List<PolicyDenial>> bySource = new LinkedHashMap<>();
        for (PolicyDenial d : denials) {
            bySource.computeIfAbsent(
                            java.util.Arrays.asList(d.policyId(), d.fix()), k -> new ArrayList<>())
                    .add(d);
        }
        StringBuilder out = new StringBuilder();
        out.append(denials.size()).append(" calls were denied: ");
        for (List<PolicyDenial> group : bySource.values()) {
            String actions = String.join(", ", group.stream().map(PolicyDenial::action).toList());
            if (out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
            }
            out.append(group.get(0).message(actions + (group.size() == 1 ? " was" : " were")));
        }
        return out + unknownDetails(st);
    }

    /** The counts an audit could not read (null in status.credentials), fail closed. */
    private static String unknownDetails(MemberAccountRootStateStatus st) {
        var c = st.credentials;
        if (c == null) {
            return "";
        }
        List<String> unknown = new ArrayList<>();
        if (c.passwordPresent == null) {
            unknown.add("the password");
        }
        if (c.accessKeysPresent == null) {
            unknown.add("access keys");
        } else if (c.accessKeys != null && c.accessKeys.stream().anyMatch(k -> k.status == null)) {
            unknown.add("the last use of access keys (kept, never deleted)");
        }
        if (c.signingCertificatesPresent == null) {
            unknown.add("signing certificates");
        }
        if (c.mfaDevicesPresent == null) {
            unknown.add("MFA devices");
        }
        return unknown.isEmpty()
                ? ""
                : " Unknown (not readable), left as they are: " + String.join(", ", unknown) + ".";
    }

    /**
     * A permanent error other than a denial (feature not enabled, wrong caller...): needs a person.
     */
    public void failed(MemberAccountRootStateStatus st, Long gen, String reason, String message) {
        outcome(st, gen, AccountPhase.Failed, Keep.PLAN);
        st.attention = message;
        conditions.stalled(st.conditions, reason, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, reason, message, gen);
        domain(st, false, null, gen);
    }

    /** Throttling, 5xx, unreachable: stays Reconciling and is retried after the back-off. */
    public void retrying(
            MemberAccountRootStateStatus st, Long gen, AwsException e, Duration backoff) {
        // never audited stays Pending; otherwise the account is in flight (the policy's rollout
        // counts it so); a passing failure hides nothing that was known
        outcome(
                st,
                gen,
                st.phase == null || st.phase == AccountPhase.Pending
                        ? AccountPhase.Pending
                        : AccountPhase.InProgress,
                Keep.PLAN,
                Keep.HOLD,
                Keep.SCHEDULE,
                Keep.ATTENTION);
        String message =
                (e.action() == null ? "AWS call" : e.action())
                        + " failed ("
                        + e.kind()
                        + "); retrying in "
                        + Durations.format(backoff);
        conditions.reconciling(st.conditions, ErrorReasons.RETRYING, message, gen);
        if (Conditions.find(st.conditions, ConditionTypes.COMPLIANT).isEmpty()) {
            compliance(st, ConditionTypes.UNKNOWN, ErrorReasons.RETRYING, message, gen);
        }
    }

    /**
     * Background audits were deferred past twice the interval: the last result no longer counts, so
     * the account is Pending (not Compliant) and its next pass is foreground work.
     */
    public void auditOverdue(MemberAccountRootStateStatus st, Long gen, Duration interval) {
        // only a Compliant account: the routine re-audit is recognised by its converged hash
        outcome(st, gen, AccountPhase.Pending, Keep.CONVERGED_HASH);
        String message =
                "the last audit ("
                        + st.lastAuditTime
                        + ") is older than twice the audit interval "
                        + Durations.format(interval)
                        + ": audits were deferred under load; the account counts as not audited"
                        + " until the next audit, which no longer waits for spare AWS capacity";
        st.attention = message;
        conditions.reconciling(st.conditions, AccountReasons.AUDIT_OVERDUE, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, AccountReasons.AUDIT_OVERDUE, message, gen);
    }

    /** The verifying audit still sees declared credentials after acting: try again soon. */
    public void notConverged(MemberAccountRootStateStatus st, Long gen, RemediationPlan remaining) {
        outcome(st, gen, AccountPhase.InProgress);
        st.plan = new ArrayList<>(remaining.actions());
        String message =
                "after remediation the audit still sees credentials; next pass calls "
                        + describe(remaining.actions());
        conditions.reconciling(st.conditions, AccountReasons.VERIFYING, message, gen);
        compliance(st, ConditionTypes.FALSE, AccountReasons.CREDENTIALS_PRESENT, message, gen);
        domain(st, false, null, gen);
    }

    /**
     * The plan stopped before one of its calls (a hold began, the spec or the policy changed, a
     * password is present before an MFA deactivation): the calls before it were made; the next pass
     * starts again from a fresh audit.
     */
    public void stopped(MemberAccountRootStateStatus st, Long gen, Remediator.Stop stop) {
        outcome(st, gen, AccountPhase.InProgress, Keep.PLAN);
        String message =
                "stopped before "
                        + stop.action().action
                        + " "
                        + stop.action().target
                        + ": "
                        + stop.message();
        conditions.reconciling(st.conditions, stop.reason(), message, gen);
        compliance(st, ConditionTypes.FALSE, AccountReasons.CREDENTIALS_PRESENT, message, gen);
        domain(st, false, null, gen);
    }

    /** A protected account (rootaccess.protected-accounts): no AWS call, no root session. */
    public void protectedAccount(MemberAccountRootStateStatus st, Long gen, String accountId) {
        st.accountState = null;
        refused(
                st,
                gen,
                AccountReasons.PROTECTED_ACCOUNT,
                ProtectedAccounts.why(accountId)
                        + "; remove this resource, or the account from the protected list");
    }

    /** The management account: out of scope of centralized root access, never changed. */
    public void managementAccount(
            MemberAccountRootStateStatus st, Long gen, String accountId, AccountInfo account) {
        st.accountState = account == null ? null : account.state();
        refused(
                st,
                gen,
                AccountReasons.MANAGEMENT_ACCOUNT,
                "account "
                        + accountId
                        + " is the organization's management account: its root user is out of scope of centralized root"
                        + " access and the operator never changes it; remove this resource or exclude the account");
    }

    public void notInOrganization(
            MemberAccountRootStateStatus st, Long gen, String accountId, String organizationId) {
        st.accountState = null;
        refused(
                st,
                gen,
                AccountReasons.NOT_IN_ORGANIZATION,
                "account "
                        + accountId
                        + " is not a member of organization "
                        + organizationId
                        + ": nothing is audited or changed");
    }

    public void notActive(
            MemberAccountRootStateStatus st, Long gen, String accountId, AccountInfo account) {
        st.accountState = account.state();
        refused(
                st,
                gen,
                AccountReasons.ACCOUNT_NOT_ACTIVE,
                "account "
                        + accountId
                        + " is "
                        + account.state()
                        + ": only ACTIVE accounts are audited or changed; it is skipped");
    }

    /**
     * A member account the operator may act on: its state is shown, the outcome comes from the
     * pass.
     */
    public void eligible(MemberAccountRootStateStatus st, AccountInfo account) {
        st.accountState = account.state();
    }

    /** Remediation starts: the policy's rollout counts the account as in flight. */
    public void remediating(MemberAccountRootStateStatus st) {
        st.phase = AccountPhase.InProgress;
    }

    /**
     * sts:AssumeRoot denied because an organization switch is off: not an SCP, and often about to
     * change.
     */
    public void switchOff(
            MemberAccountRootStateStatus st, Long gen, String missingSwitch, Duration recheck) {
        failed(
                st,
                gen,
                AccountReasons.FEATURE_NOT_ENABLED,
                "sts:AssumeRoot was denied because "
                        + missingSwitch
                        + " is not enabled for the organization: enable it, for example with spec.organization of a"
                        + " RootAccessPolicy; checking again in "
                        + Durations.format(recheck));
    }

    /** AWS said centralized root access is off. */
    public void featureNotEnabled(MemberAccountRootStateStatus st, Long gen, AwsException e) {
        failed(
                st,
                gen,
                AccountReasons.FEATURE_NOT_ENABLED,
                "centralized root access is not enabled for the"
                        + " organization: enable RootCredentialsManagement (iam:EnableOrganizationsRootCredentialsManagement,"
                        + " after trusted access for IAM), for example with spec.organization of a RootAccessPolicy; "
                        + (e.action() == null ? "" : e.action() + ": ")
                        + e.getMessage());
    }

    /** Any other permanent AWS failure. */
    public void awsFailure(MemberAccountRootStateStatus st, Long gen, AwsException e) {
        failed(st, gen, ErrorReasons.of(e.kind()), ErrorReasons.failure(e));
    }

    /** An unexpected error (Kubernetes API, a bug): the next pass repeats everything. */
    public void unexpected(MemberAccountRootStateStatus st, Long gen, Exception e) {
        // nothing was learnt: everything known stays, only the hash goes (the next pass repeats)
        outcome(st, gen, st.phase, EnumSet.complementOf(EnumSet.of(Keep.CONVERGED_HASH)));
        conditions.reconciling(
                st.conditions, ErrorReasons.UNEXPECTED, ErrorReasons.unexpected(e), gen);
    }

    /** Adds an action record, newest first, keeping at most {@link #MAX_ACTIONS}. */
    public static void recordAction(MemberAccountRootStateStatus st, ActionRecord record) {
        List<ActionRecord> list =
                st.lastActions == null ? new ArrayList<>() : new ArrayList<>(st.lastActions);
        list.add(0, record);
        st.lastActions =
                list.size() > MAX_ACTIONS ? new ArrayList<>(list.subList(0, MAX_ACTIONS)) : list;
    }

    private static void outcome(
            MemberAccountRootStateStatus st, Long gen, AccountPhase phase, Keep... keep) {
        outcome(
                st,
                gen,
                phase,
                keep.length == 0 ? EnumSet.noneOf(Keep.class) : EnumSet.copyOf(List.of(keep)));
    }

    /**
     * Replaces {@code st} (in place: callers hold it) with a new status of {@code phase}: what
     * every outcome carries over, plus {@code keep}; the outcome then sets what it owns.
     */
    private static void outcome(
            MemberAccountRootStateStatus st, Long gen, AccountPhase phase, Set<Keep> keep) {
        MemberAccountRootStateStatus prev = copy(st);
        MemberAccountRootStateStatus next = new MemberAccountRootStateStatus();
        next.observedGeneration = gen;
        next.phase = phase;
        next.accountState = prev.accountState; // the account in the organization
        next.credentials = prev.credentials; // the last audit
        next.lastAuditTime = prev.lastAuditTime;
        next.nextAuditTime = prev.nextAuditTime;
        next.lastActions = prev.lastActions; // the history
        // the conditions keep their transition times; each outcome sets Ready/Reconciling/Stalled
        // and Compliant, and BlockedByPolicy and OnHold unless it keeps what was known (a retry,
        // an unexpected error, an overdue audit): AccountStatusFactoryTest checks every outcome
        next.conditions = new ArrayList<>(prev.conditions == null ? List.of() : prev.conditions);
        next.plan = keep.contains(Keep.PLAN) ? prev.plan : null;
        next.holdUntil = keep.contains(Keep.HOLD) ? prev.holdUntil : null;
        next.holdTask = keep.contains(Keep.HOLD) ? prev.holdTask : null;
        next.scheduledAt = keep.contains(Keep.SCHEDULE) ? prev.scheduledAt : null;
        next.attention = keep.contains(Keep.ATTENTION) ? prev.attention : null;
        next.convergedSpecHash = keep.contains(Keep.CONVERGED_HASH) ? prev.convergedSpecHash : null;
        replace(st, next);
    }

    private static MemberAccountRootStateStatus copy(MemberAccountRootStateStatus st) {
        MemberAccountRootStateStatus c = new MemberAccountRootStateStatus();
        replace(c, st);
        return c;
    }

    /** Every field of the status, so {@code to} becomes {@code from}. */
    private static void replace(
            MemberAccountRootStateStatus to, MemberAccountRootStateStatus from) {
        to.observedGeneration = from.observedGeneration;
        to.conditions = from.conditions;
        to.phase = from.phase;
        to.accountState = from.accountState;
        to.credentials = from.credentials;
        to.lastAuditTime = from.lastAuditTime;
        to.nextAuditTime = from.nextAuditTime;
        to.plan = from.plan;
        to.lastActions = from.lastActions;
        to.holdUntil = from.holdUntil;
        to.holdTask = from.holdTask;
        to.scheduledAt = from.scheduledAt;
        to.attention = from.attention;
        to.convergedSpecHash = from.convergedSpecHash;
    }

    private void compliance(
            MemberAccountRootStateStatus st,
            String status,
            String reason,
            String message,
            Long gen) {
        conditions.set(st.conditions, ConditionTypes.COMPLIANT, status, reason, message, gen);
    }

    /** BlockedByPolicy=False and the hold fields, for every outcome that is not a denial. */
    private void domain(
            MemberAccountRootStateStatus st, boolean blocked, BreakGlassHold hold, Long gen) {
        conditions.set(
                st.conditions,
                ConditionTypes.BLOCKED_BY_POLICY,
                blocked,
                AccountReasons.NOT_BLOCKED,
                "",
                gen);
        if (hold == null) {
            conditions.set(
                    st.conditions, ConditionTypes.ON_HOLD, false, AccountReasons.NO_HOLD, "", gen);
            st.holdUntil = null;
            st.holdTask = null;
        } else {
            conditions.set(
                    st.conditions,
                    ConditionTypes.ON_HOLD,
                    true,
                    AccountReasons.BREAK_GLASS_TASK,
                    "PrivilegedRootTask "
                            + hold.taskName()
                            + " allows password recovery until "
                            + hold.holdUntil(),
                    gen);
            st.holdUntil = hold.holdUntil().toString();
            st.holdTask = hold.taskName();
        }
    }

    private static String types(DesiredRootState desired) {
        return desired.credentialTypes().stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    static String describe(List<PlannedAction> actions) {
        if (actions.isEmpty()) {
            return "nothing";
        }
        return actions.stream()
                .map(a -> a.action + " " + a.target)
                .collect(Collectors.joining(", "));
    }
}
