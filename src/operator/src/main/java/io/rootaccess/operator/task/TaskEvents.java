package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;

/**
 * Kubernetes Events on a task: one Normal event per mutating call (its reason and words come from
 * the task's handler), one Warning when it fails. Best effort; ids only (the session's access key
 * id), never a secret.
 */
final class TaskEvents {
    private final KubernetesEvents events;

    TaskEvents(Clock clock) {
        this.events = new KubernetesEvents(clock);
    }

    /** What the task did (or found already done), in the handler's words. */
    void did(KubernetesClient client, PrivilegedRootTask task, String reason, String message) {
        events.emit(client, task, KubernetesEvents.NORMAL, reason, message);
    }

    /** The task failed: the reason and message of its new status, as a Warning. */
    void failed(KubernetesClient client, PrivilegedRootTask task, PrivilegedRootTaskStatus st) {
        events.emit(
                client,
                task,
                KubernetesEvents.WARNING,
                TaskStatusFactory.failureReason(st),
                st.message);
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
}
