package io.rootaccess.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a sandbox starts. {@link #defaults()}: ephemeral port, AWS-like rate limits on, seed 42, no
 * injected faults. Build variants with {@code
 * SandboxConfig.builder().port(0).rateLimits(false).build()}; read the realism knobs from the
 * environment with {@link #fromEnvironment(Map)} or {@link Builder#environment(Map)} and from a
 * seed file's {@code realism:} section with {@link SandboxSeed#configure(Builder)}
 * (docs/sandbox.md).
 */
public final class SandboxConfig {
    /** A token bucket: {@code rate} tokens per second, at most {@code burst} stored. */
    public record Limit(double rate, int burst) {}

    /**
     * Operator timeouts are 10 s by default: a held call outlives them, and is still dropped in
     * bounded time.
     */
    static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(15);

    static final Duration MAX_TIMEOUT_HOLD = Duration.ofMinutes(5);
    static final double DEFAULT_LATENCY_JITTER = 0.25;

    private final int port;
    private final boolean rateLimits;
    private final Map<String, Limit> limits;
    private final int threads;
    private final long seed;
    private final Long faultSeed;
    private final String managementAccountName;
    private final Duration latency;
    private final double latencyJitter;
    private final double throttleShare;
    private final double serverErrorShare;
    private final double timeoutShare;
    private final double serverErrorAfterShare;
    private final double timeoutAfterShare;
    private final Duration timeoutHold;
    private final boolean events;

    private SandboxConfig(Builder b) {
        this.port = b.port;
        this.rateLimits = b.rateLimits;
        this.limits = Map.copyOf(b.limits);
        this.threads = b.threads;
        this.seed = b.seed;
        this.faultSeed = b.faultSeed;
        this.managementAccountName = b.managementAccountName;
        this.latency = b.latency;
        this.latencyJitter = b.latencyJitter;
        this.throttleShare = b.throttleShare;
        this.serverErrorShare = b.serverErrorShare;
        this.timeoutShare = b.timeoutShare;
        this.serverErrorAfterShare = b.serverErrorAfterShare;
        this.timeoutAfterShare = b.timeoutAfterShare;
        this.timeoutHold = b.timeoutHold;
        this.events = b.events;
    }

    /** Whether the management account's event queue exists and is fed (SANDBOX_EVENTS). */
    public boolean events() {
        return events;
    }

    public static SandboxConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The one place the demo, {@code make sandbox} and the bench/chaos runs read sandbox settings
     * from: the {@code realism:} section (and {@code seed}, management account name) of the {@code
     * SANDBOX_SEED} file when set, then the {@code SANDBOX_*} variables, which win. Bad values
     * throw IllegalArgumentException naming the variable. Port 0 (ephemeral) unless SANDBOX_PORT
     * says otherwise.
     */
    public static SandboxConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String seedFile = env.get("SANDBOX_SEED");
        if (seedFile != null && !seedFile.isBlank()) {
            try {
                SandboxSeed.load(Path.of(seedFile.trim())).configure(b);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read SANDBOX_SEED=" + seedFile + ": " + e.getMessage(), e);
            }
        }
        return b.environment(env).build();
    }

    public int port() {
        return port;
    }

    public boolean rateLimits() {
        return rateLimits;
    }

    /**
     * Overrides of {@link SandboxRateLimits#DEFAULT_LIMITS}, by operation name or service prefix
     * ("iam:*"); an override (exact or service-wide) wins over every built-in limit.
     */
    public Map<String, Limit> limits() {
        return limits;
    }

    public int threads() {
        return threads;
    }

    /** Seeds the generator of ids and keys, so a run is reproducible. */
    public long seed() {
        return seed;
    }

    /** Seeds the draws of injected faults and latency jitter; defaults to {@link #seed()}. */
    public long faultSeed() {
        return faultSeed != null ? faultSeed : seed;
    }

    /** The name of the management account the organization starts with. */
    public String managementAccountName() {
        return managementAccountName;
    }

    /** Added to every call before it is answered (0 = none), varied by {@link #latencyJitter()}. */
    public Duration latency() {
        return latency;
    }

    /** Each call's latency is drawn uniformly from latency × [1 - jitter, 1 + jitter]. */
    public double latencyJitter() {
        return latencyJitter;
    }

    /** Share (0..1) of all calls answered with the service's throttling error. */
    public double throttleShare() {
        return throttleShare;
    }

    /**
     * Share (0..1) of all calls answered with HTTP 500 or 503 (half each), in the service's error
     * format.
     */
    public double serverErrorShare() {
        return serverErrorShare;
    }

    /**
     * Share (0..1) of all calls that get no answer: held for {@link #timeoutHold()}, then the
     * connection is dropped.
     */
    public double timeoutShare() {
        return timeoutShare;
    }

    /** Share of the state-changing calls that are applied and then answered 500 or 503. */
    public double serverErrorAfterShare() {
        return serverErrorAfterShare;
    }

    /** Share of the state-changing calls that are applied and then get no answer. */
    public double timeoutAfterShare() {
        return timeoutAfterShare;
    }

    public Duration timeoutHold() {
        return timeoutHold;
    }

    // ---------------------------------------------------------------- parsing, shared by env and
    // seed file

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m)?");

    /** "40ms", "1.5s", "2m", "250us", a bare number of milliseconds, or ISO-8601 ("PT1S"). */
    static Duration parseDuration(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return positive(name, value, Duration.parse(v.toUpperCase(Locale.ROOT)));
            }
            Matcher m = DURATION.matcher(v);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                double nanos =
                        switch (unit) {
                            case "us" -> n * 1e3;
                            case "ms" -> n * 1e6;
                            case "s" -> n * 1e9;
                            default -> n * 60e9;
                        };
                return Duration.ofNanos((long) nanos);
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                name + " must be a duration such as 40ms, 1.5s or 2m, got '" + value + "'");
    }

    private static Duration positive(String name, String value, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got '" + value + "'");
        }
        return d;
    }

    /** "0.2" or "20%": a share of calls between 0 and 1. */
    static double parseShare(String name, String value) {
        String v = value.trim();
        double share;
        try {
            share =
                    v.endsWith("%")
                            ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100
                            : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    name + " must be a share such as 0.2 or 20%, got '" + value + "'");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    name + " must be between 0 and 1 (0% and 100%), got '" + value + "'");
        }
        return share;
    }

    /** "20" (per second, burst twice that) or "20/40" (rate/burst). */
    static Limit parseLimit(String name, String value) {
        String v = value.trim();
        int slash = v.indexOf('/');
        try {
            double rate = Double.parseDouble(slash < 0 ? v : v.substring(0, slash).trim());
            int burst =
                    slash < 0
                            ? (int) Math.max(1, Math.ceil(rate * 2))
                            : Integer.parseInt(v.substring(slash + 1).trim());
            if (rate > 0 && burst >= 1) {
                return new Limit(rate, burst);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(
                name
                        + " must be calls per second, optionally /burst (e.g. 20 or 20/40), with"
                        + " a positive rate and burst >= 1, got '"
                        + value
                        + "'");
    }

    /**
     * SANDBOX_RATE_LIMITS: "true"/"on" (AWS-like defaults), "false"/"off" (none), or overrides on
     * top of the defaults: "sts:AssumeRoot=20,iam:*=100/200,organizations:*=5". Returns null for
     * on/off.
     */
    static Map<String, Limit> parseLimits(String name, String value) {
        Map<String, Limit> out = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.lastIndexOf('=');
            String operation = eq < 0 ? "" : part.substring(0, eq).trim();
            if (eq < 0 || !operation.matches("[a-z0-9-]+:(\\*|[A-Za-z0-9]+)")) {
                throw new IllegalArgumentException(
                        name
                                + " entries must look like service:Operation=rate[/burst] or"
                                + " service:*=rate[/burst], got '"
                                + part.trim()
                                + "'");
            }
            out.put(operation, parseLimit(name + " " + operation, part.substring(eq + 1)));
        }
        return out;
    }

    static Boolean parseSwitch(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> Boolean.TRUE;
            case "false", "off", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static int parseInt(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(
                name + " must be a whole number >= " + min + ", got '" + value + "'");
    }

    public static final class Builder {
        private int port = 0;
        private boolean rateLimits = true;
        private final Map<String, Limit> limits = new HashMap<>();
        private int threads = 32;
        private long seed = 42;
        private Long faultSeed;
        private String managementAccountName = "management";
        private Duration latency = Duration.ZERO;
        private double latencyJitter = DEFAULT_LATENCY_JITTER;
        private double throttleShare;
        private double serverErrorShare;
        private double timeoutShare;
        private double serverErrorAfterShare;
        private double timeoutAfterShare;
        private Duration timeoutHold = DEFAULT_TIMEOUT_HOLD;
        private boolean events;

        /**
         * The management account's event queue ({@link ManagementEvents}): the calls an EventBridge
         * rule would forward are put into it as they happen.
         */
        public Builder events(boolean on) {
            this.events = on;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder rateLimits(boolean on) {
            this.rateLimits = on;
            return this;
        }

        /**
         * Per caller and per account limit of one operation ("iam:GetAccountSummary") or service
         * ("iam:*").
         */
        public Builder rateLimit(String operation, double rate, int burst) {
            limits.put(operation, new Limit(rate, burst));
            return this;
        }

        /** Worker threads answering requests (bounded pool). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder faultSeed(long faultSeed) {
            this.faultSeed = faultSeed;
            return this;
        }

        public Builder managementAccountName(String name) {
            this.managementAccountName = name;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = positive("latency", String.valueOf(latency), latency);
            return this;
        }

        public Builder latencyJitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException(
                        "latency jitter must be between 0 and 1, got " + fraction);
            }
            this.latencyJitter = fraction;
            return this;
        }

        public Builder throttle(double share) {
            this.throttleShare = parseShare("throttle share", String.valueOf(share));
            return this;
        }

        public Builder serverErrors(double share) {
            this.serverErrorShare = parseShare("5xx share", String.valueOf(share));
            return this;
        }

        /** State-changing calls applied, then answered 500 or 503 (the caller sees a failure). */
        public Builder serverErrorsAfter(double share) {
            this.serverErrorAfterShare = parseShare("5xx-after share", String.valueOf(share));
            return this;
        }

        /** State-changing calls applied, then left without an answer (the caller times out). */
        public Builder timeoutsAfter(double share) {
            this.timeoutAfterShare = parseShare("timeout-after share", String.valueOf(share));
            return this;
        }

        public Builder timeouts(double share) {
            this.timeoutShare = parseShare("timeout share", String.valueOf(share));
            return this;
        }

        public Builder timeoutHold(Duration hold) {
            if (hold.isNegative() || hold.compareTo(MAX_TIMEOUT_HOLD) > 0) {
                throw new IllegalArgumentException(
                        "timeout hold must be between 0 and " + MAX_TIMEOUT_HOLD + ", got " + hold);
            }
            this.timeoutHold = hold;
            return this;
        }

        /**
         * "on"/"off", or a list of overrides "op=rate[/burst],..." (which also switches limits on).
         */
        Builder rateLimits(String name, String value) {
            Boolean on = parseSwitch(value);
            if (on != null) {
                return rateLimits(on);
            }
            limits.putAll(parseLimits(name, value));
            return rateLimits(true);
        }

        /** One override, its value as in SANDBOX_RATE_LIMITS ("20" or "20/40"). */
        Builder rateLimit(String name, String operation, String value) {
            if (!operation.matches("[a-z0-9-]+:(\\*|[A-Za-z0-9]+)")) {
                throw new IllegalArgumentException(
                        name + ": '" + operation + "' is no service:Operation or service:*");
            }
            limits.put(operation, parseLimit(name + " " + operation, value));
            return this;
        }

        /** One knob by its seed-file name ({@code realism.<key>}); values as in the environment. */
        Builder realism(String key, String value) {
            String name = "realism." + key;
            switch (key) {
                case "latency" -> latency(parseDuration(name, value));
                case "latencyJitter" -> latencyJitter(parseShare(name, value));
                case "throttle" -> throttle(parseShare(name, value));
                case "errors5xx" -> serverErrors(parseShare(name, value));
                case "timeouts" -> timeouts(parseShare(name, value));
                case "errors5xxAfter" -> serverErrorsAfter(parseShare(name, value));
                case "timeoutsAfter" -> timeoutsAfter(parseShare(name, value));
                case "timeoutHold" -> timeoutHold(parseDuration(name, value));
                case "faultSeed" -> faultSeed(Long.parseLong(value.trim()));
                case "events" -> {
                    Boolean on = parseSwitch(value);
                    if (on == null) {
                        throw new IllegalArgumentException(
                                name + " must be true or false, got '" + value + "'");
                    }
                    events(on);
                }
                default ->
                        throw new IllegalArgumentException(
                                "sandbox seed: unknown field '" + name + "'");
            }
            return this;
        }

        /**
         * Applies the SANDBOX_* variables that are set: SANDBOX_PORT, SANDBOX_THREADS,
         * SANDBOX_RATE_LIMITS, SANDBOX_LATENCY, SANDBOX_LATENCY_JITTER, SANDBOX_THROTTLE,
         * SANDBOX_ERRORS_5XX, SANDBOX_TIMEOUTS, SANDBOX_ERRORS_5XX_AFTER, SANDBOX_TIMEOUTS_AFTER,
         * SANDBOX_TIMEOUT_HOLD, SANDBOX_FAULT_SEED. Unset or blank variables leave the builder as
         * it is.
         */
        public Builder environment(Map<String, String> env) {
            set(env, "SANDBOX_PORT", v -> port(parseInt("SANDBOX_PORT", v, 0)));
            set(env, "SANDBOX_THREADS", v -> threads(parseInt("SANDBOX_THREADS", v, 1)));
            set(env, "SANDBOX_RATE_LIMITS", v -> rateLimits("SANDBOX_RATE_LIMITS", v));
            set(
                    env,
                    "SANDBOX_EVENTS",
                    v -> {
                        Boolean on = parseSwitch(v);
                        if (on == null) {
                            throw new IllegalArgumentException(
                                    "SANDBOX_EVENTS must be true or false, got '" + v + "'");
                        }
                        events(on);
                    });
            set(env, "SANDBOX_LATENCY", v -> latency(parseDuration("SANDBOX_LATENCY", v)));
            set(
                    env,
                    "SANDBOX_LATENCY_JITTER",
                    v -> latencyJitter(parseShare("SANDBOX_LATENCY_JITTER", v)));
            set(env, "SANDBOX_THROTTLE", v -> throttle(parseShare("SANDBOX_THROTTLE", v)));
            set(env, "SANDBOX_ERRORS_5XX", v -> serverErrors(parseShare("SANDBOX_ERRORS_5XX", v)));
            set(env, "SANDBOX_TIMEOUTS", v -> timeouts(parseShare("SANDBOX_TIMEOUTS", v)));
            set(
                    env,
                    "SANDBOX_ERRORS_5XX_AFTER",
                    v -> serverErrorsAfter(parseShare("SANDBOX_ERRORS_5XX_AFTER", v)));
            set(
                    env,
                    "SANDBOX_TIMEOUTS_AFTER",
                    v -> timeoutsAfter(parseShare("SANDBOX_TIMEOUTS_AFTER", v)));
            set(
                    env,
                    "SANDBOX_TIMEOUT_HOLD",
                    v -> {
                        Duration hold = parseDuration("SANDBOX_TIMEOUT_HOLD", v);
                        if (hold.compareTo(MAX_TIMEOUT_HOLD) > 0) {
                            throw new IllegalArgumentException(
                                    "SANDBOX_TIMEOUT_HOLD must be at most 5m, got '" + v + "'");
                        }
                        timeoutHold(hold);
                    });
            set(
                    env,
                    "SANDBOX_FAULT_SEED",
                    v -> {
                        try {
                            faultSeed(Long.parseLong(v.trim()));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(
                                    "SANDBOX_FAULT_SEED must be a whole number, got '" + v + "'");
                        }
                    });
            return this;
        }

        private static void set(
                Map<String, String> env, String name, java.util.function.Consumer<String> apply) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                apply.accept(v);
            }
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
