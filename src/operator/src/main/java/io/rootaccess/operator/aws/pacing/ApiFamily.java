package io.rootaccess.operator.aws.pacing;

/**
 * API families that share one client-side token bucket. Defaults sit below AWS's published limits
 * (Organizations: ListAccounts 8 rps, ListAccountsForParent 5 rps, EnableAWSServiceAccess and
 * RegisterDelegatedAdministrator 1 rps) or, where AWS publishes none (IAM, STS), at a conservative
 * pace. Override with rootaccess.aws.rate-limits.&lt;key&gt;.rate|burst|ceiling.
 *
 * <p>The rate is where pacing starts; it may rise while nothing is throttled up to the ceiling
 * (default: the rate times {@link #defaultCeilingFactor()}). Only sts-assume-root probes above its
 * start by default (2x): AWS publishes no AssumeRoot quota, it is the call every account needs, and
 * a throttled AssumeRoot is retried at no harm. The other families start at or below published
 * limits (Organizations) or at a pace that is not the bottleneck (IAM inside a session), so probing
 * above them would only risk throttling.
 */
public enum ApiFamily {
    ORGANIZATIONS_READ("organizations-read", 5, 8),
    ORGANIZATIONS_WRITE("organizations-write", 0.5, 1),
    IAM_FEATURES("iam-features", 2, 4),
    STS_ASSUME_ROOT("sts-assume-root", 15, 30, 2.0),
    /**
     * IAM quotas apply per member account (and session), not to the operator as a whole: this cap
     * only bounds the operator's own load. At 50/s it was the bottleneck of a first convergence
     * (about 11 IAM calls per account cap it at under 5 accounts/s, a quarter of the AssumeRoot
     * budget; see docs/benchmark.md).
     */
    IAM_ROOT("iam-root", 400, 800),
    S3("s3", 10, 20),
    SQS("sqs", 10, 20);

    private final String key;
    private final double defaultRate;
    private final int defaultBurst;
    private final double defaultCeilingFactor;

    ApiFamily(String key, double defaultRate, int defaultBurst) {
        this(key, defaultRate, defaultBurst, 1.0);
    }

    ApiFamily(String key, double defaultRate, int defaultBurst, double defaultCeilingFactor) {
        this.defaultCeilingFactor = defaultCeilingFactor;
        this.key = key;
        this.defaultRate = defaultRate;
        this.defaultBurst = defaultBurst;
    }

    /** The configuration key under rootaccess.aws.rate-limits. */
    public String key() {
        return key;
    }

    public double defaultRate() {
        return defaultRate;
    }

    /** The default ceiling as a multiple of the rate. */
    public double defaultCeilingFactor() {
        return defaultCeilingFactor;
    }

    public int defaultBurst() {
        return defaultBurst;
    }
}
