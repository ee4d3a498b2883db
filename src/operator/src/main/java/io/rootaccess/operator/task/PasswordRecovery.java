package io.rootaccess.operator.task;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * AllowPasswordRecovery (break-glass): create the root login profile without a password, so the
 * root e-mail owner can reset the password, and hold the account's Absent policy for spec.duration.
 * The hold runs from the moment the task is accepted (Running, before CreateLoginProfile), so no
 * audit in between removes the new profile; the account controller computes it on its side from the
 * task's creation time and spec.
 */
final class PasswordRecovery implements TaskHandler {
    /** A break-glass hold longer than this is refused: recovery is an emergency, not a state. */
    static final Duration MAX_HOLD = BreakGlassHold.MAX_REQUESTED_HOLD;

    @Override
    public TaskType type() {
        return TaskType.AllowPasswordRecovery;
    }

    @Override
    public TaskRequest.Field field() {
        return TaskRequest.Field.DURATION;
    }

    @Override
    public TaskRequest.Validation validate(PrivilegedRootTaskSpec spec, QueueEndpoint sqs) {
        Duration d;
        try {
            d = Durations.parse(spec.duration);
        } catch (IllegalArgumentException e) {
            return TaskRequest.invalid("spec.duration: " + e.getMessage());
        }
        if (d.isZero()) {
            return TaskRequest.invalid("spec.duration must be longer than 0s");
        }
        if (d.compareTo(MAX_HOLD) > 0) {
            return TaskRequest.invalid(
                    "spec.duration "
                            + spec.duration
                            + " is longer than the maximum hold of "
                            + MAX_HOLD.toHours()
                            + "h: recover the password within a day, or create a new task afterwards");
        }
        return TaskRequest.ok(spec, this, null, d);
    }

    @Override
    public TaskPolicy taskPolicy() {
        return TaskPolicy.CREATE_PASSWORD;
    }

    @Override
    public OrgFeature requiredFeature() {
        return OrgFeature.RootCredentialsManagement;
    }

    @Override
    public String mutatingAction() {
        return "iam:CreateLoginProfile";
    }

    @Override
    public String describeTarget(String target) {
        return "the root user";
    }

    @Override
    public String notFoundReason() {
        return ErrorReasons.of(AwsErrorKind.NOT_FOUND);
    }

    /**
     * Refused when the account's MemberAccountRootState lives in another namespace (its hold would
     * not apply); else accepted: the hold starts now, before any AWS call.
     */
    @Override
    public PrivilegedRootTaskStatus prepare(TaskRun run) {
        String accountId = run.request().accountId();
        Optional<String> elsewhere = accountStateElsewhere(run, accountId);
        if (elsewhere.isPresent()) {
            String ns = elsewhere.get().substring(0, elsewhere.get().indexOf('/'));
            PrivilegedRootTaskStatus st =
                    run.with()
                            .status()
                            .preconditionFailed(
                                    run.status(),
                                    run.generation(),
                                    TaskReasons.ACCOUNT_MANAGED_IN_OTHER_NAMESPACE,
                                    "account "
                                            + accountId
                                            + " is managed by MemberAccountRootState "
                                            + elsewhere.get()
                                            + ", and a hold only applies to tasks in the same namespace:"
                                            + " without it the login profile would be removed again at"
                                            + " the next audit. Create the task in namespace "
                                            + ns);
            run.with().events().failed(run.client(), run.task(), st);
            return st;
        }
        return run.with()
                .status()
                .running(
                        run.status(),
                        run.generation(),
                        null,
                        null,
                        "creating the root login profile in account " + accountId);
    }

    /** Reads first in the same session: a repeated pass after the create does not create again. */
    @Override
    public PrivilegedRootTaskStatus execute(TaskRun run) {
        TaskRequest request = run.request();
        RootSession session = run.openSession();
        var credentials = run.with().credentials();
        boolean created =
                !credentials.loginProfileExists(session) && credentials.createLoginProfile(session);
        String key = session.accessKeyId();
        PrivilegedRootTaskStatus st = run.status();
        TaskStatusFactory status = run.with().status();
        // the hold runs from the start (accepted, before CreateLoginProfile), capped by the setting
        Duration hold =
                request.holdDuration().compareTo(run.with().maxHold()) <= 0
                        ? request.holdDuration()
                        : run.with().maxHold();
        Instant until = parseOr(st.startTime, status.now()).plus(hold);
        String did =
                (created
                                ? "created the root login profile (no password)"
                                : "the root login profile already existed")
                        + " in account "
                        + request.accountId();
        run.with()
                .events()
                .did(
                        run.client(),
                        run.task(),
                        created
                                ? TaskReasons.EVENT_LOGIN_PROFILE_CREATED
                                : TaskReasons.EVENT_LOGIN_PROFILE_EXISTED,
                        did + " (root session " + key + "); account held until " + until);
        return status.succeeded(
                st,
                run.generation(),
                key,
                until,
                did
                        + ": the root e-mail owner can reset the password now."
                        + " The account's Absent policy is held until "
                        + until
                        + "; then the root credentials are removed again (delete this task to end the hold earlier)");
    }

    /**
     * "namespace/name" of a MemberAccountRootState for the account when there is one in another
     * namespace and none in the task's own (the account controller only honours holds from its own
     * namespace). Empty when the hold applies, or when no resource manages the account at all.
     */
    private static Optional<String> accountStateElsewhere(TaskRun run, String accountId) {
        String ns = run.task().getMetadata().getNamespace();
        List<MemberAccountRootState> states = run.with().accountStates().managing(accountId);
        if (states.isEmpty()
                || states.stream().anyMatch(m -> ns.equals(m.getMetadata().getNamespace()))) {
            return Optional.empty();
        }
        var m = states.get(0).getMetadata();
        return Optional.of(m.getNamespace() + "/" + m.getName());
    }

    private static Instant parseOr(String s, Instant fallback) {
        try {
            return s == null ? fallback : Instant.parse(s);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
