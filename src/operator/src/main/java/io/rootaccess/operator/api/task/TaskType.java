package io.rootaccess.operator.api.task;

public enum TaskType {
    /** Delete a bucket policy that locks everyone out (keeping a copy in status first). */
    UnlockS3BucketPolicy,
    /** Clear a queue policy that locks everyone out (keeping a copy in status first). */
    UnlockSqsQueuePolicy,
    /**
     * Create a login profile without a password and hold the account's Absent policy for a while.
     */
    AllowPasswordRecovery
}
