package io.rootaccess.operator.aws;

/** The AWS-managed task policies that scope an sts:AssumeRoot session. */
public enum TaskPolicy {
    AUDIT("IAMAuditRootUserCredentials"),
    DELETE("IAMDeleteRootUserCredentials"),
    CREATE_PASSWORD("IAMCreateRootUserPassword"),
    S3_UNLOCK("S3UnlockBucketPolicy"),
    SQS_UNLOCK("SQSUnlockQueuePolicy");

    private final String policyName;

    TaskPolicy(String policyName) {
        this.policyName = policyName;
    }

    public String policyName() {
        return policyName;
    }

    public String arn() {
        return "arn:aws:iam::aws:policy/root-task/" + policyName;
    }
}
