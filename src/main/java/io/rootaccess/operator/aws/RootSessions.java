package io.rootaccess.operator.aws;

/**
 * Opens sts:AssumeRoot sessions. One session per account and task policy is reused while it has
 * enough life left, and renewed before expiry.
 */
public interface RootSessions {
    RootSession open(String accountId, TaskPolicy taskPolicy);

    /** Forget a session that AWS reported as expired, so the next open() assumes a new one. */
    void invalidate(RootSession session);
}
