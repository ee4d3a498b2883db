package io.rootaccess.operator.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * How a sandbox starts. {@link #defaults()}: ephemeral port, AWS-like rate limits on, seed 42.
 * Build variants with {@code SandboxConfig.builder().port(0).rateLimits(false).build()}.
 */
public final class SandboxConfig {
    /** A token bucket: {@code rate} tokens per second, at most {@code burst} stored. */
    public record Limit(double rate, int burst) {
    }

    private final int port;
    private final boolean rateLimits;
    private final Map<String, Limit> limits;
    private final int threads;
    private final long seed;
    private final String managementAccountName;

    private SandboxConfig(Builder b) {
        this.port = b.port;
        this.rateLimits = b.rateLimits;
        this.limits = Map.copyOf(b.limits);
        this.threads = b.threads;
        this.seed = b.seed;
        this.managementAccountName = b.managementAccountName;
    }

    public static SandboxConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    public boolean rateLimits() {
        return rateLimits;
    }

    /** Overrides of {@link SandboxRateLimits#DEFAULT_LIMITS}, by operation name or service prefix ("iam:*"). */
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

    /** The name of the management account the organization starts with. */
    public String managementAccountName() {
        return managementAccountName;
    }

    public static final class Builder {
        private int port = 0;
        private boolean rateLimits = true;
        private final Map<String, Limit> limits = new HashMap<>();
        private int threads = 32;
        private long seed = 42;
        private String managementAccountName = "management";

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder rateLimits(boolean on) {
            this.rateLimits = on;
            return this;
        }

        /** Per caller and per account limit of one operation ("iam:GetAccountSummary") or service ("iam:*"). */
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

        public Builder managementAccountName(String name) {
            this.managementAccountName = name;
            return this;
        }

        public SandboxConfig build() {
            return new SandboxConfig(this);
        }
    }
}
