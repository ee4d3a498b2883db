package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.account.AccountStateIndex;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.reconcile.RetryBackoff;
import io.rootaccess.operator.reconcile.StatusPasses;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs a PrivilegedRootTask once, like a Job: observe -> validate -> preconditions -> run ->
 * record.
 *
 * <p>The run is split so that nothing is lost when the operator stops at any point:
 *
 * <ol>
 *   <li>Pending: validate the spec, check the preconditions, open the task's root session and read
 *       the bucket/queue policy (read-only). The policy is stored in status (or a ConfigMap)
 *       together with phase Running and executedGeneration, and that status is persisted before
 *       anything changes.
 *   <li>Running: the one mutating call (delete the bucket policy, clear the queue policy, create
 *       the root login profile), then Succeeded. Each of those calls is idempotent, so a pass
 *       interrupted after the call repeats it safely and still reports the policy stored in step 1.
 * </ol>
 *
 * Succeeded and Failed are final: later passes (informer resyncs, an operator restart, spec edits)
 * make no AWS call; a spec edit is reported in the SpecChangeIgnored condition. Only a task that
 * never started (invalid spec, failed precondition) is checked again when its spec changes. A
 * missing organization feature is waited for (Pending, re-checked with back-off) for {@link
 * TaskSchedule#WAIT_FOR_PRECONDITIONS} after creation, so a task and the policy that enables the
 * feature can be applied together; every other failed precondition fails the task at once.
 *
 * <p>Retryable AWS errors (throttling, 5xx, unreachable, expired session) keep the phase and are
 * retried with back-off; AccessDenied ends in Failed naming the action and, when an SCP is the
 * cause, its id and the fix.
 */
public class PrivilegedRootTaskReconciler implements Reconciler<PrivilegedRootTask> {
    private static final Logger LOG = Logger.getLogger(PrivilegedRootTaskReconciler.class);

    /** First back-off after a failed pass; it doubles up to {@link RetryBackoff#MAX}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    static final Duration MAX_PRECONDITION_RECHECK = Duration.ofSeconds(30);

    /** Next pass right after the status that marks the task Running is persisted. */
    static final Duration NEXT_STEP = StatusPasses.FIRST_PASS;

    private final TaskPreconditions preconditions;
    private final RootSessions sessions;
    private final PrivilegedTasks tasks;
    private final RootCredentials credentials;
    private final AccountStateIndex accountStates;
    private final Clock clock;
    private final TaskStatusFactory status;
    private final TaskEvents events;
    private final TaskAwsErrors errors;

    /** Consecutive retryable failures per resource, for the back-off. */
    private final RetryBackoff backoff;

    private final CompareAndDelete compareAndDelete;

    /**
     * Wrong-organization guard: with another organization in view nothing beyond reading it is
     * called.
     */
    private final OrganizationGuard guard;

    /** Where the operator calls SQS: a task's queue URL elsewhere is refused as invalid. */
    private final QueueEndpoint sqs;

    @Inject
    public PrivilegedRootTaskReconciler(
            OrganizationCache organization,
            OrganizationFeatures features,
            RootSessions sessions,
            PrivilegedTasks tasks,
            RootCredentials credentials,
            DenialExplainer denials,
            AccountStateIndex accountStates,
            OrganizationGuard guard,
            OperatorConfig config) {
        this(
                organization,
                features,
                sessions,
                tasks,
                credentials,
                denials,
                accountStates,
                guard,
                QueueEndpoint.of(config.aws()),
                Clock.systemUTC());
    }

    /** Without the operator's settings (tests): queue URLs are not checked against an endpoint. */
    public PrivilegedRootTaskReconciler(
            OrganizationCache organization,
            OrganizationFeatures features,
            RootSessions sessions,
            PrivilegedTasks tasks,
            RootCredentials credentials,
            DenialExplainer denials,
            AccountStateIndex accountStates,
            OrganizationGuard guard) {
        this(
                organization,
                features,
                sessions,
                tasks,
                credentials,
                denials,
                accountStates,
                guard,
                QueueEndpoint.ANY,
                Clock.systemUTC());
    }

    PrivilegedRootTaskReconciler(
            OrganizationCache organization,
            OrganizationFeatures features,
            RootSessions sessions,
            PrivilegedTasks tasks,
            RootCredentials credentials,
            DenialExplainer denials,
            AccountStateIndex accountStates,
            OrganizationGuard guard,
            QueueEndpoint sqs,
            Clock clock) {
        this.preconditions = new TaskPreconditions(organization, features, guard);
        this.sqs = sqs;
        this.sessions = sessions;
        this.tasks = tasks;
        this.credentials = credentials;
        this.accountStates = accountStates;
        this.clock = clock;
        this.status = new TaskStatusFactory(clock);
        this.events = new TaskEvents(clock);
        this.backoff = new RetryBackoff(FIRST_BACKOFF, clock);
        this.errors = new TaskAwsErrors(denials, status, events, backoff);
        this.compareAndDelete = new CompareAndDelete(tasks, clock);
        this.guard = guard;
    }

    /**
     * One pass against the resource as stored; the client writes the policy ConfigMap and the
     * events.
     */
    @Override
    public UpdateControl<PrivilegedRootTask> reconcile(
            PrivilegedRootTask resource, Context<PrivilegedRootTask> context) {
        // the first pass publishes Ready=False / Pending before any AWS call
        return StatusPasses.run(
                resource,
                context,
                PrivilegedRootTaskStatus::new,
                status::pending,
                task -> pass(task, context.getClient()));
    }

    /** Returns when to come back (null: only on a change of the resource). */
    private Duration pass(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        if (guard.refuses(st.conditions, task.getMetadata().getGeneration())) {
            st.observedGeneration = task.getMetadata().getGeneration();
            return OrganizationGuard.RECHECK;
        }
        TaskPhase phase = st.phase == null ? TaskPhase.Pending : st.phase;
        try {
            return switch (phase) {
                case Pending -> start(task, client);
                case Running -> finish(task, client);
                case Succeeded, Failed -> finished(task, client);
            };
        } catch (AwsException e) {
            return errors.handle(task, client, e);
        }
    }

    /** Step 1: validate, check preconditions, read and store the policy. No mutating call. */
    private Duration start(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec(), sqs);
        if (!validation.valid()) {
            status.invalid(st, gen, validation.problem());
            events.failed(client, task);
            return null; // a spec edit brings it back
        }
        TaskRequest request = validation.request();
        Optional<TaskPreconditions.Refusal> refusal = preconditions.check(request);
        if (refusal.isPresent() && refusal.get().canWait()) {
            Instant deadline = TaskSchedule.waitDeadline(task, clock.instant());
            if (clock.instant().isBefore(deadline)) {
                Duration wait =
                        TaskSchedule.min(
                                backoff.failed(RetryBackoff.key(task)), MAX_PRECONDITION_RECHECK);
                status.waiting(st, gen, refusal.get().reason(), refusal.get().message(), deadline);
                return wait;
            }
        }
        if (refusal.isPresent()) {
            status.preconditionFailed(st, gen, refusal.get().reason(), refusal.get().message());
            events.failed(client, task);
            backoff.reset(RetryBackoff.key(task));
            return null;
        }
        if (!request.unlocksPolicy()) {
            Optional<String> elsewhere = accountStateElsewhere(task, request.accountId());
            if (elsewhere.isPresent()) {
                status.managedElsewhere(st, gen, request.accountId(), elsewhere.get());
                events.failed(client, task);
                return null;
            }
        }
        String sessionKey = null;
        if (request.unlocksPolicy()) {
            RootSession session = sessions.open(request.accountId(), request.taskPolicy());
            sessionKey = session.accessKeyId();
            Optional<String> policy =
                    request.type() == TaskType.UnlockS3BucketPolicy
                            ? tasks.bucketPolicy(session, request.target())
                            : tasks.queuePolicy(session, tasks.queueUrl(session, request.target()));
            RemovedPolicyStore.keep(client, task, policy, request.target(), clock);
        }
        status.running(st, gen, request, sessionKey);
        backoff.reset(RetryBackoff.key(task));
        LOG.infof(
                "task %s/%s: %s",
                task.getMetadata().getNamespace(), task.getMetadata().getName(), st.message);
        return NEXT_STEP;
    }

    /**
     * Step 2: the one mutating call, then Succeeded. Runs only for the generation step 1 stored.
     */
    private Duration finish(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec(), sqs);
        if (!Objects.equals(gen, st.executedGeneration) || !validation.valid()) {
            status.specChangedWhileRunning(st, gen);
            events.failed(client, task);
            return null;
        }
        TaskRequest request = validation.request();
        switch (request.type()) {
            case UnlockS3BucketPolicy -> {
                String key = st.sessionAccessKeyId;
                if (Boolean.TRUE.equals(st.policyWasPresent)) {
                    RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                    key = session.accessKeyId();
                    // compare-and-delete: read again in this session, delete only the document
                    // stored
                    var outcome =
                            compareAndDelete.run(
                                    session, request, RemovedPolicyStore.stored(client, task));
                    if (compareAndDelete.report(client, task, request, outcome, key)) {
                        backoff.reset(RetryBackoff.key(task));
                        return null;
                    }
                    events.bucketPolicyDeleted(client, task, request, key);
                }
                status.unlocked(st, request, key);
            }
            case UnlockSqsQueuePolicy -> {
                String key = st.sessionAccessKeyId;
                if (Boolean.TRUE.equals(st.policyWasPresent)) {
                    RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                    key = session.accessKeyId();
                    String url = tasks.queueUrl(session, request.target());
                    // compare-and-delete: read again in this session, delete only the document
                    // stored
                    var outcome =
                            compareAndDelete.run(
                                    session, request, RemovedPolicyStore.stored(client, task));
                    if (compareAndDelete.report(client, task, request, outcome, key)) {
                        backoff.reset(RetryBackoff.key(task));
                        return null;
                    }
                    events.queuePolicyCleared(client, task, request, url, key);
                }
                status.unlocked(st, request, key);
            }
            case AllowPasswordRecovery -> {
                RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                // read first in the same session: a restart after the create (before Succeeded was
                // recorded) must
                // not create it again
                boolean created =
                        !credentials.loginProfileExists(session)
                                && credentials.createLoginProfile(session);
                status.recoveryAllowed(st, request, created, session.accessKeyId());
                events.recoveryAllowed(client, task, request, created, session.accessKeyId());
            }
        }
        backoff.reset(RetryBackoff.key(task));
        LOG.infof(
                "task %s/%s succeeded: %s",
                task.getMetadata().getNamespace(), task.getMetadata().getName(), st.message);
        return TaskSchedule.untilHoldEnds(st, clock.instant());
    }

    /** Final phases: no AWS call, ever. Reports spec edits and the end of a hold. */
    private Duration finished(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        boolean specChanged = !Objects.equals(gen, st.observedGeneration);
        if (specChanged && st.phase == TaskPhase.Failed && st.executedGeneration == null) {
            status.restart(
                    st,
                    gen); // it never started (invalid spec or a failed precondition): the edit may
            // be the fix
            return start(task, client);
        }
        if (specChanged) {
            status.specChangeIgnored(st, gen);
        }
        if (st.phase == TaskPhase.Succeeded) {
            status.holdState(st, clock.instant());
            return TaskSchedule.untilHoldEnds(st, clock.instant());
        }
        return null;
    }

    /**
     * Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run.
     */
    @Override
    public ErrorStatusUpdateControl<PrivilegedRootTask> updateErrorStatus(
            PrivilegedRootTask resource, Context<PrivilegedRootTask> context, Exception e) {
        return StatusPasses.error(
                resource, context, e, PrivilegedRootTaskStatus::new, status::unexpected, backoff);
    }

    /**
     * "namespace/name" of a MemberAccountRootState for the account when there is one in another
     * namespace and none in the task's own (the account controller only honours holds from its own
     * namespace). Empty when the hold applies, or when no resource manages the account at all.
     */
    private Optional<String> accountStateElsewhere(PrivilegedRootTask task, String accountId) {
        String ns = task.getMetadata().getNamespace();
        List<MemberAccountRootState> states = accountStates.managing(accountId);
        if (states.isEmpty()
                || states.stream().anyMatch(m -> ns.equals(m.getMetadata().getNamespace()))) {
            return Optional.empty();
        }
        var m = states.get(0).getMetadata();
        return Optional.of(m.getNamespace() + "/" + m.getName());
    }
}
