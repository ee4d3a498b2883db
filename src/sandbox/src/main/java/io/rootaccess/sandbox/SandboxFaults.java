package io.rootaccess.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected misbehaviour, changeable while the sandbox runs. Operations are named like the {@link
 * CallLog} ({@code "iam:GetAccountSummary"}) or {@code "*"} for every operation; a rule for the
 * operation wins over the {@code "*"} rule. The sandbox starts with the {@code "*"} rules its
 * {@link SandboxConfig} asks for (SANDBOX_THROTTLE, ...); {@link #clear()} removes them too. Draws
 * come from one generator seeded with {@link SandboxConfig#faultSeed()}: a sequence of calls made
 * one after another meets the same faults on every run.
 */
public final class SandboxFaults {
    /** {@code status} 0: 500 or 503, half each. */
    record ServerErrorRule(double share, int status) {}

    private final Random random;
    private final Map<String, Double> throttleShares = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttleNext = new ConcurrentHashMap<>();
    private final Map<String, ServerErrorRule> serverErrors = new ConcurrentHashMap<>();
    private final Map<String, Double> timeoutShares = new ConcurrentHashMap<>();
    private final Map<String, Double> serverErrorAfterShares = new ConcurrentHashMap<>();
    private final Map<String, Double> timeoutAfterShares = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile double latencyJitter;
    private volatile Duration timeoutHold = SandboxConfig.DEFAULT_TIMEOUT_HOLD;
    private volatile CallHook hook;

    /**
     * Runs on the sandbox's thread when an authenticated call arrives, before it is answered: a
     * test can record when a call started, or hold it (a latch) to order a race deterministically.
     */
    @FunctionalInterface
    public interface CallHook {
        /**
         * @param accountId the account the caller acts in (a root session's member account)
         */
        void arrived(String operation, String accountId) throws InterruptedException;
    }

    /** Replaces the call hook (null: none); {@link #clear()} removes it too. */
    public SandboxFaults hook(CallHook hook) {
        this.hook = hook;
        return this;
    }

    CallHook hook() {
        return hook;
    }

    public SandboxFaults() {
        this(new Random());
    }

    SandboxFaults(Random random) {
        this.random = random;
    }

    /** The faults a config asks for, as "*" rules. */
    static SandboxFaults of(SandboxConfig config) {
        SandboxFaults f = new SandboxFaults(new Random(config.faultSeed()));
        f.latency(config.latency()).timeoutHold(config.timeoutHold());
        if (!config.latency().isZero()) {
            f.latencyJitter(
                    config.latencyJitter()); // latencies set later at run time stay exact unless
            // asked
        }
        if (config.throttleShare() > 0) {
            f.throttle("*", config.throttleShare());
        }
        if (config.serverErrorShare() > 0) {
            f.serverErrors("*", config.serverErrorShare(), 0);
        }
        if (config.timeoutShare() > 0) {
            f.timeouts("*", config.timeoutShare());
        }
        if (config.serverErrorAfterShare() > 0) {
            f.serverErrorsAfter("*", config.serverErrorAfterShare());
        }
        if (config.timeoutAfterShare() > 0) {
            f.timeoutsAfter("*", config.timeoutAfterShare());
        }
        return f;
    }

    /** Answers this share (0..1) of the calls with the service's throttling error. */
    public SandboxFaults throttle(String operation, double share) {
        throttleShares.put(operation, share);
        return this;
    }

    /** A throttling burst: the next {@code calls} calls of the operation are throttled. */
    public SandboxFaults throttleNext(String operation, int calls) {
        throttleNext.put(operation, new AtomicInteger(calls));
        return this;
    }

    /**
     * Answers this share of the calls with an HTTP 500 or 503 service error ({@code status} 0:
     * either, half each).
     */
    public SandboxFaults serverErrors(String operation, double share, int status) {
        serverErrors.put(operation, new ServerErrorRule(share, status));
        return this;
    }

    /** Added to every call before it is answered. */
    public SandboxFaults latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Each call's latency is drawn uniformly from latency × [1 - fraction, 1 + fraction]. */
    public SandboxFaults latencyJitter(double fraction) {
        this.latencyJitter = fraction;
        return this;
    }

    /** Added to the calls of one operation (instead of the global latency). */
    public SandboxFaults latency(String operation, Duration latency) {
        latencies.put(operation, latency);
        return this;
    }

    /**
     * This share of the calls gets no answer: the connection is held for {@link #timeoutHold} and
     * then dropped.
     */
    public SandboxFaults timeouts(String operation, double share) {
        timeoutShares.put(operation, share);
        return this;
    }

    /**
     * This share of the state-changing calls ({@link CallLog#MUTATING}) is applied and then
     * answered with an HTTP 500 or 503: the change is made, the caller sees a failure. Reads are
     * never affected.
     */
    public SandboxFaults serverErrorsAfter(String operation, double share) {
        serverErrorAfterShares.put(operation, share);
        return this;
    }

    /**
     * This share of the state-changing calls is applied and then gets no answer (the connection is
     * held for {@link #timeoutHold} and dropped): the change is made, the caller times out.
     */
    public SandboxFaults timeoutsAfter(String operation, double share) {
        timeoutAfterShares.put(operation, share);
        return this;
    }

    public SandboxFaults timeoutHold(Duration hold) {
        this.timeoutHold = hold;
        return this;
    }

    public SandboxFaults clear() {
        throttleShares.clear();
        throttleNext.clear();
        serverErrors.clear();
        timeoutShares.clear();
        serverErrorAfterShares.clear();
        timeoutAfterShares.clear();
        latencies.clear();
        latency = Duration.ZERO;
        hook = null;
        return this;
    }

    Duration latency(String operation) {
        Duration d = latencies.isEmpty() ? null : latencies.get(operation);
        Duration base = d != null ? d : latency;
        double j = latencyJitter;
        if (j <= 0 || base.isZero()) {
            return base;
        }
        return Duration.ofNanos((long) (base.toNanos() * (1 + j * (2 * random.nextDouble() - 1))));
    }

    Duration timeoutHold() {
        return timeoutHold;
    }

    boolean shouldThrottle(String operation) {
        AtomicInteger burst = throttleNext.get(operation);
        if (burst == null) {
            burst = throttleNext.get("*");
        }
        if (burst != null && burst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return true;
        }
        return hit(lookup(throttleShares, operation));
    }

    /** The status of an injected server error, or 0. */
    int serverError(String operation) {
        ServerErrorRule rule = lookup(serverErrors, operation);
        if (rule == null || !hit(rule.share())) {
            return 0;
        }
        return rule.status() != 0 ? rule.status() : random.nextBoolean() ? 500 : 503;
    }

    boolean shouldTimeOut(String operation) {
        return hit(lookup(timeoutShares, operation));
    }

    /** After a state-changing call was applied: the status of the error to answer, or 0. */
    int serverErrorAfter(String operation) {
        if (!CallLog.MUTATING.contains(operation)
                || !hit(lookup(serverErrorAfterShares, operation))) {
            return 0;
        }
        return random.nextBoolean() ? 500 : 503;
    }

    /** After a state-changing call was applied: whether to leave it without an answer. */
    boolean shouldTimeOutAfter(String operation) {
        return CallLog.MUTATING.contains(operation) && hit(lookup(timeoutAfterShares, operation));
    }

    private static <T> T lookup(Map<String, T> rules, String operation) {
        if (rules.isEmpty()) {
            return null;
        }
        T rule = rules.get(operation);
        return rule != null ? rule : rules.get("*");
    }

    private boolean hit(Double share) {
        return share != null && share > 0 && random.nextDouble() < share;
    }
}
