package io.rootaccess.operator.task;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.reconcile.ErrorReasons;

/**
 * Every condition reason and event reason a PrivilegedRootTask carries, in one place. Reasons every
 * kind shares are not spelled again here: they point at their one definition (the guard's, and
 * {@link ErrorReasons} for AWS failures). A task type's own reasons (its target missing, its event)
 * are named by its {@link TaskHandler}.
 */
public final class TaskReasons {
    // Ready / Reconciling / Stalled (and the Warning event of the same name when the task fails)
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String MANAGEMENT_ACCOUNT = "ManagementAccount";
    public static final String NOT_IN_ORGANIZATION = "NotInOrganization";
    public static final String ACCOUNT_NOT_ACTIVE = "AccountNotActive";

    /** In rootaccess.protected-accounts: refused before any AWS call. */
    public static final String PROTECTED_ACCOUNT = "ProtectedAccount";

    /** A RootAccessPolicy whose targets include the account excludes it. */
    public static final String EXCLUDED_BY_POLICY = "ExcludedByPolicy";

    public static final String FEATURES_UNREADABLE = "FeaturesUnreadable";
    public static final String ACCOUNT_MANAGED_IN_OTHER_NAMESPACE =
            "AccountManagedInOtherNamespace";
    public static final String SPEC_CHANGED_WHILE_RUNNING = "SpecChangedWhileRunning";
    public static final String BUCKET_NOT_FOUND = "BucketNotFound";
    public static final String QUEUE_NOT_FOUND = "QueueNotFound";
    public static final String DENIED_BY_SCP = "DeniedByServiceControlPolicy";

    // shared with the other kinds: one definition each
    public static final String FEATURE_NOT_ENABLED =
            ErrorReasons.of(AwsErrorKind.FEATURE_NOT_ENABLED);
    public static final String ACCESS_DENIED = ErrorReasons.of(AwsErrorKind.ACCESS_DENIED);
    public static final String RETRYING = ErrorReasons.RETRYING;
    public static final String UNEXPECTED = ErrorReasons.UNEXPECTED;
    public static final String WRONG_ORGANIZATION = ErrorReasons.WRONG_ORGANIZATION;
    public static final String ORGANIZATION_UNVERIFIED = ErrorReasons.ORGANIZATION_UNVERIFIED;

    // Fail closed: compare-and-delete
    public static final String POLICY_CHANGED = "PolicyChanged";
    public static final String STORED_COPY_MISSING = "StoredCopyMissing";
    public static final String NOTHING_TO_DELETE = "NothingToDelete";

    // BlockedByPolicy / OnHold / SpecChangeIgnored
    public static final String NOT_BLOCKED = "NotBlocked";
    public static final String HOLD_ACTIVE = "HoldActive";
    public static final String HOLD_ENDED = "HoldEnded";
    public static final String TASK_ALREADY_RAN = "TaskAlreadyRan";

    // Events
    public static final String EVENT_BLOCKED_BY_POLICY = "BlockedByPolicy";
    public static final String EVENT_BUCKET_POLICY_DELETED = "BucketPolicyDeleted";
    public static final String EVENT_QUEUE_POLICY_CLEARED = "QueuePolicyCleared";
    public static final String EVENT_LOGIN_PROFILE_CREATED = "RootLoginProfileCreated";
    public static final String EVENT_LOGIN_PROFILE_EXISTED = "RootLoginProfileExisted";

    private TaskReasons() {}
}
