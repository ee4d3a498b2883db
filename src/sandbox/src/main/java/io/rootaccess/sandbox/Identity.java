package io.rootaccess.sandbox;

import java.time.Instant;

/**
 * Who signed a request: an administrator identity of an account (taskPolicy null) or an
 * sts:AssumeRoot session acting as the root user of a member account. {@code callerKey} is the
 * access key id of the long-lived identity behind it: its own for an administrator, the AssumeRoot
 * caller's for a session, so the call log adds a session's calls to whoever opened it.
 */
record Identity(
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String accountId,
        String arn,
        String userId,
        RootTaskPolicy taskPolicy,
        Instant expiration,
        String callerKey) {

    boolean isRootSession() {
        return taskPolicy != null;
    }

    /** The ARN AWS prints in AccessDenied messages for this caller. */
    String deniedPrincipal() {
        return isRootSession() ? "arn:aws:sts::" + accountId + ":root" : arn;
    }
}
