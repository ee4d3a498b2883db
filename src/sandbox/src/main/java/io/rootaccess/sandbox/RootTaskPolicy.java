package io.rootaccess.sandbox;

import java.util.Optional;
import java.util.Set;

/**
 * The AWS-managed task policies ({@code arn:aws:iam::aws:policy/root-task/<Name>}) that scope an
 * sts:AssumeRoot session, and the actions each allows inside the session, as the IAM User Guide
 * lists them (condensed in the project's AWS-ROOT-ACCESS reference). The sandbox keeps its own
 * table rather than reading the operator's: it is the oracle the operator is tested against.
 */
public enum RootTaskPolicy {
    IAM_AUDIT_ROOT_USER_CREDENTIALS(
            "IAMAuditRootUserCredentials",
            SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT,
            "iam:GetAccountSummary",
            "iam:GetLoginProfile",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:ListSigningCertificates",
            "iam:ListMFADevices",
            "iam:GetUser"),
    // Can list what it deletes, but not GetAccountSummary; DeleteVirtualMFADevice was dropped in
    // Jan 2025.
    IAM_DELETE_ROOT_USER_CREDENTIALS(
            "IAMDeleteRootUserCredentials",
            SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT,
            "iam:DeleteLoginProfile",
            "iam:DeleteAccessKey",
            "iam:DeleteSigningCertificate",
            "iam:DeactivateMFADevice",
            "iam:GetLoginProfile",
            "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed",
            "iam:ListSigningCertificates",
            "iam:ListMFADevices",
            "iam:GetUser"),
    IAM_CREATE_ROOT_USER_PASSWORD(
            "IAMCreateRootUserPassword",
            SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT,
            "iam:CreateLoginProfile",
            "iam:GetLoginProfile"),
    S3_UNLOCK_BUCKET_POLICY(
            "S3UnlockBucketPolicy",
            SandboxOrganization.ROOT_SESSIONS,
            "s3:GetBucketPolicy",
            "s3:DeleteBucketPolicy",
            "s3:PutBucketPolicy",
            "s3:ListAllMyBuckets"),
    SQS_UNLOCK_QUEUE_POLICY(
            "SQSUnlockQueuePolicy",
            SandboxOrganization.ROOT_SESSIONS,
            "sqs:ListQueues",
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:SetQueueAttributes");

    static final String ARN_PREFIX = "arn:aws:iam::aws:policy/root-task/";

    private final String policyName;

    /**
     * The organization feature AssumeRoot needs for this policy: RootSessions gates the S3/SQS
     * unlock tasks.
     */
    private final String requiredFeature;

    private final Set<String> actions;

    RootTaskPolicy(String policyName, String requiredFeature, String... actions) {
        this.policyName = policyName;
        this.requiredFeature = requiredFeature;
        this.actions = Set.of(actions);
    }

    public String policyName() {
        return policyName;
    }

    public String arn() {
        return ARN_PREFIX + policyName;
    }

    String requiredFeature() {
        return requiredFeature;
    }

    Set<String> actions() {
        return actions;
    }

    public boolean allows(String action) {
        return actions.contains(action);
    }

    public static Optional<RootTaskPolicy> byArn(String arn) {
        for (RootTaskPolicy p : values()) {
            if (p.arn().equals(arn)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
