package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import java.time.Duration;

/**
 * What a pass decided: the task's next status (built once, by {@link TaskStatusFactory}) and when
 * to come back (null: only on a change of the task).
 */
record TaskStep(PrivilegedRootTaskStatus status, Duration next) {
    static TaskStep last(PrivilegedRootTaskStatus status) {
        return new TaskStep(status, null);
    }
}
