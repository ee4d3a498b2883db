package io.rootaccess.operator.aws;

/**
 * Opens sts:AssumeRoot sessions. One session per account and task policy is reused while it has
 * enough life left, and renewed before expiry.
 */
public interface RootSessions {
    /**
     * Capacity for one pass of calls in root sessions (AssumeRoot and the calls inside), asked
     * before the first session is opened: a background pass is {@link Reservation.Deferred} when
     * there is no spare capacity, and then opens nothing. Release a grant when the pass ends.
     */
    Reservation reserve(CallPriority priority);

    /**
     * A session for the account and task policy; the AssumeRoot call (when one is needed) and every
     * call made inside the returned session run under {@code grant}.
     */
    RootSession open(String accountId, TaskPolicy taskPolicy, Reservation.Granted grant);

    /** A session for foreground work (tasks, remediation of released accounts). */
    default RootSession open(String accountId, TaskPolicy taskPolicy) {
        return open(accountId, taskPolicy, Reservation.FOREGROUND);
    }

    /** Forget a session that AWS reported as expired, so the next open() assumes a new one. */
    void invalidate(RootSession session);
}
