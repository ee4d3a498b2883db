package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The status factory of MemberAccountRootState: one method per outcome of a pass, each writing the
 * phase, the Ready/Reconciling/Stalled trio and the domain conditions (Compliant, BlockedByPolicy,
 * OnHold), all with observedGeneration. Deterministic for a given clock, so an unchanged pass yields
 * an identical status and no patch.
 */
public final class AccountStatusRecorder {
    /** How many action records status keeps (newest first). */
    public static final int MAX_ACTIONS = 20;

    private final Conditions conditions;

    public AccountStatusRecorder(Clock clock) {
        this.conditions = new Conditions(clock);
    }

    public Instant now() {
        return conditions.now();
    }

    /** A resource seen for the first time: not audited yet, work starts now. */
    public void pending(MemberAccountRootStateStatus st, Long gen) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Pending;
        conditions.reconciling(st.conditions, "Auditing", "first audit under way", gen);
        compliance(st, ConditionTypes.UNKNOWN, "NotAudited", "not audited yet", gen);
    }

    public void invalidSpec(MemberAccountRootStateStatus st, Long gen, String problem) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Failed;
        st.attention = problem;
        st.plan = null;
        st.convergedSpecHash = null;
        conditions.stalled(st.conditions, "InvalidSpec", problem, gen);
        compliance(st, ConditionTypes.UNKNOWN, "InvalidSpec", "not audited: the spec is invalid", gen);
        domain(st, false, null, gen);
    }

    /** Management account, not ACTIVE, or not in the organization: no session is ever opened. */
    public void refused(MemberAccountRootStateStatus st, Long gen, String reason, String message) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Refused;
        st.attention = message;
        st.plan = null;
        st.convergedSpecHash = null;
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

    public void compliant(MemberAccountRootStateStatus st, Long gen, DesiredRootState desired, String hash) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Compliant;
        st.attention = null;
        st.plan = null;
        st.convergedSpecHash = hash;
        String message = switch (desired.state()) {
            case Audit -> "audited; Audit mode makes no changes";
            case RecoveryAllowed -> "a root login profile exists, so the root e-mail owner can reset the password";
            case Absent -> "no root credentials of the declared types (" + types(desired) + ") are present";
        };
        conditions.ready(st.conditions, desired.state() == io.rootaccess.operator.api.RootCredentialsState.Audit
                ? "Audited" : "Converged", message, gen);
        compliance(st, ConditionTypes.TRUE, desired.state() == io.rootaccess.operator.api.RootCredentialsState.Audit
                ? "AuditOnly" : "MatchesDesiredState", message, gen);
        domain(st, false, null, gen);
    }

    /**
     * DryRun or suspended: the plan is written and nothing is changed. DryRun is a finished job
     * (Ready=True, Compliant=False); a suspended account waits for its turn (Reconciling=True).
     */
    public void planned(MemberAccountRootStateStatus st, Long gen, DesiredRootState desired, RemediationPlan plan,
            String hash) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.NonCompliant;
        st.plan = new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        String calls = describe(plan.actions());
        if (desired.suspend()) {
            String message = "spec.suspend is true: no change is made; a pass would call " + calls;
            st.attention = null;
            conditions.reconciling(st.conditions, "Suspended", message, gen);
        } else {
            String message = "DryRun: no change is made; Enforce would call " + calls;
            st.attention = null;
            conditions.ready(st.conditions, "DryRun", message, gen);
        }
        compliance(st, ConditionTypes.FALSE, "CredentialsPresent", "would call " + calls, gen);
        domain(st, false, null, gen);
    }

    /** Everything else converged, but recently used access keys were kept: a person must decide. */
    public void keysProtected(MemberAccountRootStateStatus st, Long gen, DesiredRootState desired,
            RemediationPlan plan, String hash) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.NonCompliant;
        st.plan = null;
        st.convergedSpecHash = hash;
        String keys = plan.protectedKeys().stream()
                .map(k -> k.accessKeyId() + " (last used " + k.lastUsed() + ")")
                .collect(Collectors.joining(", "));
        String message = "root access key " + keys + " was used within protectKeysUsedWithin "
                + Durations.format(desired.protectKeysUsedWithin())
                + " and was kept: confirm it is unused, then delete it or shorten protectKeysUsedWithin";
        st.attention = message;
        conditions.stalled(st.conditions, "KeyRecentlyUsed", message, gen);
        compliance(st, ConditionTypes.FALSE, "KeyRecentlyUsed", message, gen);
        domain(st, false, null, gen);
    }

    /** A break-glass task holds the account: audits continue, remediation waits until holdUntil. */
    public void onHold(MemberAccountRootStateStatus st, Long gen, BreakGlassHold hold, RemediationPlan plan,
            String hash) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.OnHold;
        st.plan = plan.empty() ? null : new ArrayList<>(plan.actions());
        st.convergedSpecHash = hash;
        st.attention = null;
        String message = "held by PrivilegedRootTask " + hold.taskName() + " until " + hold.holdUntil()
                + ": audits continue, remediation resumes then"
                + (plan.empty() ? "" : " (it will call " + describe(plan.actions()) + ")");
        conditions.reconciling(st.conditions, "OnHold", message, gen);
        compliance(st, plan.converged() ? ConditionTypes.TRUE : ConditionTypes.FALSE,
                plan.converged() ? "MatchesDesiredState" : "OnHold", message, gen);
        domain(st, false, hold, gen);
    }

    /** AccessDenied inside a root session: name the action, the SCP and the fix. */
    public void blocked(MemberAccountRootStateStatus st, Long gen, PolicyDenial denial) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Blocked;
        st.convergedSpecHash = null;
        String message = denial.message();
        st.attention = message;
        String reason = denial.policyId() == null ? "AccessDenied" : "DeniedByServiceControlPolicy";
        conditions.stalled(st.conditions, "BlockedByPolicy", message, gen);
        conditions.set(st.conditions, ConditionTypes.BLOCKED_BY_POLICY, true, reason, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, "BlockedByPolicy", message, gen);
        conditions.set(st.conditions, ConditionTypes.ON_HOLD, false, "NoHold", "", gen);
        st.holdUntil = null;
        st.holdTask = null;
    }

    /** A permanent error other than a denial (feature not enabled, wrong caller...): needs a person. */
    public void failed(MemberAccountRootStateStatus st, Long gen, String reason, String message) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.Failed;
        st.convergedSpecHash = null;
        st.attention = message;
        conditions.stalled(st.conditions, reason, message, gen);
        compliance(st, ConditionTypes.UNKNOWN, reason, message, gen);
        domain(st, false, null, gen);
    }

    /** Throttling, 5xx, unreachable: stays Reconciling and is retried after the back-off. */
    public void retrying(MemberAccountRootStateStatus st, Long gen, AwsException e, Duration backoff) {
        st.observedGeneration = gen;
        // never audited stays Pending; otherwise the account is in flight (the policy's rollout counts it so)
        st.phase = st.phase == null || st.phase == AccountPhase.Pending ? AccountPhase.Pending : AccountPhase.InProgress;
        st.convergedSpecHash = null;
        String message = (e.action() == null ? "AWS call" : e.action()) + " failed (" + e.kind()
                + "); retrying in " + Durations.format(backoff);
        conditions.reconciling(st.conditions, "Retrying", message, gen);
        if (Conditions.find(st.conditions, ConditionTypes.COMPLIANT).isEmpty()) {
            compliance(st, ConditionTypes.UNKNOWN, "Retrying", message, gen);
        }
    }

    /** The verifying audit still sees declared credentials after acting: try again soon. */
    public void notConverged(MemberAccountRootStateStatus st, Long gen, RemediationPlan remaining) {
        st.observedGeneration = gen;
        st.phase = AccountPhase.InProgress;
        st.convergedSpecHash = null;
        st.plan = new ArrayList<>(remaining.actions());
        String message = "after remediation the audit still sees credentials; next pass calls "
                + describe(remaining.actions());
        conditions.reconciling(st.conditions, "Verifying", message, gen);
        compliance(st, ConditionTypes.FALSE, "CredentialsPresent", message, gen);
    }

    /** Adds an action record, newest first, keeping at most {@link #MAX_ACTIONS}. */
    public static void recordAction(MemberAccountRootStateStatus st, ActionRecord record) {
        List<ActionRecord> list = st.lastActions == null ? new ArrayList<>() : new ArrayList<>(st.lastActions);
        list.add(0, record);
        st.lastActions = list.size() > MAX_ACTIONS ? new ArrayList<>(list.subList(0, MAX_ACTIONS)) : list;
    }

    private void compliance(MemberAccountRootStateStatus st, String status, String reason, String message, Long gen) {
        conditions.set(st.conditions, ConditionTypes.COMPLIANT, status, reason, message, gen);
    }

    /** BlockedByPolicy=False and the hold fields, for every outcome that is not a denial. */
    private void domain(MemberAccountRootStateStatus st, boolean blocked, BreakGlassHold hold, Long gen) {
        conditions.set(st.conditions, ConditionTypes.BLOCKED_BY_POLICY, blocked, "NotBlocked", "", gen);
        if (hold == null) {
            conditions.set(st.conditions, ConditionTypes.ON_HOLD, false, "NoHold", "", gen);
            st.holdUntil = null;
            st.holdTask = null;
        } else {
            conditions.set(st.conditions, ConditionTypes.ON_HOLD, true, "BreakGlassTask",
                    "PrivilegedRootTask " + hold.taskName() + " allows password recovery until " + hold.holdUntil(), gen);
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
        return actions.stream().map(a -> a.action + " " + a.target).collect(Collectors.joining(", "));
    }
}
