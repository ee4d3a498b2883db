package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * When a task is looked at again: the end of its hold, the deadline of a precondition it may wait
 * for.
 */
final class TaskSchedule {
    /**
     * A precondition that may clear by itself (the organization feature, enabled by a policy
     * applied in the same sync) is re-checked for this long after the task's creation before the
     * task fails.
     */
    static final Duration WAIT_FOR_PRECONDITIONS = Duration.ofMinutes(10);

    private TaskSchedule() {}

    static Instant waitDeadline(PrivilegedRootTask task, Instant now) {
        String created = task.getMetadata().getCreationTimestamp();
        Instant since;
        try {
            since = created == null ? now : Instant.parse(created);
        } catch (RuntimeException e) {
            since = now;
        }
        return since.plus(WAIT_FOR_PRECONDITIONS);
    }

    /**
     * A moment after holdUntil, so that pass reports the hold as ended; null when there is no hold
     * to end.
     */
    static Duration untilHoldEnds(PrivilegedRootTaskStatus st, Instant now) {
        Instant until = TaskStatusFactory.holdUntil(st);
        if (until == null) {
            return null;
        }
        return now.isBefore(until) ? Duration.between(now, until).plusMillis(500) : null;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
