package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.TaskType;

/** The handler of each task type. */
public final class TaskHandlers {
    private static final TaskHandler BUCKET = new BucketPolicyUnlock();
    private static final TaskHandler QUEUE = new QueuePolicyUnlock();
    private static final TaskHandler RECOVERY = new PasswordRecovery();

    private TaskHandlers() {}

    /**
     * No default on purpose: a new {@link TaskType} does not compile until it has a handler here.
     */
    public static TaskHandler of(TaskType type) {
        return switch (type) {
            case UnlockS3BucketPolicy -> BUCKET;
            case UnlockSqsQueuePolicy -> QUEUE;
            case AllowPasswordRecovery -> RECOVERY;
        };
    }
}
