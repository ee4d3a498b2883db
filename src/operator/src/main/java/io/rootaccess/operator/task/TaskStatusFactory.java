package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The status factory of PrivilegedRootTask: one method per outcome, each writing the phase, the
 * message and the Ready/Reconciling/Stalled trio (with observedGeneration), plus the domain
 * conditions BlockedByPolicy, OnHold and SpecChangeIgnored. Deterministic for a given clock.
 *
 * <p>Phases: Pending (validating, checking preconditions, reading the policy) -> Running (the
 * policy is stored; the one mutating call is next) -> Succeeded | Failed. Succeeded and Failed are
 * final.
 */
public final class TaskStatusFactory {
    /** True when the spec was edited after the task ran: the edit is reported, never executed. */
    public static final String SPEC_CHANGE_IGNORED = "SpecChangeIgnored";

    private final Conditions conditions;

    public TaskStatusFactory(Clock clock) {
        this.conditions = new Conditions(clock);
    }

    public Instant now() {
        return conditions.now();
    }

    public void pending(PrivilegedRootTaskStatus st, Long gen) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Pending;
        st.message = "checking the spec and the preconditions";
        conditions.reconciling(st.conditions, TaskReasons.PENDING, st.message, gen);
        conditions.set(
                st.conditions,
                ConditionTypes.BLOCKED_BY_POLICY,
                false,
                TaskReasons.NOT_BLOCKED,
                "",
                gen);
    }

    /** Nothing ran: a later spec edit (the fix) is validated again. */
    public void invalid(PrivilegedRootTaskStatus st, Long gen, String problem) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Failed;
        st.message = "invalid spec: " + problem;
        st.completionTime = now().toString();
        conditions.stalled(st.conditions, TaskReasons.INVALID_SPEC, st.message, gen);
    }

    /**
     * A precondition failed before any root session: nothing was changed. Final, like every Failed
     * task.
     */
    public void preconditionFailed(
            PrivilegedRootTaskStatus st, Long gen, String reason, String message) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Failed;
        st.message =
                message
                        + "; nothing was changed. After the fix, re-create the task (or correct its spec)";
        st.completionTime = now().toString();
        conditions.stalled(st.conditions, reason, st.message, gen);
    }

    /**
     * A precondition that may clear by itself (a feature being enabled): stay Pending until the
     * deadline.
     */
    public void waiting(
            PrivilegedRootTaskStatus st,
            Long gen,
            String reason,
            String message,
            Instant deadline) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Pending;
        st.message =
                message
                        + "; nothing was changed. Waiting for it until "
                        + deadline
                        + ", then the task fails";
        conditions.reconciling(st.conditions, reason, st.message, gen);
    }

    /**
     * The policy (if any) is read and stored, nothing changed yet: the generation that runs is
     * fixed here, and the mutating call comes in the next pass, after this status is persisted.
     */
    public void running(
            PrivilegedRootTaskStatus st, Long gen, TaskRequest request, String sessionAccessKeyId) {
        st.observedGeneration = gen;
        st.executedGeneration = gen;
        st.phase = TaskPhase.Running;
        st.startTime = now().toString();
        st.sessionAccessKeyId = sessionAccessKeyId;
        if (!request.unlocksPolicy()) {
            st.message = "creating the root login profile in account " + request.accountId();
        } else if (Boolean.TRUE.equals(st.policyWasPresent)) {
            st.message =
                    "the policy of "
                            + request.describeTarget()
                            + " is stored in status; "
                            + (request.type() == TaskType.UnlockS3BucketPolicy
                                    ? "deleting"
                                    : "clearing")
                            + " it";
        } else {
            st.message = request.describeTarget() + " has no policy: nothing to delete";
        }
        conditions.reconciling(st.conditions, TaskReasons.RUNNING, st.message, gen);
    }

    public void unlocked(
            PrivilegedRootTaskStatus st, TaskRequest request, String sessionAccessKeyId) {
        Long gen = st.executedGeneration;
        st.phase = TaskPhase.Succeeded;
        st.completionTime = now().toString();
        st.sessionAccessKeyId = sessionAccessKeyId;
        String verb = request.type() == TaskType.UnlockS3BucketPolicy ? "deleted" : "cleared";
        if (Boolean.TRUE.equals(st.policyWasPresent)) {
            String where =
                    st.removedPolicyConfigMap != null
                            ? "ConfigMap "
                                    + st.removedPolicyConfigMap
                                    + " (key "
                                    + RemovedPolicyStore.KEY
                                    + ")"
                            : "status.removedPolicy";
            st.message =
                    "the policy of "
                            + request.describeTarget()
                            + " in account "
                            + request.accountId()
                            + " was "
                            + verb
                            + "; the removed document is kept in "
                            + where
                            + ": restore a fixed version with a non-root principal";
        } else {
            st.message =
                    request.describeTarget()
                            + " in account "
                            + request.accountId()
                            + " had no policy: nothing was "
                            + verb;
        }
        conditions.ready(st.conditions, TaskReasons.SUCCEEDED, st.message, gen);
    }

    public void recoveryAllowed(
            PrivilegedRootTaskStatus st,
            TaskRequest request,
            boolean created,
            String sessionAccessKeyId) {
        Long gen = st.executedGeneration;
        Instant done = now();
        // the hold runs from the start (accepted, before CreateLoginProfile), capped by the setting
        Instant start = parseOr(st.startTime, done);
        Duration hold =
                request.holdDuration()
                                        .compareTo(
                                                io.rootaccess.operator.account.BreakGlassHold
                                                        .maxHold())
                                <= 0
                        ? request.holdDuration()
                        : io.rootaccess.operator.account.BreakGlassHold.maxHold();
        Instant until = start.plus(hold);
        st.phase = TaskPhase.Succeeded;
        st.completionTime = done.toString();
        st.holdUntil = until.toString();
        st.sessionAccessKeyId = sessionAccessKeyId;
        st.message =
                (created
                                ? "created the root login profile (no password)"
                                : "the root login profile already existed")
                        + " in account "
                        + request.accountId()
                        + ": the root e-mail owner can reset the password now."
                        + " The account's Absent policy is held until "
                        + until
                        + "; then the root credentials are removed again (delete this task to end the hold earlier)";
        conditions.ready(st.conditions, TaskReasons.SUCCEEDED, st.message, gen);
        holdState(st, now());
    }

    private static Instant parseOr(String s, Instant fallback) {
        try {
            return s == null ? fallback : Instant.parse(s);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /**
     * OnHold=True until holdUntil, then False: the account controller reads phase and holdUntil.
     */
    public void holdState(PrivilegedRootTaskStatus st, Instant now) {
        Instant until = holdUntil(st);
        if (until == null) {
            return;
        }
        if (now.isBefore(until)) {
            conditions.set(
                    st.conditions,
                    ConditionTypes.ON_HOLD,
                    true,
                    TaskReasons.HOLD_ACTIVE,
                    "the account's root credential policy is held until " + until,
                    st.executedGeneration);
        } else {
            conditions.set(
                    st.conditions,
                    ConditionTypes.ON_HOLD,
                    false,
                    TaskReasons.HOLD_ENDED,
                    "the hold ended at " + until + "; the account is back to its declared state",
                    st.executedGeneration);
        }
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

    /** AccessDenied: the denied action and, when an SCP is the cause, its id and the fix. */
    public void denied(PrivilegedRootTaskStatus st, Long gen, PolicyDenial denial) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Failed;
        st.completionTime = now().toString();
        st.message =
                denial.message()
                        + " Nothing was changed; a Failed task is final: after the fix, delete and re-create it";
        String reason =
                denial.policyId() == null ? TaskReasons.ACCESS_DENIED : TaskReasons.DENIED_BY_SCP;
        conditions.stalled(st.conditions, reason, st.message, gen);
        conditions.set(
                st.conditions,
                ConditionTypes.BLOCKED_BY_POLICY,
                true,
                reason,
                denial.message(),
                gen);
    }

    /** Any other permanent error (not found, wrong caller, feature switched off meanwhile...). */
    public void failed(PrivilegedRootTaskStatus st, Long gen, String reason, String message) {
        st.observedGeneration = gen;
        st.phase = TaskPhase.Failed;
        st.completionTime = now().toString();
        st.message = message;
        conditions.stalled(st.conditions, reason, message, gen);
    }

    /**
     * A recovery task for an account whose MemberAccountRootState lives elsewhere: its hold would
     * not apply.
     */
    public void managedElsewhere(
            PrivilegedRootTaskStatus st, Long gen, String accountId, String elsewhere) {
        preconditionFailed(
                st,
                gen,
                TaskReasons.ACCOUNT_MANAGED_IN_OTHER_NAMESPACE,
                "account "
                        + accountId
                        + " is managed by MemberAccountRootState "
                        + elsewhere
                        + ", and a hold only applies to tasks in the"
                        + " same namespace: without it the login profile would be removed again at the next audit. Create the"
                        + " task in namespace "
                        + elsewhere.substring(0, elsewhere.indexOf('/')));
    }

    /** The spec changed between storing the policy and the mutating call: nothing is changed. */
    public void specChangedWhileRunning(PrivilegedRootTaskStatus st, Long gen) {
        failed(
                st,
                gen,
                TaskReasons.SPEC_CHANGED_WHILE_RUNNING,
                "the spec changed (generation "
                        + gen
                        + ") while generation "
                        + st.executedGeneration
                        + " was starting: nothing was changed"
                        + (Boolean.TRUE.equals(st.policyWasPresent)
                                ? " (the policy read is kept in status)"
                                : "")
                        + "; create a new task");
    }

    /**
     * A task that never started (invalid spec, failed precondition) was edited: the edit may be the
     * fix.
     */
    public void restart(PrivilegedRootTaskStatus st, Long gen) {
        st.completionTime = null;
        Conditions.remove(st.conditions, SPEC_CHANGE_IGNORED);
        pending(st, gen);
    }

    /**
     * The bucket or queue does not exist: before the policy was read (a precondition) or after (it
     * vanished).
     */
    public void targetNotFound(
            PrivilegedRootTaskStatus st,
            Long gen,
            TaskType type,
            TaskRequest request,
            String accountId,
            AwsException e,
            boolean started) {
        String reason =
                switch (type) {
                    case UnlockS3BucketPolicy -> TaskReasons.BUCKET_NOT_FOUND;
                    case UnlockSqsQueuePolicy -> TaskReasons.QUEUE_NOT_FOUND;
                    default -> TaskReasons.NOT_FOUND;
                };
        String message =
                (request == null ? "the target" : request.describeTarget())
                        + " does not exist in account "
                        + accountId
                        + " ("
                        + e.getMessage()
                        + ")";
        if (started) {
            failed(st, gen, reason, message + "; it vanished after its policy was read");
        } else {
            preconditionFailed(st, gen, reason, message);
        }
    }

    /** AWS said centralized root access is off while the task ran. */
    public void featureNotEnabled(PrivilegedRootTaskStatus st, Long gen, AwsException e) {
        failed(
                st,
                gen,
                TaskReasons.FEATURE_NOT_ENABLED,
                "centralized root access is not enabled for the"
                        + " organization ("
                        + e.getMessage()
                        + "); nothing was changed");
    }

    /** Any other permanent AWS failure. */
    public void awsFailure(PrivilegedRootTaskStatus st, Long gen, AwsException e) {
        failed(st, gen, ErrorReasons.of(e.kind()), ErrorReasons.failure(e));
    }

    /** An unexpected error (Kubernetes API, a bug): the phase stays, the pass is retried. */
    public void unexpected(PrivilegedRootTaskStatus st, Long gen, Exception e) {
        conditions.reconciling(
                st.conditions, ErrorReasons.UNEXPECTED, ErrorReasons.unexpected(e), gen);
    }

    /**
     * The reason of the condition that says why the task failed (also the reason of its Warning
     * event).
     */
    public static String failureReason(PrivilegedRootTaskStatus st) {
        return Conditions.find(st.conditions, ConditionTypes.STALLED)
                .map(c -> c.getReason())
                .orElse(null);
    }

    /**
     * Throttling, 5xx, unreachable: the phase stays (Pending or Running), retried after the
     * back-off.
     */
    public void retrying(PrivilegedRootTaskStatus st, Long gen, AwsException e, Duration backoff) {
        st.observedGeneration = gen;
        String message =
                (e.action() == null ? "AWS call" : e.action())
                        + " failed ("
                        + e.kind()
                        + "); retrying in "
                        + backoff.toMillis() / 1000.0
                        + "s";
        conditions.reconciling(st.conditions, ErrorReasons.RETRYING, message, gen);
    }

    /** The spec changed after the task ran (or while it ran): report it, execute nothing. */
    public void specChangeIgnored(PrivilegedRootTaskStatus st, Long gen) {
        st.observedGeneration = gen;
        String message =
                "spec changed (generation "
                        + gen
                        + ") after generation "
                        + st.executedGeneration
                        + " ran: a task runs once and edits are not executed; create a new task instead";
        conditions.set(
                st.conditions,
                SPEC_CHANGE_IGNORED,
                true,
                TaskReasons.TASK_ALREADY_RAN,
                message,
                gen);
        // the outcome stands for the new generation too (kstatus and Argo CD compare
        // observedGeneration)
        st.conditions.stream()
                .filter(c -> !SPEC_CHANGE_IGNORED.equals(c.getType()))
                .forEach(c -> c.setObservedGeneration(gen));
    }
}
