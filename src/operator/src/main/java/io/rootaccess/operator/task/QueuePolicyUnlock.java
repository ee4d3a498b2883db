package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.TaskPolicy;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * UnlockSqsQueuePolicy: store the queue's Policy attribute, then clear it (sqs:SetQueueAttributes
 * with an empty Policy). The queue is given by name (looked up in the account) or by URL.
 */
final class QueuePolicyUnlock extends PolicyUnlock {
    private static final Pattern QUEUE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}(\\.fifo)?$");
    private static final Pattern QUEUE_URL =
            Pattern.compile(
                    "^https?://[^\\s/]+(:[0-9]+)?/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$");

    @Override
    public TaskType type() {
        return TaskType.UnlockSqsQueuePolicy;
    }

    @Override
    public TaskRequest.Field field() {
        return TaskRequest.Field.QUEUE;
    }

    @Override
    public TaskRequest.Validation validate(PrivilegedRootTaskSpec spec, QueueEndpoint sqs) {
        String q = spec.queue.trim();
        if (!q.contains("://")) {
            return QUEUE_NAME.matcher(q).matches()
                    ? TaskRequest.ok(spec, this, q, null)
                    : TaskRequest.invalid(
                            "spec.queue '"
                                    + q
                                    + "' is not a queue name (1-80 letters, digits, hyphens and"
                                    + " underscores, optionally ending in .fifo) or a queue URL");
        }
        if (!QUEUE_URL.matcher(q).matches()) {
            return TaskRequest.invalid(
                    "spec.queue '"
                            + q
                            + "' is not a queue URL like https://sqs.us-east-1.amazonaws.com/"
                            + spec.accountId
                            + "/my-queue");
        }
        String owner = q.split("/")[3];
        if (!owner.equals(spec.accountId)) {
            return TaskRequest.invalid(
                    "spec.queue '"
                            + q
                            + "' belongs to account "
                            + owner
                            + ", not to spec.accountId "
                            + spec.accountId);
        }
        return sqs.problem(q)
                .map(TaskRequest::invalid)
                .orElseGet(() -> TaskRequest.ok(spec, this, q, null));
    }

    @Override
    public TaskPolicy taskPolicy() {
        return TaskPolicy.SQS_UNLOCK;
    }

    @Override
    public String mutatingAction() {
        return "sqs:SetQueueAttributes";
    }

    @Override
    public String notFoundReason() {
        return TaskReasons.QUEUE_NOT_FOUND;
    }

    @Override
    String noun() {
        return "queue";
    }

    @Override
    Verbs verbs() {
        return new Verbs("clear", "clearing", "cleared");
    }

    @Override
    String eventReason() {
        return TaskReasons.EVENT_QUEUE_POLICY_CLEARED;
    }

    @Override
    String resolve(PrivilegedTasks aws, RootSession session, String target) {
        return aws.queueUrl(session, target);
    }

    @Override
    Optional<String> read(PrivilegedTasks aws, RootSession session, String queueUrl) {
        return aws.queuePolicy(session, queueUrl);
    }

    @Override
    void remove(PrivilegedTasks aws, RootSession session, String queueUrl) {
        aws.clearQueuePolicy(session, queueUrl);
    }
}
