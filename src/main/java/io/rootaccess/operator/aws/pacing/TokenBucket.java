package io.rootaccess.operator.aws.pacing;

/**
 * A token bucket whose rate adapts to throttling (AIMD): AWS throttling halves the rate (at most once
 * per cool-down, so one burst of throttles does not collapse it), each success adds back a small step,
 * never above the configured rate nor below a floor. Callers reserve a token and wait the returned
 * time; a reservation that would wait longer than the caller's bound is refused, so no reconciler
 * thread is held for long. Time comes from the caller (nanoseconds) so tests need no sleeping.
 */
final class TokenBucket {
    private static final long NANOS = 1_000_000_000L;
    /** Successes needed to climb back from the floor to the configured rate: slow recovery. */
    private static final double RECOVERY_STEPS = 50;
    private static final double FLOOR_SHARE = 0.05;

    private final double configuredRate;
    private final double burst;
    private final double floor;
    private final long cutCooldownNanos;

    private double rate;
    private double tokens;
    private long lastRefill;
    private long lastCut = Long.MIN_VALUE;

    TokenBucket(double rate, int burst, long nowNanos) {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + rate + "/" + burst);
        }
        this.configuredRate = rate;
        this.burst = burst;
        this.floor = Math.min(rate, Math.max(0.05, rate * FLOOR_SHARE));
        this.cutCooldownNanos = NANOS / 4; // throttles of calls already in flight are one signal, not many
        this.rate = rate;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /**
     * Takes one token. Returns the nanoseconds the caller must wait before calling (0 when a token was
     * there), or -1 when that wait would exceed {@code maxWaitNanos} (nothing is reserved then).
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
     * Takes one token only if one is left beyond the foreground reserve (a quarter of the burst, at least one, less than the burst):
     * never queues, never goes negative, so background calls use spare capacity only.
     */
    synchronized boolean tryTakeSpare(long nowNanos) {
        refill(nowNanos);
        double reserve = Math.min(burst - 1, Math.max(1, burst * 0.25));
        if (tokens >= 1 + reserve) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** AWS throttled a call: halve the rate (multiplicative decrease), and drop the saved-up burst. */
    synchronized void onThrottle(long nowNanos) {
        refill(nowNanos);
        if (lastCut != Long.MIN_VALUE && nowNanos - lastCut < cutCooldownNanos) {
            return;
        }
        lastCut = nowNanos;
        rate = Math.max(floor, rate / 2);
        tokens = Math.min(tokens, 0);
    }

    /** A call went through: recover a little (additive increase). */
    synchronized void onSuccess(long nowNanos) {
        refill(nowNanos);
        if (rate < configuredRate) {
            rate = Math.min(configuredRate, rate + (configuredRate - floor) / RECOVERY_STEPS);
        }
    }

    synchronized double rate() {
        return rate;
    }

    double configuredRate() {
        return configuredRate;
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
