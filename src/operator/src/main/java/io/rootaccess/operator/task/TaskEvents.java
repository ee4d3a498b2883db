package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;

/**
 * Kubernetes Events on a task: one Normal event per mutating call, one Warning when it fails. Best
 * effort; ids only (the session's access key id), never a secret.
 */
final class TaskEvents {
    private final KubernetesEvents events;

    TaskEvents(Clock clock) {
        this.events = new KubernetesEvents(clock);
    }

    void bucketPolicyDeleted(
            KubernetesClient client, PrivilegedRootTask task, TaskRequest request, String key) {
        events.emit(
                client,
                task,
                KubernetesEvents.NORMAL,
                TaskReasons.EVENT_BUCKET_POLICY_DELETED,
                "deleted the policy of bucket "
                        + request.target()
                        + where(request)
                        + " (root session "
                        + key
                        + ")");
    }

    void queuePolicyCleared(
            KubernetesClient client,
            PrivilegedRootTask task,
            TaskRequest request,
            String url,
            String key) {
        events.emit(
                client,
                task,
                KubernetesEvents.NORMAL,
                TaskReasons.EVENT_QUEUE_POLICY_CLEARED,
                "cleared the policy of queue "
                        + url
                        + where(request)
                        + " (root session "
                        + key
                        + ")");
    }

    void recoveryAllowed(
            KubernetesClient client,
            PrivilegedRootTask task,
            TaskRequest request,
            boolean created,
            String key) {
        events.emit(
                client,
                task,
                KubernetesEvents.NORMAL,
                created
                        ? TaskReasons.EVENT_LOGIN_PROFILE_CREATED
                        : TaskReasons.EVENT_LOGIN_PROFILE_EXISTED,
                (created
                                ? "created the root login profile (no password)"
                                : "the root login profile already existed")
                        + where(request)
                        + " (root session "
                        + key
                        + "); account held until "
                        + task.getStatus().holdUntil);
    }

    /** The task failed: the reason and message of its status, as a Warning. */
    void failed(KubernetesClient client, PrivilegedRootTask task) {
        events.emit(
                client,
                task,
                KubernetesEvents.WARNING,
                TaskStatusFactory.failureReason(task.getStatus()),
                task.getStatus().message);
    }

    /** A denial names its action and SCP without the status's advice on re-creating the task. */
    void blocked(KubernetesClient client, PrivilegedRootTask task, String denial) {
        events.emit(
                client,
                task,
                KubernetesEvents.WARNING,
                TaskReasons.EVENT_BLOCKED_BY_POLICY,
                denial);
    }

    private static String where(TaskRequest request) {
        return " in account " + request.accountId();
    }
}
