package io.rootaccess.operator.task;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;

/**
 * The status factory of PrivilegedRootTask, and the only writer of its status: one method per
 * outcome, each building a new status from the previous one (never editing it) and returning it.
 *
 * <p>A status has two parts. The run record (executedGeneration, startTime, sessionAccessKeyId,
 * policyWasPresent, removedPolicy, removedPolicyConfigMap, holdUntil) says what ran; it is carried
 * into every later status unchanged, and only the outcomes that run something add to it. The
 * verdict (phase, message, completionTime and the Ready/Reconciling/Stalled trio, each condition
 * with observedGeneration) is set in full by every outcome, through {@link #verdict}. Domain
 * conditions: BlockedByPolicy, OnHold, SpecChangeIgnored. Texts about what a task type did come
 * from its {@link TaskHandler}; deterministic for a given clock.
 *
 * <p>Phases: Pending (validating, checking preconditions, reading the policy) -> Running (the
 * policy is stored; the one mutating call is next) -> Succeeded | Failed. Succeeded and Failed are
 * final.
 */
public final class TaskStatusFactory {
    /** True when the spec was edited after the task ran: the edit is reported, never executed. */
    public static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";

    private enum Trio {
        READY,
        RECONCILING,
        STALLED
    }

    private final Conditions conditions;

    public TaskStatusFactory(Clock clock) {
        this.conditions = new Conditions(clock);
    }

    public Instant now() {
        return conditions.now();
    }

    // ---------------------------------------------------------------- before anything ran

    /** The first status, and the one a never-started task returns to when its spec is edited. */
    public PrivilegedRootTaskStatus pending(PrivilegedRootTaskStatus prev, Long gen) {
        var st = next(prev, gen);
        Conditions.remove(st.conditions, SPEC_CHANGE_IGNORED);
        conditions.set(
                st.conditions,
                ConditionTypes.BLOCKED_BY_POLICY,
                false,
                TaskReasons.NOT_BLOCKED,
                "",
                gen);
        return verdict(
                st,
                TaskPhase.Pending,
                Trio.RECONCILING,
                TaskReasons.PENDING,
                "checking the spec and the preconditions");
    }

    /** Nothing ran: a later spec edit (the fix) is validated again. */
    public PrivilegedRootTaskStatus invalid(
            PrivilegedRootTaskStatus prev, Long gen, String problem) {
        return verdict(
                next(prev, gen),
                TaskPhase.Failed,
                Trio.STALLED,
                TaskReasons.INVALID_SPEC,
                "invalid spec: " + problem);
    }

    /**
     * A precondition failed before any root session: nothing was changed. Final, like every Failed
     * task.
     */
    public PrivilegedRootTaskStatus preconditionFailed(
            PrivilegedRootTaskStatus prev, Long gen, String reason, String message) {
        return verdict(
                next(prev, gen),
                TaskPhase.Failed,
                Trio.STALLED,
                reason,
                message
                        + "; nothing was changed. After the fix, re-create the task (or correct its spec)");
    }

    /**
     * A precondition that may clear by itself (a feature being enabled): stay Pending until the
     * deadline.
     */
    public PrivilegedRootTaskStatus waiting(
            PrivilegedRootTaskStatus prev,
            Long gen,
            String reason,
            String message,
            Instant deadline) {
        return verdict(
                next(prev, gen),
                TaskPhase.Pending,
                Trio.RECONCILING,
                reason,
                message
                        + "; nothing was changed. Waiting for it until "
                        + deadline
                        + ", then the task fails");
    }

    /** The wrong-organization guard refuses: nothing is called, the phase stays. */
    public PrivilegedRootTaskStatus guardRefused(
            PrivilegedRootTaskStatus prev, Long gen, String reason, String message) {
        return verdict(next(prev, gen), phaseOf(prev), Trio.STALLED, reason, message);
    }

    // ---------------------------------------------------------------- the run

    /**
     * Step 1 is done: what the mutating call depends on is read and kept, nothing changed yet. The
     * generation that runs is fixed here, and the mutating call comes in the next pass, after this
     * status is persisted.
     *
     * @param message the handler's words for what comes next
     */
    public PrivilegedRootTaskStatus running(
            PrivilegedRootTaskStatus prev,
            Long gen,
            String sessionAccessKeyId,
            RemovedPolicyStore.Copy copy,
            String message) {
        var st = next(prev, gen);
        st.executedGeneration = gen;
        st.startTime = now().toString();
        st.sessionAccessKeyId = sessionAccessKeyId;
        st.policyWasPresent = copy == null ? null : copy.policyWasPresent();
        st.removedPolicy = copy == null ? null : copy.inline();
        st.removedPolicyConfigMap = copy == null ? null : copy.configMap();
        return verdict(st, TaskPhase.Running, Trio.RECONCILING, TaskReasons.RUNNING, message);
    }

    /**
     * The task did what it asked (or found it already done).
     *
     * @param holdUntil the end of the account's hold (recovery), else null
     * @param message the handler's words for what was done
     */
    public PrivilegedRootTaskStatus succeeded(
            PrivilegedRootTaskStatus prev,
            Long gen,
            String sessionAccessKeyId,
            Instant holdUntil,
            String message) {
        var st = next(prev, gen);
        st.sessionAccessKeyId = sessionAccessKeyId;
        if (holdUntil != null) {
            st.holdUntil = holdUntil.toString();
            hold(st, now());
        }
        return verdict(st, TaskPhase.Succeeded, Trio.READY, TaskReasons.SUCCEEDED, message);
    }

    /** A final failure seen inside the task's root session (its access key id is recorded). */
    public PrivilegedRootTaskStatus failedInSession(
            PrivilegedRootTaskStatus prev,
            Long gen,
            String sessionAccessKeyId,
            String reason,
            String message) {
        var st = next(prev, gen);
        st.sessionAccessKeyId = sessionAccessKeyId;
        return verdict(st, TaskPhase.Failed, Trio.STALLED, reason, message);
    }

    /** Any other permanent failure (not found, wrong caller, the spec changed while running...). */
    public PrivilegedRootTaskStatus failed(
            PrivilegedRootTaskStatus prev, Long gen, String reason, String message) {
        return verdict(next(prev, gen), TaskPhase.Failed, Trio.STALLED, reason, message);
    }

    /** The spec changed between storing the policy and the mutating call: nothing is changed. */
    public PrivilegedRootTaskStatus specChangedWhileRunning(
            PrivilegedRootTaskStatus prev, Long gen) {
        return failed(
                prev,
                gen,
                TaskReasons.SPEC_CHANGED_WHILE_RUNNING,
                "the spec changed (generation "
                        + gen
                        + ") while generation "
                        + prev.executedGeneration
                        + " was starting: nothing was changed"
                        + (Boolean.TRUE.equals(prev.policyWasPresent)
                                ? " (the policy read is kept in status)"
                                : "")
                        + "; create a new task");
    }

    // ---------------------------------------------------------------- AWS failures

    /** AccessDenied: the denied action and, when an SCP is the cause, its id and the fix. */
    public PrivilegedRootTaskStatus denied(
            PrivilegedRootTaskStatus prev, Long gen, PolicyDenial denial) {
        String reason =
                denial.policyId() == null ? TaskReasons.ACCESS_DENIED : TaskReasons.DENIED_BY_SCP;
        var st = next(prev, gen);
        conditions.set(
                st.conditions,
                ConditionTypes.BLOCKED_BY_POLICY,
                true,
                reason,
                denial.message(),
                gen);
        return verdict(
                st,
                TaskPhase.Failed,
                Trio.STALLED,
                reason,
                denial.message()
                        + " Nothing was changed; a Failed task is final: after the fix, delete and re-create it");
    }

    /**
     * The bucket or queue does not exist: before the policy was read (a precondition) or after (it
     * vanished).
     */
    public PrivilegedRootTaskStatus targetNotFound(
            PrivilegedRootTaskStatus prev,
            Long gen,
            TaskRequest request,
            AwsException e,
            boolean started) {
        String message =
                request.describeTarget()
                        + " does not exist in account "
                        + request.accountId()
                        + " ("
                        + e.getMessage()
                        + ")";
        String reason = request.handler().notFoundReason();
        return started
                ? failed(prev, gen, reason, message + "; it vanished after its policy was read")
                : preconditionFailed(prev, gen, reason, message);
    }

    /** AWS said centralized root access is off while the task ran. */
    public PrivilegedRootTaskStatus featureNotEnabled(
            PrivilegedRootTaskStatus prev, Long gen, AwsException e) {
        return failed(
                prev,
                gen,
                TaskReasons.FEATURE_NOT_ENABLED,
                "centralized root access is not enabled for the organization ("
                        + e.getMessage()
                        + "); nothing was changed");
    }

    /** Any other permanent AWS failure. */
    public PrivilegedRootTaskStatus awsFailure(
            PrivilegedRootTaskStatus prev, Long gen, AwsException e) {
        return failed(prev, gen, ErrorReasons.of(e.kind()), ErrorReasons.failure(e));
    }

    /**
     * Throttling, 5xx, unreachable: the phase stays (Pending or Running), retried after the
     * back-off.
     */
    public PrivilegedRootTaskStatus retrying(
            PrivilegedRootTaskStatus prev, Long gen, AwsException e, Duration backoff) {
        String message =
                (e.action() == null ? "AWS call" : e.action())
                        + " failed ("
                        + e.kind()
                        + "); retrying in "
                        + backoff.toMillis() / 1000.0
                        + "s";
        return verdict(
                next(prev, gen), phaseOf(prev), Trio.RECONCILING, TaskReasons.RETRYING, message);
    }

    /** An unexpected error (Kubernetes API, a bug): the phase stays, the pass is retried. */
    public PrivilegedRootTaskStatus unexpected(
            PrivilegedRootTaskStatus prev, Long gen, Exception e) {
        return verdict(
                next(prev, gen),
                phaseOf(prev),
                Trio.RECONCILING,
                TaskReasons.UNEXPECTED,
                ErrorReasons.unexpected(e));
    }

    // ---------------------------------------------------------------- after the run

    /**
     * A finished task looked at again: a spec edit is reported (SpecChangeIgnored, never executed),
     * and a hold that ended says so (OnHold=False). The outcome itself stands.
     */
    public PrivilegedRootTaskStatus finished(PrivilegedRootTaskStatus prev, Long gen, Instant now) {
        var st = next(prev, gen);
        if (!Objects.equals(gen, prev.observedGeneration)) {
            conditions.set(
                    st.conditions,
                    SPEC_CHANGE_IGNORED,
                    true,
                    TaskReasons.TASK_ALREADY_RAN,
                    "spec changed (generation "
                            + gen
                            + ") after generation "
                            + st.executedGeneration
                            + " ran: a task runs once and edits are not executed; create a new task instead",
                    gen);
            // the outcome stands for the new generation too (kstatus and Argo CD compare
            // observedGeneration)
            st.conditions.forEach(c -> c.setObservedGeneration(gen));
        }
        if (st.phase == TaskPhase.Succeeded) {
            hold(st, now);
        }
        return st;
    }

    /**
     * status.holdUntil, or null when unset or not RFC 3339 (then no hold applies, as the account
     * controller reads it).
     */
    public static Instant holdUntil(PrivilegedRootTaskStatus st) {
        try {
            return st.holdUntil == null ? null : Instant.parse(st.holdUntil);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The reason of the condition that says why the task failed (also the reason of its Warning
     * event).
     */
    public static String failureReason(PrivilegedRootTaskStatus st) {
        return Conditions.find(st.conditions, ConditionTypes.STALLED)
                .map(Condition::getReason)
                .orElse(null);
    }

    // ---------------------------------------------------------------- building

    /**
     * A new status for generation {@code gen}: the run record and the conditions (copies, so their
     * transition times carry over) of the previous one. The caller sets the verdict.
     */
    private static PrivilegedRootTaskStatus next(PrivilegedRootTaskStatus prev, Long gen) {
        var st = new PrivilegedRootTaskStatus();
        st.observedGeneration = gen;
        st.phase = prev.phase;
        st.message = prev.message;
        st.completionTime = prev.completionTime;
        st.conditions = new ArrayList<>();
        if (prev.conditions != null) {
            prev.conditions.forEach(c -> st.conditions.add(new ConditionBuilder(c).build()));
        }
        st.executedGeneration = prev.executedGeneration;
        st.startTime = prev.startTime;
        st.sessionAccessKeyId = prev.sessionAccessKeyId;
        st.policyWasPresent = prev.policyWasPresent;
        st.removedPolicy = prev.removedPolicy;
        st.removedPolicyConfigMap = prev.removedPolicyConfigMap;
        st.holdUntil = prev.holdUntil;
        return st;
    }

    /**
     * The verdict, in full: phase, message, completionTime (set when a final phase is reached, kept
     * while it stays) and the Ready/Reconciling/Stalled trio.
     */
    private PrivilegedRootTaskStatus verdict(
            PrivilegedRootTaskStatus st,
            TaskPhase phase,
            Trio trio,
            String reason,
            String message) {
        boolean last = phase == TaskPhase.Succeeded || phase == TaskPhase.Failed;
        boolean stays = last && phase == st.phase && st.completionTime != null;
        st.completionTime = !last ? null : stays ? st.completionTime : now().toString();
        st.phase = phase;
        st.message = message;
        Long gen = st.observedGeneration;
        switch (trio) {
            case READY -> conditions.ready(st.conditions, reason, message, gen);
            case RECONCILING -> conditions.reconciling(st.conditions, reason, message, gen);
            case STALLED -> conditions.stalled(st.conditions, reason, message, gen);
        }
        return st;
    }

    /**
     * OnHold=True until holdUntil, then False: the account controller reads phase and holdUntil.
     */
    private void hold(PrivilegedRootTaskStatus st, Instant now) {
        Instant until = holdUntil(st);
        if (until == null) {
            return;
        }
        boolean held = now.isBefore(until);
        conditions.set(
                st.conditions,
                ConditionTypes.ON_HOLD,
                held,
                held ? TaskReasons.HOLD_ACTIVE : TaskReasons.HOLD_ENDED,
                held
                        ? "the account's root credential policy is held until " + until
                        : "the hold ended at "
                                + until
                                + "; the account is back to its declared state",
                st.executedGeneration);
    }

    private static TaskPhase phaseOf(PrivilegedRootTaskStatus st) {
        return st.phase == null ? TaskPhase.Pending : st.phase;
    }
}
