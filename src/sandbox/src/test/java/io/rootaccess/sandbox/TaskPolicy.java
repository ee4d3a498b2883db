package io.rootaccess.sandbox;

/** Short names for the task policies the sandbox's API tests open root sessions with. */
enum TaskPolicy {
    AUDIT(RootTaskPolicy.IAM_AUDIT_ROOT_USER_CREDENTIALS),
    DELETE(RootTaskPolicy.IAM_DELETE_ROOT_USER_CREDENTIALS),
    CREATE_PASSWORD(RootTaskPolicy.IAM_CREATE_ROOT_USER_PASSWORD),
    S3_UNLOCK(RootTaskPolicy.S3_UNLOCK_BUCKET_POLICY),
    SQS_UNLOCK(RootTaskPolicy.SQS_UNLOCK_QUEUE_POLICY);

    private final RootTaskPolicy policy;

    TaskPolicy(RootTaskPolicy policy) {
        this.policy = policy;
    }

    String arn() {
        return policy.arn();
    }
}
