package io.rootaccess.operator.aws.pacing;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.TaskPolicy;

/**
 * What {@link AwsCalls} tells the outside about each call (metrics live in
 * io.rootaccess.operator.metrics, which implements this; the aws package does not depend on it).
 * Called on the calling thread: keep it cheap.
 */
public interface AwsCallObserver {
    AwsCallObserver NONE = new AwsCallObserver() {};

    /** One attempt reached AWS; {@code failure} is null when it succeeded. */
    default void attempted(ApiFamily family, String action, AwsErrorKind failure) {}

    /** Time a call waited for a token of its family (0 when one was there). */
    default void paced(ApiFamily family, long waitedNanos) {}

    /**
     * The client-side limiter refused a call before it reached AWS (saturated, or no spare capacity
     * for a background call).
     */
    default void refused(ApiFamily family, String action) {}

    /** An sts:AssumeRoot session was opened (not a reused one). */
    default void rootSessionOpened(TaskPolicy taskPolicy) {}
}
