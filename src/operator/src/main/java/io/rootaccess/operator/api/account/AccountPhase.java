package io.rootaccess.operator.api.account;

/** One word for people and the policy's counters; conditions carry the detail. */
public enum AccountPhase {
    /** Not audited yet. */
    Pending,
    /** The account matches its desired state (for Audit: it was audited). */
    Compliant,
    /**
     * Differs from the desired state and will not be changed now (DryRun, suspended, protected
     * key).
     */
    NonCompliant,
    /**
     * Differs from the desired state; owners were warned (spec.notice) and the first change waits
     * until status.scheduledAt.
     */
    Scheduled,
    /** Being changed. */
    InProgress,
    /** An SCP or permission denies a root task. */
    Blocked,
    /** A break-glass task holds the account: no remediation until holdUntil. */
    OnHold,
    /**
     * The operator refuses to act: management account, account not ACTIVE, or not in the
     * organization.
     */
    Refused,
    /** A permanent error other than a denial (see conditions). */
    Failed
}
