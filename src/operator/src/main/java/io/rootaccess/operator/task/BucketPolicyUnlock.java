package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.TaskPolicy;
import java.util.Optional;
import java.util.regex.Pattern;

/** UnlockS3BucketPolicy: store the bucket policy, then delete it (s3:DeleteBucketPolicy). */
final class BucketPolicyUnlock extends PolicyUnlock {
    // S3 naming rules (lower case, digits, dots, hyphens; 3-63; starts and ends with a letter or
    // digit); the CRD's CEL rules add the reserved prefixes and suffixes
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

    @Override
    public TaskType type() {
        return TaskType.UnlockS3BucketPolicy;
    }

    @Override
    public TaskRequest.Field field() {
        return TaskRequest.Field.BUCKET_NAME;
    }

    @Override
    public TaskRequest.Validation validate(PrivilegedRootTaskSpec spec, QueueEndpoint sqs) {
        if (!BUCKET.matcher(spec.bucketName).matches() || spec.bucketName.contains("..")) {
            return TaskRequest.invalid(
                    "spec.bucketName '"
                            + spec.bucketName
                            + "' is not a valid S3 bucket name"
                            + " (3-63 lower-case letters, digits, dots and hyphens)");
        }
        return TaskRequest.ok(spec, this, spec.bucketName, null);
    }

    @Override
    public TaskPolicy taskPolicy() {
        return TaskPolicy.S3_UNLOCK;
    }

    @Override
    public String mutatingAction() {
        return "s3:DeleteBucketPolicy";
    }

    @Override
    public String notFoundReason() {
        return TaskReasons.BUCKET_NOT_FOUND;
    }

    @Override
    String noun() {
        return "bucket";
    }

    @Override
    Verbs verbs() {
        return new Verbs("delete", "deleting", "deleted");
    }

    @Override
    String eventReason() {
        return TaskReasons.EVENT_BUCKET_POLICY_DELETED;
    }

    @Override
    String resolve(PrivilegedTasks aws, RootSession session, String target) {
        return target;
    }

    @Override
    Optional<String> read(PrivilegedTasks aws, RootSession session, String bucket) {
        return aws.bucketPolicy(session, bucket);
    }

    @Override
    void remove(PrivilegedTasks aws, RootSession session, String bucket) {
        aws.deleteBucketPolicy(session, bucket);
    }
}
