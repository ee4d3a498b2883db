package io.rootaccess.operator.aws;

/** What a failed AWS call means for a reconciler. Classified once, in this package. */
public enum AwsErrorKind {
    /** Throttling / TooManyRequestsException: retry later, with back-off. */
    THROTTLED(true),
    /** 5xx, timeouts, connection resets: retry later. */
    TRANSIENT(true),
    /**
     * The endpoint cannot be reached at all (DNS, connection refused): retry later, tell people.
     */
    UNREACHABLE(true),
    /** A root session expired before use: open a new one and continue. */
    EXPIRED_SESSION(true),
    /**
     * AccessDenied: an SCP, a task policy or the caller's IAM policy denies the action. Not
     * retried.
     */
    ACCESS_DENIED(false),
    /**
     * The entity does not exist (NoSuchEntity, NoSuchBucket...). For deletions this means "already
     * gone".
     */
    NOT_FOUND(false),
    /** The entity already exists (EntityAlreadyExists...). */
    ALREADY_EXISTS(false),
    /** Organization features, trusted access or root sessions are not enabled. */
    FEATURE_NOT_ENABLED(false),
    /**
     * The caller is not the management account or delegated administrator (or must be the
     * management account).
     */
    WRONG_CALLER(false),
    /** The organization is not in All-features mode. */
    NOT_ALL_FEATURES(false),
    /** The caller's account is not in an organization. */
    NO_ORGANIZATION(false),
    /** Bad input: validation errors and anything else unexpected from AWS. */
    INVALID(false);

    private final boolean retryable;

    AwsErrorKind(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
