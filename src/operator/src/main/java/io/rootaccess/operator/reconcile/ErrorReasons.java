package io.rootaccess.operator.reconcile;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;

/**
 * The one mapping from a classified AWS failure to a condition reason, and the reasons every kind
 * shares (errors that are not about the resource itself, the organization guard). Kind-specific
 * reasons (a missing bucket, a refused account) live in the kind's reasons class.
 */
public final class ErrorReasons {
    /**
     * A retryable AWS failure that escaped the aws layer's own retries: the pass is repeated after
     * a back-off.
     */
    public static final String RETRYING = "Retrying";

    /**
     * An unexpected error (Kubernetes API, a bug): reported on the resource, the pass is retried.
     */
    public static final String UNEXPECTED = "Error";

    /**
     * The organization guard: the credentials see another organization (or management account) than
     * the one the operator is configured for; nothing is called. Every kind.
     */
    public static final String WRONG_ORGANIZATION = "WrongOrganization";

    /** The organization guard could not read the caller's organization: nothing is called. */
    public static final String ORGANIZATION_UNVERIFIED = "OrganizationUnverified";

    private ErrorReasons() {}

    public static String of(AwsErrorKind kind) {
        return switch (kind) {
            case THROTTLED -> "Throttled";
            case TRANSIENT, EXPIRED_SESSION -> "TransientError";
            case UNREACHABLE -> "EndpointUnreachable";
            case ACCESS_DENIED -> "AccessDenied";
            case NOT_FOUND -> "NotFound";
            case ALREADY_EXISTS -> "AlreadyExists";
            case FEATURE_NOT_ENABLED -> "FeatureNotEnabled";
            case WRONG_CALLER -> "NotManagementAccount";
            case NOT_ALL_FEATURES -> "OrganizationNotInAllFeaturesMode";
            case NO_ORGANIZATION -> "NoOrganization";
            case INVALID -> "AwsRequestRejected";
        };
    }

    /**
     * "iam:DeleteLoginProfile failed: INVALID ValidationError: ..." (ids and AWS's own words, never
     * a secret).
     */
    public static String failure(AwsException e) {
        return (e.action() == null ? "AWS call" : e.action())
                + " failed: "
                + e.kind()
                + (e.errorCode() == null ? "" : " " + e.errorCode())
                + ": "
                + e.getMessage();
    }

    /** "Cls: message (retrying)", for an unexpected error reported on a resource. */
    public static String unexpected(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage() + " (retrying)";
    }
}
