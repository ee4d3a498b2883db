package io.rootaccess.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rootaccess.operator.aws.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to come back after a failed or deferred pass, per resource: exponential back-off on
 * consecutive failures (base, 2 x base, 4 x base ... capped), and a jittered wait for passes
 * deferred for want of spare AWS capacity (thousands of waiting accounts spread out instead of
 * returning together).
 *
 * <p>State is keyed by the resource's uid and dropped on success ({@link #reset}), on delete where
 * the reconciler sees it ({@link #forget}), and otherwise once a key has been idle for three times
 * the cap: a resource deleted while failing leaves nothing behind for long, without a finalizer to
 * tell us.
 */
public final class RetryBackoff {
    /**
     * The longest back-off, for every kind: a person fixing AWS sees the fix taken up within
     * minutes.
     */
    public static final Duration MAX = Duration.ofMinutes(5);

    /**
     * Deferred passes wait at most this long (plus half a second), however many deferrals in a row.
     */
    static final Duration DEFERRAL_MAX = Duration.ofMinutes(1);

    /**
     * Deferred passes are spread so that about this many come back a second: while few wait, none
     * waits long for capacity that is free again (the tail of a first audit wave), while thousands
     * wait, the cap is {@link #DEFERRAL_MAX}.
     */
    static final long DEFERRED_RETURNS_PER_SECOND = 50;

    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final Duration base;
    private final Duration max;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private volatile Instant lastPrune;

    private record State(int failures, int deferrals, Instant touched) {}

    /** Doubling from base, at most {@link #MAX}. */
    public RetryBackoff(Duration base, Clock clock) {
        this(base, MAX, clock);
    }

    public RetryBackoff(Duration base, Duration max, Clock clock) {
        this.base = base;
        this.max = max;
        this.clock = clock;
        this.lastPrune = clock.instant();
    }

    /** The state key of a resource: its uid, or namespace/name for a resource not stored yet. */
    public static String key(HasMetadata resource) {
        var meta = resource.getMetadata();
        return meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
    }

    /** One more failure in a row: base, 2 x base, 4 x base ... at most the cap. */
    public Duration failed(String key) {
        State s = touch(key, 1, 0);
        long millis = base.toMillis() << Math.min(s.failures() - 1, 16);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /**
     * One more deferral in a row: half a second plus a random share of 2^n seconds, at most a
     * minute, and at most the time the resources with back-off state take to come back at {@link
     * #DEFERRED_RETURNS_PER_SECOND} (at least a second).
     */
    public Duration deferred(String key) {
        State s = touch(key, 0, 1);
        long spreadMillis = Math.max(1000L, states.size() * 1000L / DEFERRED_RETURNS_PER_SECOND);
        long capMillis =
                Math.min(
                        Math.min(DEFERRAL_MAX.toMillis(), spreadMillis),
                        1000L << Math.min(s.deferrals(), 6));
        return Duration.ofMillis(500 + ThreadLocalRandom.current().nextLong(capMillis));
    }

    /**
     * After an AWS failure: present (the back-off) when it is worth retrying on its own; empty when
     * it is not, and then the next failure starts from the base again.
     */
    public Optional<Duration> after(String key, AwsException e) {
        if (e.retryable()) {
            return Optional.of(failed(key));
        }
        reset(key);
        return Optional.empty();
    }

    /** The pass ended without a retryable failure: the next failure starts from the base again. */
    public void reset(String key) {
        states.remove(key);
        prune();
    }

    /** The resource is gone. */
    public void forget(String key) {
        states.remove(key);
    }

    /** How many resources have back-off state (for tests and metrics). */
    public int tracked() {
        prune();
        return states.size();
    }

    private State touch(String key, int failures, int deferrals) {
        Instant now = clock.instant();
        prune();
        return states.merge(
                key,
                new State(failures, deferrals, now),
                (old, add) ->
                        new State(old.failures() + failures, old.deferrals() + deferrals, now));
    }

    private void prune() {
        Instant now = clock.instant();
        if (now.isBefore(lastPrune.plus(PRUNE_EVERY))) {
            return;
        }
        lastPrune = now;
        Instant idleSince = now.minus(max.multipliedBy(3));
        states.values().removeIf(s -> s.touched().isBefore(idleSince));
    }
}
