package io.rootaccess.operator.aws;

/**
 * Opens sts:AssumeRoot sessions. One session per account and task policy is reused while it has
 * enough life left, and renewed before expiry.
 */
public interface RootSessions {
    /**
     * A session for the account and task policy; the AssumeRoot call (when one is needed) and every
     * call made inside the returned session have the given priority.
     */
    RootSession open(String accountId, TaskPolicy taskPolicy, CallPriority priority);

    /** A session for foreground work (tasks, remediation of released accounts). */
    default RootSession open(String accountId, TaskPolicy taskPolicy) {
        return open(accountId, taskPolicy, CallPriority.FOREGROUND);
    }

    /** Forget a session that AWS reported as expired, so the next open() assumes a new one. */
    void invalidate(RootSession session);
}
