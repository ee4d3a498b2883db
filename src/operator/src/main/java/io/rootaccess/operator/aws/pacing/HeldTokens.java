package io.rootaccess.operator.aws.pacing;

import io.rootaccess.operator.aws.Reservation;
import java.util.EnumSet;
import java.util.Set;

/**
 * A background grant: one spare token per family, taken before the pass made any call. The pass's
 * first call of each family uses its token; {@link #release()} gives back the ones not used (a
 * reused session needs no AssumeRoot). Used by one pass on one thread.
 */
final class HeldTokens implements Reservation.Granted {
    private final ApiRateLimiter limiter;
    private final Set<ApiFamily> held;

    HeldTokens(ApiRateLimiter limiter, Set<ApiFamily> held) {
        this.limiter = limiter;
        this.held = EnumSet.copyOf(held);
    }

    /** Uses the token held for the family; false when there is none (left). */
    synchronized boolean take(ApiFamily family) {
        return held.remove(family);
    }

    @Override
    public synchronized void release() {
        held.forEach(limiter::giveBack);
        held.clear();
    }

    @Override
    public String toString() {
        return "HeldTokens" + held;
    }
}
