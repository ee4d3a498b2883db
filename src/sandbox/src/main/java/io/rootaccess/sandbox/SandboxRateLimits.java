package io.rootaccess.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-operation token buckets, one per calling identity and one per account, like AWS's per-API
 * quotas. A call needs a token from both buckets.
 */
final class SandboxRateLimits {
    /**
     * Published Organizations quotas where AWS publishes them; IAM and STS numbers are not
     * published, these are conservative guesses in the same range.
     */
    static final Map<String, SandboxConfig.Limit> DEFAULT_LIMITS =
            Map.ofEntries(
                    Map.entry("organizations:ListAccounts", new SandboxConfig.Limit(8, 12)),
                    Map.entry("organizations:ListAccountsForParent", new SandboxConfig.Limit(5, 8)),
                    Map.entry("organizations:DescribeAccount", new SandboxConfig.Limit(20, 30)),
                    Map.entry(
                            "organizations:EnableAWSServiceAccess", new SandboxConfig.Limit(1, 2)),
                    Map.entry(
                            "organizations:DisableAWSServiceAccess", new SandboxConfig.Limit(1, 2)),
                    Map.entry(
                            "organizations:RegisterDelegatedAdministrator",
                            new SandboxConfig.Limit(1, 2)),
                    Map.entry(
                            "organizations:DeregisterDelegatedAdministrator",
                            new SandboxConfig.Limit(1, 2)),
                    Map.entry("organizations:*", new SandboxConfig.Limit(10, 20)),
                    Map.entry("sts:AssumeRoot", new SandboxConfig.Limit(20, 40)),
                    Map.entry("sts:*", new SandboxConfig.Limit(50, 100)),
                    Map.entry("iam:*", new SandboxConfig.Limit(20, 40)),
                    Map.entry("s3:*", new SandboxConfig.Limit(50, 100)),
                    Map.entry("sqs:*", new SandboxConfig.Limit(50, 100)));

    private final boolean enabled;
    private final Map<String, SandboxConfig.Limit> overrides;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong acquisitions =
            new java.util.concurrent.atomic.AtomicLong();

    SandboxRateLimits(SandboxConfig config) {
        this.enabled = config.rateLimits();
        this.overrides = config.limits();
    }

    /** True when the call may proceed. */
    boolean tryAcquire(String operation, String callerKey, String accountId) {
        if (!enabled) {
            return true;
        }
        SandboxConfig.Limit limit = limitFor(operation);
        if (limit == null) {
            return true;
        }
        long now = System.nanoTime();
        if (acquisitions.incrementAndGet() % 50_000 == 0 && buckets.size() > 50_000) {
            // Every session key gets its own buckets: forget the ones idle long enough to be full
            // again.
            buckets.values().removeIf(b -> b.idleSince(now) > 120_000_000_000L);
        }
        Bucket caller =
                buckets.computeIfAbsent(operation + "|k|" + callerKey, k -> new Bucket(limit));
        Bucket account =
                buckets.computeIfAbsent(operation + "|a|" + accountId, k -> new Bucket(limit));
        // Take from the caller's bucket first; give it back if the account's bucket is empty.
        if (!caller.take(now)) {
            return false;
        }
        if (!account.take(now)) {
            caller.giveBack();
            return false;
        }
        return true;
    }

    /**
     * An override (exact, then service-wide) wins over the built-in limits (exact, then
     * service-wide).
     */
    SandboxConfig.Limit limitFor(String operation) {
        String service = operation.substring(0, operation.indexOf(':') + 1) + "*";
        SandboxConfig.Limit l = overrides.get(operation);
        if (l == null) {
            l = overrides.get(service);
        }
        if (l == null) {
            l = DEFAULT_LIMITS.get(operation);
        }
        return l != null ? l : DEFAULT_LIMITS.get(service);
    }

    private static final class Bucket {
        private final double rate;
        private final double burst;
        private double tokens;
        private long last;

        Bucket(SandboxConfig.Limit limit) {
            this.rate = limit.rate();
            this.burst = limit.burst();
            this.tokens = limit.burst();
            this.last = System.nanoTime();
        }

        synchronized boolean take(long now) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized long idleSince(long now) {
            return now - last;
        }

        synchronized void giveBack() {
            tokens = Math.min(burst, tokens + 1);
        }
    }
}
