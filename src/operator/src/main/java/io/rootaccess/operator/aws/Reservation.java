package io.rootaccess.operator.aws;

import java.time.Duration;

/**
 * The answer of the AWS pacer to a pass that asks for capacity before it opens a session (see
 * {@link RootSessions#reserve}): {@link Granted}, and the pass runs with it, or {@link Deferred},
 * and the pass makes no call at all and comes back later. Deferral is a value the caller checks,
 * not something thrown from deep inside a call.
 */
public sealed interface Reservation permits Reservation.Granted, Reservation.Deferred {

    /**
     * The pass may run: every call made with this grant is admitted (a background grant holds
     * tokens taken from spare capacity for its first calls; later calls wait for a token like
     * foreground work). {@link #release()} gives back the tokens the pass did not use.
     */
    non-sealed interface Granted extends Reservation {
        void release();
    }

    /**
     * No spare capacity for background work: nothing was taken and nothing waited.
     *
     * @param retryAfter when spare capacity is expected again at the current rate
     * @param reason which capacity was short, for logs
     */
    record Deferred(Duration retryAfter, String reason) implements Reservation {}

    /** Foreground work (tasks, remediation of released accounts): holds nothing, never deferred. */
    Granted FOREGROUND = () -> {};
}
