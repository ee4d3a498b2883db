package io.rootaccess.operator.task;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.holds.AccountStateIndex;
import java.time.Duration;

/**
 * One step of one task, as its handler sees it: the task (with the status the step starts from),
 * the validated request, and what a step may use.
 */
record TaskRun(
        PrivilegedRootTask task, KubernetesClient client, TaskRequest request, Services with) {

    /**
     * What the handlers' steps use, built once by the reconciler.
     *
     * @param maxHold the longest break-glass hold (rootaccess.break-glass-max-hold)
     */
    record Services(
            RootSessions sessions,
            PrivilegedTasks tasks,
            RootCredentials credentials,
            AccountStateIndex accountStates,
            RemovedPolicyStore store,
            TaskStatusFactory status,
            TaskEvents events,
            Duration maxHold) {}

    PrivilegedRootTaskStatus status() {
        return task.getStatus();
    }

    Long generation() {
        return task.getMetadata().getGeneration();
    }

    /** The task's root session, scoped to its type's task policy (reused within its lifetime). */
    RootSession openSession() {
        return with.sessions().open(request.accountId(), request.taskPolicy());
    }
}
