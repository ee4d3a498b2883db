package io.rootaccess.operator.aws.pacing;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.config.OperatorConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The client-side token buckets, one per {@link ApiFamily}, shared by every reconciler so thousands
 * of accounts reconciling at once stay inside AWS's limits. Rates adapt to throttling (see {@link
 * TokenBucket}). Background work asks for spare tokens only ({@link #tryTakeSpare}, through {@link
 * AwsCalls#reserve}).
 */
public class ApiRateLimiter {
    private final Map<ApiFamily, TokenBucket> buckets = new EnumMap<>(ApiFamily.class);
    private final Pacing pacing;

    public ApiRateLimiter(Map<String, OperatorConfig.RateLimit> overrides, Pacing pacing) {
        this.pacing = pacing;
        long now = pacing.nanoTime();
        for (ApiFamily family : ApiFamily.values()) {
            OperatorConfig.RateLimit o = overrides.get(family.key());
            double rate = o == null ? family.defaultRate() : o.rate();
            int burst = o == null ? family.defaultBurst() : o.burst();
            double ceiling =
                    o != null && o.ceiling().isPresent()
                            ? o.ceiling().get()
                            : rate * family.defaultCeilingFactor();
            double floor =
                    o != null && o.floor().isPresent()
                            ? o.floor().get()
                            : rate * TokenBucket.FLOOR_SHARE;
            buckets.put(family, new TokenBucket(rate, burst, ceiling, floor, now));
        }
    }

    /**
     * A token of the family for a foreground call: waits for it; when the wait would exceed {@code
     * maxWait}, throws THROTTLED at once so the reconciler reschedules instead of holding its
     * thread.
     */
    public void acquire(ApiFamily family, String action, Duration maxWait) {
        long wait = buckets.get(family).reserve(pacing.nanoTime(), maxWait.toNanos());
        if (wait < 0) {
            throw new AwsException(
                    AwsErrorKind.THROTTLED,
                    action,
                    "ClientRateLimit",
                    "client-side rate limit of "
                            + family.key()
                            + " is saturated (more than "
                            + maxWait.toSeconds()
                            + "s of queued calls); retry later");
        }
        if (wait > 0) {
            try {
                pacing.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwsException(
                        AwsErrorKind.TRANSIENT,
                        action,
                        "Interrupted",
                        "interrupted while pacing calls");
            }
        }
    }

    /**
     * A token of the family for background work, only if one is spare beyond the foreground
     * reserve: never waits, never queues.
     */
    public boolean tryTakeSpare(ApiFamily family) {
        return buckets.get(family).tryTakeSpare(pacing.nanoTime());
    }

    /** Gives back a token taken by {@link #tryTakeSpare} that was not used. */
    public void giveBack(ApiFamily family) {
        buckets.get(family).giveBack(pacing.nanoTime());
    }

    /** How long until a spare token of the family is expected, at the current rate. */
    public Duration untilSpare(ApiFamily family) {
        return Duration.ofNanos(buckets.get(family).nanosUntilSpare(pacing.nanoTime()));
    }

    public void onThrottle(ApiFamily family) {
        buckets.get(family).onThrottle(pacing.nanoTime());
    }

    /**
     * A call that asked for its token at {@code reservedNanos} (this limiter's clock) was
     * throttled: only a call paced at the current rate can cut it again.
     */
    public void onThrottle(ApiFamily family, long reservedNanos) {
        buckets.get(family).onThrottle(pacing.nanoTime(), reservedNanos);
    }

    public void onSuccess(ApiFamily family) {
        buckets.get(family).onSuccess(pacing.nanoTime());
    }

    /** The highest rate a family may probe up to, in calls per second. */
    public double ceiling(ApiFamily family) {
        return buckets.get(family).ceiling();
    }

    /** The current (possibly reduced or raised) rate of a family, in calls per second. */
    public double currentRate(ApiFamily family) {
        return buckets.get(family).rate();
    }
}
