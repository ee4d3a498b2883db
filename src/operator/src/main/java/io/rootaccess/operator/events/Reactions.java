package io.rootaccess.operator.events;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What the operator does about each kind of event ({@link EventKind}); {@link OperatorReactions}.
 */
public interface Reactions {
    /**
     * Someone else may have allowed password recovery in the account: audit it now, and again once
     * the session (which can create the login profile until it expires) has ended. Completes, with
     * when the first audit ended, once both audits have run; a message is deleted only then.
     */
    CompletableFuture<Instant> recoveryAllowed(String accountId, Instant sessionExpiration);

    /** An organization switch changed: the policies read the switches again now. */
    void switchChanged(String eventName);

    /** Accounts joined, moved or left: the organization is read again and re-targeted now. */
    void organizationChanged();
}
