package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.holds.AccountStateIndex;
import io.rootaccess.operator.holds.WatchedPolicies;
import io.rootaccess.operator.reconcile.RetryBackoff;
import io.rootaccess.operator.reconcile.StatusPasses;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs a PrivilegedRootTask once, like a Job: observe -> validate -> preconditions -> the two steps
 * of the task's {@link TaskHandler} -> record. Each pass decides one status (built by {@link
 * TaskStatusFactory}) and when to come back. Nothing is lost when the operator stops at any point:
 * Pending runs {@link TaskHandler#prepare} (reads only; what is about to be removed is stored) and
 * persists Running with executedGeneration before anything changes; Running runs {@link
 * TaskHandler#execute}, the one mutating call, which reads first in the same session, so a repeated
 * pass does no harm.
 *
 * <p>Succeeded and Failed are final: later passes (resyncs, a restart, spec edits) make no AWS
 * call, and a spec edit is reported (SpecChangeIgnored). Only a task that never started (invalid
 * spec, failed precondition) is checked again when its spec changes. A missing organization feature
 * is waited for during {@link TaskSchedule#WAIT_FOR_PRECONDITIONS} after creation, so a task and
 * the policy that enables the feature can be applied together. Retryable AWS errors keep the phase
 * and are retried with back-off; AccessDenied fails the task naming the action and, when an SCP is
 * the cause, its id and the fix.
 */
public class PrivilegedRootTaskReconciler implements Reconciler<PrivilegedRootTask> {
    private static final Logger LOG = Logger.getLogger(PrivilegedRootTaskReconciler.class);

    /** First back-off after a failed pass; it doubles up to {@link RetryBackoff#MAX}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    static final Duration MAX_PRECONDITION_RECHECK = Duration.ofSeconds(30);

    /** Next pass right after the status that marks the task Running is persisted. */
    static final Duration NEXT_STEP = StatusPasses.FIRST_PASS;

    private final TaskPreconditions preconditions;
    private final OrganizationGuard guard;
    private final QueueEndpoint sqs; // a task's queue URL elsewhere is refused as invalid
    private final Clock clock; // the OperatorClock bean (a test profile moves it)
    private final TaskStatusFactory status;
    private final TaskEvents events;
    private final RetryBackoff backoff; // consecutive retryable failures per task
    private final TaskAwsErrors errors;
    private final TaskRun.Services services;

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
            RemovedPolicyStore store,
            OperatorConfig config,
            ProtectedAccounts protectedAccounts,
            WatchedPolicies policies,
            Clock clock) {
        this.preconditions =
                new TaskPreconditions(
                        organization, features, guard, protectedAccounts, policies::current);
        this.guard = guard;
        this.sqs = QueueEndpoint.of(config.aws());
        this.clock = clock;
        this.status = new TaskStatusFactory(clock);
        this.events = new TaskEvents(clock);
        this.backoff = new RetryBackoff(FIRST_BACKOFF, clock);
        this.errors = new TaskAwsErrors(denials, status, events, backoff);
        this.services =
                new TaskRun.Services(
                        sessions,
                        tasks,
                        credentials,
                        accountStates,
                        store,
                        status,
                        events,
                        config.breakGlassMaxHold());
    }

    /** One pass against the resource as stored; the client writes the policy copy and events. */
    @Override
    public UpdateControl<PrivilegedRootTask> reconcile(
            PrivilegedRootTask resource, Context<PrivilegedRootTask> context) {
        return StatusPasses.run(
                resource,
                context,
                PrivilegedRootTaskStatus::new,
                task -> pass(task, context.getClient()));
    }

    /** Sets the one status this pass decides; returns when to come back (null: on a change). */
    private Duration pass(PrivilegedRootTask task, KubernetesClient client) {
        TaskStep step = decide(task, client);
        task.setStatus(step.status());
        return step.next();
    }

    private TaskStep decide(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        if (st.phase == null) { // the first pass publishes Ready=False / Pending before any call
            return new TaskStep(status.pending(st, gen), StatusPasses.FIRST_PASS);
        }
        OrganizationGuard.Verdict verdict = guard.verdict();
        if (!verdict.allowed()) {
            return new TaskStep(
                    status.guardRefused(st, gen, verdict.reason(), verdict.message()),
                    OrganizationGuard.RECHECK);
        }
        return switch (st.phase) {
            case Pending -> start(task, client);
            case Running -> finish(task, client);
            case Succeeded, Failed -> finished(task, client);
        };
    }

    /** Step 1: validate, check preconditions, then the handler's reads. No mutating call. */
    private TaskStep start(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec(), sqs);
        if (!validation.valid()) {
            return failed(task, client, status.invalid(st, gen, validation.problem()));
        }
        TaskRequest request = validation.request();
        try {
            Optional<TaskPreconditions.Refusal> refusal = preconditions.check(request);
            if (refusal.isPresent()) {
                return refused(task, client, refusal.get());
            }
            PrivilegedRootTaskStatus next =
                    request.handler().prepare(new TaskRun(task, client, request, services));
            backoff.reset(RetryBackoff.key(task));
            if (next.phase != TaskPhase.Running) {
                return TaskStep.last(next);
            }
            LOG.infof("task %s: %s", name(task), next.message);
            return new TaskStep(next, NEXT_STEP);
        } catch (AwsException e) {
            return errors.handle(task, client, request, e);
        }
    }

    /** A failed precondition: waited for when it may clear by itself, else final. */
    private TaskStep refused(
            PrivilegedRootTask task, KubernetesClient client, TaskPreconditions.Refusal refusal) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        Instant now = clock.instant();
        Instant deadline = TaskSchedule.waitDeadline(task, now);
        if (refusal.canWait() && now.isBefore(deadline)) {
            Duration wait =
                    TaskSchedule.min(
                            backoff.failed(RetryBackoff.key(task)), MAX_PRECONDITION_RECHECK);
            return new TaskStep(
                    status.waiting(st, gen, refusal.reason(), refusal.message(), deadline), wait);
        }
        backoff.reset(RetryBackoff.key(task));
        return failed(
                task,
                client,
                status.preconditionFailed(st, gen, refusal.reason(), refusal.message()));
    }

    /**
     * Step 2: the handler's one mutating call, then the outcome. Runs only for the generation step
     * 1 fixed.
     */
    private TaskStep finish(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        var validation = TaskRequest.validate(task.getSpec(), sqs);
        if (!Objects.equals(gen, st.executedGeneration) || !validation.valid()) {
            return failed(task, client, status.specChangedWhileRunning(st, gen));
        }
        TaskRequest request = validation.request();
        PrivilegedRootTaskStatus next;
        try {
            next = request.handler().execute(new TaskRun(task, client, request, services));
        } catch (AwsException e) {
            return errors.handle(task, client, request, e);
        }
        backoff.reset(RetryBackoff.key(task));
        LOG.infof("task %s %s: %s", name(task), next.phase, next.message);
        return new TaskStep(next, TaskSchedule.untilHoldEnds(next, clock.instant()));
    }

    /** Final phases: no AWS call, ever. Reports spec edits and the end of a hold. */
    private TaskStep finished(PrivilegedRootTask task, KubernetesClient client) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        if (!Objects.equals(gen, st.observedGeneration)
                && st.phase == TaskPhase.Failed
                && st.executedGeneration == null) {
            // it never started (invalid spec or a failed precondition): the edit may be the fix
            task.setStatus(status.pending(st, gen));
            return start(task, client);
        }
        PrivilegedRootTaskStatus next = status.finished(st, gen, clock.instant());
        return new TaskStep(next, TaskSchedule.untilHoldEnds(next, clock.instant()));
    }

    private TaskStep failed(
            PrivilegedRootTask task, KubernetesClient client, PrivilegedRootTaskStatus failed) {
        events.failed(client, task, failed);
        return TaskStep.last(failed);
    }

    /**
     * Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run.
     */
    @Override
    public ErrorStatusUpdateControl<PrivilegedRootTask> updateErrorStatus(
            PrivilegedRootTask resource, Context<PrivilegedRootTask> context, Exception e) {
        return StatusPasses.error(
                resource,
                context,
                e,
                PrivilegedRootTaskStatus::new,
                (st, gen, ex) -> resource.setStatus(status.unexpected(st, gen, ex)),
                backoff);
    }

    private static String name(PrivilegedRootTask task) {
        return task.getMetadata().getNamespace() + "/" + task.getMetadata().getName();
    }
}
