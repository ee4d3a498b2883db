package io.rootaccess.operator.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.KubernetesEvents;
import io.rootaccess.operator.status.StatusPatch;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs a PrivilegedRootTask once, like a Job: observe -> validate -> preconditions -> run -> record.
 *
 * <p>The run is split so that nothing is lost when the operator stops at any point:
 * <ol>
 * <li>Pending: validate the spec, check the preconditions, open the task's root session and read
 * the bucket/queue policy (read-only). The policy is stored in status (or a ConfigMap) together with
 * phase Running and executedGeneration, and that status is persisted before anything changes.</li>
 * <li>Running: the one mutating call (delete the bucket policy, clear the queue policy, create the
 * root login profile), then Succeeded. Each of those calls is idempotent, so a pass interrupted after
 * the call repeats it safely and still reports the policy stored in step 1.</li>
 * </ol>
 * Succeeded and Failed are final: later passes (informer resyncs, an operator restart, spec edits)
 * make no AWS call; a spec edit is reported in the SpecChangeIgnored condition. Only a task that
 * never started (invalid spec, failed precondition) is checked again when its spec changes. A missing
 * organization feature is waited for (Pending, re-checked with back-off) for
 * {@link #WAIT_FOR_PRECONDITIONS} after creation, so a task and the policy that enables the feature
 * can be applied together; every other failed precondition fails the task at once.
 *
 * <p>Retryable AWS errors (throttling, 5xx, unreachable, expired session) keep the phase and are
 * retried with back-off; AccessDenied ends in Failed naming the action and, when an SCP is the
 * cause, its id and the fix.
 */
public class PrivilegedRootTaskReconciler implements Reconciler<PrivilegedRootTask> {
    private static final Logger LOG = Logger.getLogger(PrivilegedRootTaskReconciler.class);
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /**
     * A precondition that may clear by itself (the organization feature, enabled by a policy applied
     * in the same sync) is re-checked for this long after the task's creation before the task fails.
     */
    static final Duration WAIT_FOR_PRECONDITIONS = Duration.ofMinutes(10);
    static final Duration MAX_PRECONDITION_RECHECK = Duration.ofSeconds(30);
    /** Next pass right after the status that marks the task Running is persisted. */
    static final Duration NEXT_STEP = Duration.ofMillis(1);

    private final TaskPreconditions preconditions;
    private final RootSessions sessions;
    private final PrivilegedTasks tasks;
    private final RootCredentials credentials;
    private final DenialExplainer denials;
    private final Clock clock;
    private final TaskStatusRecorder recorder;
    private final KubernetesEvents events;
    /** Consecutive retryable failures per resource uid, for the back-off. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    @Inject
    public PrivilegedRootTaskReconciler(OrganizationCache organization, OrganizationFeatures features,
            RootSessions sessions, PrivilegedTasks tasks, RootCredentials credentials, DenialExplainer denials) {
        this(organization, features, sessions, tasks, credentials, denials, Clock.systemUTC());
    }

    PrivilegedRootTaskReconciler(OrganizationCache organization, OrganizationFeatures features, RootSessions sessions,
            PrivilegedTasks tasks, RootCredentials credentials, DenialExplainer denials, Clock clock) {
        this.preconditions = new TaskPreconditions(organization, features);
        this.sessions = sessions;
        this.tasks = tasks;
        this.credentials = credentials;
        this.denials = denials;
        this.clock = clock;
        this.recorder = new TaskStatusRecorder(clock);
        this.events = new KubernetesEvents(clock);
    }

    @Override
    public UpdateControl<PrivilegedRootTask> reconcile(PrivilegedRootTask resource, Context<PrivilegedRootTask> context) {
        return reconcile(resource, context.getClient());
    }

    /** One pass against the resource as stored; the client writes the policy ConfigMap and the events. */
    UpdateControl<PrivilegedRootTask> reconcile(PrivilegedRootTask task, KubernetesClient client) {
        JsonNode before = StatusPatch.snapshot(task.getStatus());
        if (task.getStatus() == null) {
            // Publish Ready=False / Pending before any AWS call, then come straight back.
            task.setStatus(new PrivilegedRootTaskStatus());
            recorder.pending(task.getStatus(), task.getMetadata().getGeneration());
            return UpdateControl.patchStatus(task).rescheduleAfter(NEXT_STEP);
        }
        Duration next = pass(task, client);
        UpdateControl<PrivilegedRootTask> control = StatusPatch.patchIfChanged(task, before);
        return next == null ? control : control.rescheduleAfter(next);
    }

    /** Returns when to come back (null: only on a change of the resource). */
    private Duration pass(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        TaskPhase phase = st.phase == null ? TaskPhase.Pending : st.phase;
        try {
            return switch (phase) {
                case Pending -> start(task, client);
                case Running -> finish(task, client);
                case Succeeded, Failed -> finished(task, client);
            };
        } catch (AwsException e) {
            return onAwsError(task, client, e);
        }
    }

    /** Step 1: validate, check preconditions, read and store the policy. No mutating call. */
    private Duration start(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec());
        if (!validation.valid()) {
            recorder.invalid(st, gen, validation.problem());
            warn(client, task, "InvalidSpec", st.message);
            return null; // a spec edit brings it back
        }
        TaskRequest request = validation.request();
        Optional<TaskPreconditions.Refusal> refusal = preconditions.check(request);
        if (refusal.isPresent() && refusal.get().canWait()) {
            Instant deadline = waitDeadline(task);
            if (clock.instant().isBefore(deadline)) {
                Duration wait = min(backoff(uid(task)), MAX_PRECONDITION_RECHECK);
                recorder.waiting(st, gen, refusal.get().reason(), refusal.get().message(), deadline);
                return wait;
            }
        }
        if (refusal.isPresent()) {
            recorder.preconditionFailed(st, gen, refusal.get().reason(), refusal.get().message());
            warn(client, task, refusal.get().reason(), st.message);
            failures.remove(uid(task));
            return null;
        }
        if (!request.unlocksPolicy()) {
            Optional<String> elsewhere = accountStateElsewhere(client, task, request.accountId());
            if (elsewhere.isPresent()) {
                recorder.preconditionFailed(st, gen, "AccountManagedInOtherNamespace", "account "
                        + request.accountId() + " is managed by MemberAccountRootState " + elsewhere.get()
                        + ", and a hold only applies to tasks in the same namespace: without it the login profile"
                        + " would be removed again at the next audit. Create the task in namespace "
                        + elsewhere.get().substring(0, elsewhere.get().indexOf('/')));
                warn(client, task, "AccountManagedInOtherNamespace", st.message);
                return null;
            }
        }
        String sessionKey = null;
        if (request.unlocksPolicy()) {
            RootSession session = sessions.open(request.accountId(), request.taskPolicy());
            sessionKey = session.accessKeyId();
            Optional<String> policy = request.type() == TaskType.UnlockS3BucketPolicy
                    ? tasks.bucketPolicy(session, request.target())
                    : tasks.queuePolicy(session, tasks.queueUrl(session, request.target()));
            RemovedPolicyStore.keep(client, task, policy);
        }
        recorder.running(st, gen, request, sessionKey);
        failures.remove(uid(task));
        LOG.infof("task %s/%s: %s", task.getMetadata().getNamespace(), task.getMetadata().getName(), st.message);
        return NEXT_STEP;
    }

    /** Step 2: the one mutating call, then Succeeded. Runs only for the generation step 1 stored. */
    private Duration finish(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec());
        if (!Objects.equals(gen, st.executedGeneration) || !validation.valid()) {
            recorder.failed(st, gen, "SpecChangedWhileRunning", "the spec changed (generation " + gen
                    + ") while generation " + st.executedGeneration + " was starting: nothing was changed"
                    + (Boolean.TRUE.equals(st.policyWasPresent) ? " (the policy read is kept in status)" : "")
                    + "; create a new task");
            warn(client, task, "SpecChangedWhileRunning", st.message);
            return null;
        }
        TaskRequest request = validation.request();
        String where = " in account " + request.accountId();
        switch (request.type()) {
            case UnlockS3BucketPolicy -> {
                String key = st.sessionAccessKeyId;
                if (Boolean.TRUE.equals(st.policyWasPresent)) {
                    RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                    key = session.accessKeyId();
                    tasks.deleteBucketPolicy(session, request.target());
                    normal(client, task, "BucketPolicyDeleted", "deleted the policy of bucket " + request.target()
                            + where + " (root session " + key + ")");
                }
                recorder.unlocked(st, request, key);
            }
            case UnlockSqsQueuePolicy -> {
                String key = st.sessionAccessKeyId;
                if (Boolean.TRUE.equals(st.policyWasPresent)) {
                    RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                    key = session.accessKeyId();
                    String url = tasks.queueUrl(session, request.target());
                    tasks.clearQueuePolicy(session, url);
                    normal(client, task, "QueuePolicyCleared", "cleared the policy of queue " + url + where
                            + " (root session " + key + ")");
                }
                recorder.unlocked(st, request, key);
            }
            case AllowPasswordRecovery -> {
                RootSession session = sessions.open(request.accountId(), request.taskPolicy());
                boolean created = credentials.createLoginProfile(session);
                recorder.recoveryAllowed(st, request, created, session.accessKeyId());
                normal(client, task, created ? "RootLoginProfileCreated" : "RootLoginProfileExisted",
                        (created ? "created the root login profile (no password)" : "the root login profile already existed")
                                + where + " (root session " + session.accessKeyId() + "); account held until "
                                + st.holdUntil);
            }
        }
        failures.remove(uid(task));
        LOG.infof("task %s/%s succeeded: %s", task.getMetadata().getNamespace(), task.getMetadata().getName(),
                st.message);
        return untilHoldEnds(st);
    }

    /** Final phases: no AWS call, ever. Reports spec edits and the end of a hold. */
    private Duration finished(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        boolean specChanged = !Objects.equals(gen, st.observedGeneration);
        if (specChanged && st.phase == TaskPhase.Failed && st.executedGeneration == null) {
            // it never started (invalid spec or a failed precondition): the edit may be the fix
            st.completionTime = null;
            Conditions.remove(st.conditions, TaskStatusRecorder.SPEC_CHANGE_IGNORED);
            recorder.pending(st, gen);
            return start(task, client);
        }
        if (specChanged) {
            recorder.specChangeIgnored(st, gen);
        }
        if (st.phase == TaskPhase.Succeeded) {
            recorder.holdState(st, clock.instant());
            return untilHoldEnds(st);
        }
        return null;
    }

    private Duration onAwsError(PrivilegedRootTask task, KubernetesClient client, AwsException e) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        if (e.retryable()) {
            Duration wait = backoff(uid(task));
            LOG.debugf("task %s/%s: %s, retrying in %s", task.getMetadata().getNamespace(),
                    task.getMetadata().getName(), e, wait);
            recorder.retrying(st, gen, e, wait);
            return wait;
        }
        failures.remove(uid(task));
        String accountId = task.getSpec().accountId;
        boolean started = st.phase == TaskPhase.Running;
        switch (e.kind()) {
            case ACCESS_DENIED -> {
                String action = e.action() == null ? "sts:AssumeRoot" : e.action();
                PolicyDenial denial;
                try {
                    denial = denials.explain(accountId, action);
                } catch (AwsException explainFailure) {
                    denial = new PolicyDenial(accountId, action, null, null, null, null);
                }
                recorder.denied(st, gen, denial);
                warn(client, task, "BlockedByPolicy", denial.message());
            }
            case NOT_FOUND -> {
                String reason = switch (task.getSpec().type) {
                    case UnlockS3BucketPolicy -> "BucketNotFound";
                    case UnlockSqsQueuePolicy -> "QueueNotFound";
                    default -> "NotFound";
                };
                TaskRequest request = TaskRequest.validate(task.getSpec()).request();
                String message = (request == null ? "the target" : request.describeTarget())
                        + " does not exist in account " + accountId + " (" + e.getMessage() + ")";
                if (started) {
                    recorder.failed(st, gen, reason, message + "; it vanished after its policy was read");
                } else {
                    recorder.preconditionFailed(st, gen, reason, message);
                }
                warn(client, task, reason, st.message);
            }
            case FEATURE_NOT_ENABLED -> {
                recorder.failed(st, gen, "FeatureNotEnabled", "centralized root access is not enabled for the"
                        + " organization (" + e.getMessage() + "); nothing was changed");
                warn(client, task, "FeatureNotEnabled", st.message);
            }
            default -> {
                recorder.failed(st, gen, reasonOf(e.kind()), (e.action() == null ? "AWS call" : e.action())
                        + " failed: " + e.kind() + (e.errorCode() == null ? "" : " " + e.errorCode()) + ": "
                        + e.getMessage());
                warn(client, task, reasonOf(e.kind()), st.message);
            }
        }
        LOG.infof("task %s/%s failed: %s", task.getMetadata().getNamespace(), task.getMetadata().getName(), st.message);
        return null;
    }

    /** Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run. */
    @Override
    public ErrorStatusUpdateControl<PrivilegedRootTask> updateErrorStatus(PrivilegedRootTask resource,
            Context<PrivilegedRootTask> context, Exception e) {
        if (resource.getStatus() == null) {
            resource.setStatus(new PrivilegedRootTaskStatus());
        }
        var st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        new Conditions(clock).reconciling(st.conditions, "Error", e.getClass().getSimpleName() + ": " + e.getMessage()
                + " (retrying)", gen);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }

    /**
     * "namespace/name" of a MemberAccountRootState for the account when there is one in another
     * namespace and none in the task's own (the account controller only honours holds from its own
     * namespace). Empty when the hold applies, or when no resource manages the account at all.
     */
    private static Optional<String> accountStateElsewhere(KubernetesClient client, PrivilegedRootTask task,
            String accountId) {
        if (client == null) {
            return Optional.empty();
        }
        String ns = task.getMetadata().getNamespace();
        List<MemberAccountRootState> states = client.resources(MemberAccountRootState.class).inAnyNamespace().list()
                .getItems().stream()
                .filter(m -> m.getSpec() != null && accountId.equals(m.getSpec().accountId))
                .toList();
        if (states.isEmpty() || states.stream().anyMatch(m -> ns.equals(m.getMetadata().getNamespace()))) {
            return Optional.empty();
        }
        var m = states.get(0).getMetadata();
        return Optional.of(m.getNamespace() + "/" + m.getName());
    }

    private Instant waitDeadline(PrivilegedRootTask task) {
        String created = task.getMetadata().getCreationTimestamp();
        Instant since;
        try {
            since = created == null ? clock.instant() : Instant.parse(created);
        } catch (RuntimeException e) {
            since = clock.instant();
        }
        return since.plus(WAIT_FOR_PRECONDITIONS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Duration untilHoldEnds(PrivilegedRootTaskStatus st) {
        Instant until = TaskStatusRecorder.holdUntil(st);
        if (until == null) {
            return null;
        }
        Instant now = clock.instant();
        // a moment after holdUntil, so that pass reports the hold as ended
        return now.isBefore(until) ? Duration.between(now, until).plusMillis(500) : null;
    }

    private void normal(KubernetesClient client, PrivilegedRootTask task, String reason, String message) {
        events.emit(client, task, KubernetesEvents.NORMAL, reason, message);
    }

    private void warn(KubernetesClient client, PrivilegedRootTask task, String reason, String message) {
        events.emit(client, task, KubernetesEvents.WARNING, reason, message);
    }

    /** Exponential back-off per resource: 1s, 2s, 4s ... capped at 5 minutes. */
    private Duration backoff(String uid) {
        int n = failures.merge(uid, 1, Integer::sum);
        long seconds = MIN_BACKOFF.getSeconds() << Math.min(n - 1, 16);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) <= 0 ? d : MAX_BACKOFF;
    }

    private static String uid(PrivilegedRootTask task) {
        String uid = task.getMetadata().getUid();
        return uid == null ? task.getMetadata().getNamespace() + "/" + task.getMetadata().getName() : uid;
    }

    private static String reasonOf(AwsErrorKind kind) {
        return switch (kind) {
            case WRONG_CALLER -> "WrongCaller";
            case NOT_ALL_FEATURES -> "OrganizationNotInAllFeaturesMode";
            case NO_ORGANIZATION -> "NoOrganization";
            case ALREADY_EXISTS -> "AlreadyExists";
            default -> "AwsError";
        };
    }
}
