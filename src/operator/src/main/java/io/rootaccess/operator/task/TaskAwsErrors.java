package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.reconcile.Denials;
import io.rootaccess.operator.reconcile.RetryBackoff;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What an AWS failure means for a task: retryable kinds keep the phase and come back after the
 * back-off; every other kind ends the task Failed (final), with a Warning event naming the reason.
 */
final class TaskAwsErrors {
    private static final Logger LOG = Logger.getLogger(TaskAwsErrors.class);

    private final DenialExplainer denials;
    private final TaskStatusFactory status;
    private final TaskEvents events;
    private final RetryBackoff backoff;

    TaskAwsErrors(
            DenialExplainer denials,
            TaskStatusFactory status,
            TaskEvents events,
            RetryBackoff backoff) {
        this.denials = denials;
        this.status = status;
        this.events = events;
        this.backoff = backoff;
    }

    /** The status a failure leads to, and when to come back (null: the task is final). */
    TaskStep handle(
            PrivilegedRootTask task, KubernetesClient client, TaskRequest request, AwsException e) {
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = task.getMetadata().getGeneration();
        String name = task.getMetadata().getNamespace() + "/" + task.getMetadata().getName();
        Optional<Duration> retry = backoff.after(RetryBackoff.key(task), e);
        if (retry.isPresent()) {
            LOG.debugf("task %s: %s, retrying in %s", name, e, retry.get());
            return new TaskStep(status.retrying(st, gen, e, retry.get()), retry.get());
        }
        PrivilegedRootTaskStatus failed;
        if (e.kind() == AwsErrorKind.ACCESS_DENIED) {
            PolicyDenial denial = Denials.explain(denials, request.accountId(), e);
            failed = status.denied(st, gen, denial);
            events.blocked(client, task, denial.message());
        } else {
            failed =
                    switch (e.kind()) {
                        case NOT_FOUND ->
                                status.targetNotFound(
                                        st, gen, request, e, st.phase == TaskPhase.Running);
                        case FEATURE_NOT_ENABLED -> status.featureNotEnabled(st, gen, e);
                        default -> status.awsFailure(st, gen, e);
                    };
            events.failed(client, task, failed);
        }
        LOG.infof("task %s failed: %s", name, failed.message);
        return TaskStep.last(failed);
    }
}
