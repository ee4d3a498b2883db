package io.rootaccess.operator.sandbox;

import io.rootaccess.operator.aws.TaskPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What each AWS-managed root task policy allows inside an AssumeRoot session. */
final class TaskPolicies {
    private static final Set<String> LIST_ROOT_CREDENTIALS = Set.of("iam:GetLoginProfile", "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed", "iam:ListSigningCertificates", "iam:ListMFADevices", "iam:GetUser");

    private static final Map<TaskPolicy, Set<String>> ACTIONS = Map.of(
            TaskPolicy.AUDIT, union(LIST_ROOT_CREDENTIALS, Set.of("iam:GetAccountSummary")),
            TaskPolicy.DELETE, union(LIST_ROOT_CREDENTIALS, Set.of("iam:DeleteLoginProfile", "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate", "iam:DeactivateMFADevice")),
            TaskPolicy.CREATE_PASSWORD, Set.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
            TaskPolicy.S3_UNLOCK, Set.of("s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy",
                    "s3:ListAllMyBuckets"),
            TaskPolicy.SQS_UNLOCK, Set.of("sqs:ListQueues", "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
                    "sqs:SetQueueAttributes"));

    private TaskPolicies() {
    }

    static Optional<TaskPolicy> byArn(String arn) {
        for (TaskPolicy p : TaskPolicy.values()) {
            if (p.arn().equals(arn)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean allows(TaskPolicy policy, String action) {
        return ACTIONS.get(policy).contains(action);
    }

    /** RootCredentialsManagement gates the IAM tasks, RootSessions the S3/SQS unlock tasks. */
    static String requiredFeature(TaskPolicy policy) {
        return policy == TaskPolicy.S3_UNLOCK || policy == TaskPolicy.SQS_UNLOCK
                ? SandboxOrganization.ROOT_SESSIONS
                : SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }
}
