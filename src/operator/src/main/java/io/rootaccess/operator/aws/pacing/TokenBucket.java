package io.rootaccess.operator.aws.pacing;

/**
 * A token bucket whose rate finds the limit (AIMD): the configured rate is only the start, because
 * AWS does not publish every quota (sts:AssumeRoot has none). While calls queue for tokens and
 * nothing is throttled, the rate rises by {@link #PROBE_SHARE} of the configured rate per second,
 * up to a ceiling; AWS throttling cuts it by {@link #CUT} (at most once per cool-down, so one burst
 * of throttles is one signal), never below a floor (half the configured rate by default). After a
 * cut the rate climbs back quickly to just under the rate that was throttled (the limit is known to
 * be about there), then probes at a tenth of the speed up to that rate and a quarter above it. A
 * throttled call that took its token before the last cut does not cut again (it was paced at the
 * old rate). Callers reserve a token and wait the returned time; a reservation that would wait
 * longer than the caller's bound is refused, so no reconciler thread is held for long. Time comes
 * from the caller (nanoseconds) so tests need no sleeping.
 */
final class TokenBucket {
    private static final long NANOS = 1_000_000_000L;

    /**
     * Successes needed to climb back from the floor to the configured rate: the quick climb after a
     * cut.
     */
    private static final double RECOVERY_STEPS = 50;

    /**
     * Throttling never cuts below this share of the configured rate (unless a floor is configured).
     * The configured rate is AWS's published quota or a pace known to be safe, so a quota below
     * half of it is a misconfiguration that the sustained-throttling alert reports. Without the
     * floor, throttling that does not depend on our pace (another caller sharing the account's
     * quota, a service's bad minute, the chaos run's random 20 %) cut the rate at every throttle
     * and drove it to a crawl: 0.25 tag reads per second (docs/chaos.md).
     */
    static final double FLOOR_SHARE = 0.5;

    /**
     * Additive increase: this share of the configured rate per second of clean, saturated calls.
     */
    static final double PROBE_SHARE = 0.05;

    /** Multiplicative decrease on throttling. */
    static final double CUT = 0.75;

    /**
     * The quick climb after a cut stops at this share of the rate that was throttled; above it the
     * rate probes.
     */
    private static final double SAFE_SHARE = 0.9;

    private final double configuredRate;
    private final double ceiling;
    private final double burst;
    private final double floor;
    private final long cutCooldownNanos;

    private double rate;
    private double tokens;
    private long lastRefill;
    private long lastCut = Long.MIN_VALUE;

    /** The rate at the last throttle (0: none yet). */
    private double throttledAt;

    private long lastProbe = Long.MIN_VALUE;

    /** When a background call last found no spare token (its work was deferred). */
    private long lastSpareRefused = Long.MIN_VALUE;

    /** A bucket that never goes above its configured rate. */
    TokenBucket(double rate, int burst, long nowNanos) {
        this(rate, burst, rate, nowNanos);
    }

    TokenBucket(double rate, int burst, double ceiling, long nowNanos) {
        this(rate, burst, ceiling, rate * FLOOR_SHARE, nowNanos);
    }

    TokenBucket(double rate, int burst, double ceiling, double floor, long nowNanos) {
        if (rate <= 0 || burst < 1 || floor <= 0) {
            throw new IllegalArgumentException(
                    "rate and floor must be > 0 and burst >= 1, got "
                            + rate
                            + "/"
                            + burst
                            + " (floor "
                            + floor
                            + ")");
        }
        this.configuredRate = rate;
        this.ceiling = Math.max(rate, ceiling);
        this.burst = burst;
        this.floor = Math.min(rate, floor);
        this.cutCooldownNanos =
                NANOS / 4; // throttles of calls already in flight are one signal, not many
        this.rate = rate;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /**
     * Takes one token. Returns the nanoseconds the caller must wait before calling (0 when a token
     * was there), or -1 when that wait would exceed {@code maxWaitNanos} (nothing is reserved
     * then).
     */
    synchronized long reserve(long nowNanos, long maxWaitNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        long wait = (long) Math.ceil((1 - tokens) / rate * NANOS);
        if (wait > maxWaitNanos) {
            return -1;
        }
        tokens -= 1; // goes negative: later callers queue behind this reservation
        return wait;
    }

    /**
     * Takes one token only if one is left beyond the foreground reserve (a quarter of the burst, at
     * least one, less than the burst): never queues, never goes negative, so background calls use
     * spare capacity only.
     */
    synchronized boolean tryTakeSpare(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1 + spareReserve()) {
            tokens -= 1;
            return true;
        }
        lastSpareRefused = nowNanos;
        return false;
    }

    /**
     * How long until {@link #tryTakeSpare} would succeed at the current rate, with no other caller
     * (0 when it would now).
     */
    synchronized long nanosUntilSpare(long nowNanos) {
        refill(nowNanos);
        double missing = 1 + spareReserve() - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / rate * NANOS);
    }

    /** A token taken by {@link #tryTakeSpare} and not used goes back (never above the burst). */
    synchronized void giveBack(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(burst, tokens + 1);
    }

    /** Tokens background calls leave to the foreground: a quarter of the burst, at least one. */
    private double spareReserve() {
        return Math.min(burst - 1, Math.max(1, burst * 0.25));
    }

    /**
     * AWS throttled a call: cut the rate (multiplicative decrease), and drop the saved-up burst.
     */
    synchronized void onThrottle(long nowNanos) {
        onThrottle(nowNanos, nowNanos);
    }

    /**
     * AWS throttled a call that took its token at {@code reservedNanos}. A call that took its token
     * before the last cut was paced at the old rate: its throttle says nothing about the new one,
     * so it does not cut again. Callers queue for tokens up to seconds ahead, so one episode of
     * throttling went on arriving for a second or more after the first cut; counted as new signals
     * they cut the rate four times in a row, to less than half the limit, and the rate then climbed
     * back only to just under the last, lowest cut (a 1,000-account `make bench`: 27/s down to 8/s,
     * 12 s to recover).
     */
    synchronized void onThrottle(long nowNanos, long reservedNanos) {
        refill(nowNanos);
        if (lastCut != Long.MIN_VALUE
                && (nowNanos - lastCut < cutCooldownNanos || reservedNanos <= lastCut)) {
            return;
        }
        lastCut = nowNanos;
        throttledAt = rate;
        rate = Math.max(floor, rate * CUT);
        tokens = Math.min(tokens, 0);
        lastProbe = Long.MIN_VALUE;
    }

    /**
     * A call went through. Below the configured rate, or below the known limit after a cut, recover
     * a step per success; otherwise, while callers queue for tokens (the rate, not the demand, is
     * the bound), probe upwards by {@link #PROBE_SHARE} of the configured rate per second, up to
     * the ceiling.
     */
    synchronized void onSuccess(long nowNanos) {
        refill(nowNanos);
        double quickUntil =
                throttledAt > 0 ? Math.min(ceiling, throttledAt * SAFE_SHARE) : configuredRate;
        if (rate < quickUntil) {
            rate = Math.min(quickUntil, rate + (configuredRate - floor) / RECOVERY_STEPS);
            lastProbe = nowNanos;
            return;
        }
        // Demand above the rate shows as callers queueing (tokens below one) or, when the work is
        // background (a first audit wave), as spare tokens refused in the last second: background
        // calls never drain the bucket, so without this the rate never left its configured start.
        boolean spareRefusedLately =
                lastSpareRefused != Long.MIN_VALUE && nowNanos - lastSpareRefused < NANOS;
        if (rate >= ceiling || (tokens >= 1 && !spareRefusedLately)) {
            lastProbe = nowNanos; // idle time or spare tokens prove nothing about the limit
            return;
        }
        if (lastProbe != Long.MIN_VALUE) {
            double seconds = Math.min(NANOS, nowNanos - lastProbe) / (double) NANOS;
            // Once a throttle has shown where the limit is, probe slowly: just under that rate at a
            // tenth of the speed, above it at a quarter. A service with a burst (the sandbox's
            // AssumeRoot: 40) lets a fast probe run far past its rate before the first throttle,
            // and every call queued at that pace is throttled too (TokenBucketTest's simulation:
            // 1.4 % of calls throttled with the earlier quarter and full speeds, 0.8 % with these).
            double speed = throttledAt > 0 ? (rate < throttledAt ? 0.1 : 0.25) : 1;
            rate = Math.min(ceiling, rate + configuredRate * PROBE_SHARE * speed * seconds);
        }
        lastProbe = nowNanos;
    }

    synchronized double rate() {
        return rate;
    }

    double configuredRate() {
        return configuredRate;
    }

    double ceiling() {
        return ceiling;
    }

    double floor() {
        return floor;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + rate * elapsed / NANOS);
            lastRefill = nowNanos;
        }
    }
}
