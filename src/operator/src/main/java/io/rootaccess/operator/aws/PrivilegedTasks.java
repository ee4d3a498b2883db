package io.rootaccess.operator.aws;

import java.util.Optional;

/** S3 and SQS calls made inside S3UnlockBucketPolicy / SQSUnlockQueuePolicy root sessions. */
public interface PrivilegedTasks {
    /**
     * Empty when the bucket has no policy. @throws AwsException NOT_FOUND when the bucket does not
     * exist
     */
    Optional<String> bucketPolicy(RootSession session, String bucket);

    void deleteBucketPolicy(RootSession session, String bucket);

    /**
     * Accepts a queue URL or a queue name. @throws AwsException NOT_FOUND when the queue does not
     * exist
     */
    String queueUrl(RootSession session, String queueUrlOrName);

    /** Empty when the queue has no policy. */
    Optional<String> queuePolicy(RootSession session, String queueUrl);

    void clearQueuePolicy(RootSession session, String queueUrl);
}
