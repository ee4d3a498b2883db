package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.TaskPolicy;

/**
 * Everything one task type does, in one place: its spec field and its validation, the root session
 * it needs, the read before the change, the one mutating call, and its texts (status messages,
 * events, the reason when its target does not exist). The reconciler only runs the phases; nothing
 * outside a handler asks which type a task is.
 *
 * <p>A new type is a {@link TaskType} value, a handler (a {@link PolicyUnlock} subclass for "store
 * a resource policy, then delete it", else a new implementation), and its case in {@link
 * TaskHandlers#of}. The compiler names each of these: the switch in {@link TaskHandlers#of} has no
 * default, this interface and {@link PolicyUnlock} are sealed, and every method below is abstract.
 * CONTRIBUTING.md lists the files outside the operator's code (CRD rules, sandbox, docs, tests).
 */
public sealed interface TaskHandler permits PolicyUnlock, PasswordRecovery {

    TaskType type();

    /** The spec field this type needs; every other type's field must be unset. */
    TaskRequest.Field field();

    /**
     * Checks this type's field (already known to be the only one set): a valid request, or the
     * problem for the status. {@code sqs}: where the operator calls SQS (queue URLs elsewhere are
     * refused).
     */
    TaskRequest.Validation validate(PrivilegedRootTaskSpec spec, QueueEndpoint sqs);

    /** The AWS-managed task policy the task's root session is scoped to. */
    TaskPolicy taskPolicy();

    /** The organization feature AWS requires before it opens that session. */
    OrgFeature requiredFeature();

    /** The one mutating AWS action of this type (for the docs, the IAM policy and its tests). */
    String mutatingAction();

    /** "bucket locked-bucket", "queue locked-queue", "the root user": for messages. */
    String describeTarget(String target);

    /** The condition reason when the target does not exist (BucketNotFound...). */
    String notFoundReason();

    /**
     * Step 1, Pending: every read the mutating call depends on, and what must be kept before it
     * (the removed document). No mutating AWS call. Returns the status that marks the task Running
     * (persisted before step 2), or a final one when the task cannot run.
     *
     * @throws io.rootaccess.operator.aws.AwsException the caller maps it to the status
     */
    PrivilegedRootTaskStatus prepare(TaskRun run);

    /**
     * Step 2, Running: the one mutating call, after reading again in the same root session what it
     * changes. Idempotent: a pass repeated after an operator restart does no harm. Returns the
     * final status.
     *
     * @throws io.rootaccess.operator.aws.AwsException the caller maps it to the status
     */
    PrivilegedRootTaskStatus execute(TaskRun run);
}
