package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A validated PrivilegedRootTask spec. Validation returns a problem for the status instead of
 * throwing: the mock API server and clusters that skip the CRD schema let anything through.
 *
 * @param target the bucket name, the queue URL or name, or null for AllowPasswordRecovery
 * @param holdDuration AllowPasswordRecovery only: how long the account's Absent policy is held
 */
public record TaskRequest(String accountId, TaskType type, String target, Duration holdDuration) {

    /** A break-glass hold longer than this is refused: recovery is an emergency, not a state. */
    public static final Duration MAX_HOLD = Duration.ofHours(24);

    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");
    // S3 naming rules (lower case, digits, dots, hyphens; 3-63; starts and ends with a letter or
    // digit)
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern QUEUE_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,80}(\\.fifo)?$");
    private static final Pattern QUEUE_URL =
            Pattern.compile(
                    "^https?://[^\\s/]+(:[0-9]+)?/[0-9]{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$");

    /** Either a request or a message for the Failed status. */
    public record Validation(TaskRequest request, String problem) {
        public boolean valid() {
            return request != null;
        }
    }

    /** Validation without the queue URL's host check (callers after the task ran, tests). */
    public static Validation validate(PrivilegedRootTaskSpec spec) {
        return validate(spec, QueueEndpoint.ANY);
    }

    /**
     * @param sqs where the operator calls SQS: a queue URL elsewhere is refused
     */
    public static Validation validate(PrivilegedRootTaskSpec spec, QueueEndpoint sqs) {
        if (spec == null) {
            return invalid("spec is missing");
        }
        if (spec.accountId == null || !ACCOUNT_ID.matcher(spec.accountId).matches()) {
            return invalid(
                    "spec.accountId '" + spec.accountId + "' is not a 12-digit AWS account id");
        }
        if (spec.type == null) {
            return invalid(
                    "spec.type is required: UnlockS3BucketPolicy, UnlockSqsQueuePolicy or AllowPasswordRecovery");
        }
        return switch (spec.type) {
            case UnlockS3BucketPolicy -> bucket(spec);
            case UnlockSqsQueuePolicy -> queue(spec, sqs);
            case AllowPasswordRecovery -> recovery(spec);
        };
    }

    private static Validation bucket(PrivilegedRootTaskSpec spec) {
        if (blank(spec.bucketName)) {
            return invalid("spec.bucketName is required for UnlockS3BucketPolicy");
        }
        if (!BUCKET.matcher(spec.bucketName).matches() || spec.bucketName.contains("..")) {
            return invalid(
                    "spec.bucketName '"
                            + spec.bucketName
                            + "' is not a valid S3 bucket name"
                            + " (3-63 lower-case letters, digits, dots and hyphens)");
        }
        Validation unused =
                unusedFields(
                        spec,
                        spec.queue != null ? "queue" : null,
                        spec.duration != null ? "duration" : null);
        return unused != null ? unused : ok(spec, spec.bucketName, null);
    }

    private static Validation queue(PrivilegedRootTaskSpec spec, QueueEndpoint sqs) {
        if (blank(spec.queue)) {
            return invalid("spec.queue (a queue URL or name) is required for UnlockSqsQueuePolicy");
        }
        String q = spec.queue.trim();
        if (q.contains("://")) {
            if (!QUEUE_URL.matcher(q).matches()) {
                return invalid(
                        "spec.queue '"
                                + q
                                + "' is not a queue URL like https://sqs.us-east-1.amazonaws.com/"
                                + spec.accountId
                                + "/my-queue");
            }
            String owner = q.split("/")[3];
            if (!owner.equals(spec.accountId)) {
                return invalid(
                        "spec.queue '"
                                + q
                                + "' belongs to account "
                                + owner
                                + ", not to spec.accountId "
                                + spec.accountId);
            }
            var elsewhere = sqs.problem(q);
            if (elsewhere.isPresent()) {
                return invalid(elsewhere.get());
            }
        } else if (!QUEUE_NAME.matcher(q).matches()) {
            return invalid(
                    "spec.queue '"
                            + q
                            + "' is not a queue name (1-80 letters, digits, hyphens and"
                            + " underscores, optionally ending in .fifo) or a queue URL");
        }
        Validation unused =
                unusedFields(
                        spec,
                        spec.bucketName != null ? "bucketName" : null,
                        spec.duration != null ? "duration" : null);
        return unused != null ? unused : ok(spec, q, null);
    }

    private static Validation recovery(PrivilegedRootTaskSpec spec) {
        if (blank(spec.duration)) {
            return invalid(
                    "spec.duration is required for AllowPasswordRecovery (how long the account's Absent"
                            + " policy is held, for example 4h; at most "
                            + MAX_HOLD.toHours()
                            + "h)");
        }
        Duration d;
        try {
            d = Durations.parse(spec.duration);
        } catch (IllegalArgumentException e) {
            return invalid("spec.duration: " + e.getMessage());
        }
        if (d.isZero()) {
            return invalid("spec.duration must be longer than 0s");
        }
        if (d.compareTo(MAX_HOLD) > 0) {
            return invalid(
                    "spec.duration "
                            + spec.duration
                            + " is longer than the maximum hold of "
                            + MAX_HOLD.toHours()
                            + "h: recover the password within a day, or create a new task afterwards");
        }
        Validation unused =
                unusedFields(
                        spec,
                        spec.bucketName != null ? "bucketName" : null,
                        spec.queue != null ? "queue" : null);
        return unused != null ? unused : ok(spec, null, d);
    }

    /** A field of another task type is a sign of a mistaken type: refuse instead of guessing. */
    private static Validation unusedFields(PrivilegedRootTaskSpec spec, String... fields) {
        for (String f : fields) {
            if (f != null) {
                return invalid(
                        "spec."
                                + f
                                + " does not apply to "
                                + spec.type
                                + ": remove it or fix spec.type");
            }
        }
        return null;
    }

    /** The AWS-managed task policy the task's root session is scoped to. */
    public TaskPolicy taskPolicy() {
        return switch (type) {
            case UnlockS3BucketPolicy -> TaskPolicy.S3_UNLOCK;
            case UnlockSqsQueuePolicy -> TaskPolicy.SQS_UNLOCK;
            case AllowPasswordRecovery -> TaskPolicy.CREATE_PASSWORD;
        };
    }

    /** The organization feature AWS requires before it opens that session. */
    public OrgFeature requiredFeature() {
        return type == TaskType.AllowPasswordRecovery
                ? OrgFeature.RootCredentialsManagement
                : OrgFeature.RootSessions;
    }

    /** Unlock tasks read and remove a resource policy; recovery does not. */
    public boolean unlocksPolicy() {
        return type != TaskType.AllowPasswordRecovery;
    }

    /** "bucket locked-bucket", "queue locked-queue", "the root user": for messages. */
    public String describeTarget() {
        return switch (type) {
            case UnlockS3BucketPolicy -> "bucket " + target;
            case UnlockSqsQueuePolicy -> "queue " + target;
            case AllowPasswordRecovery -> "the root user";
        };
    }

    private static Validation ok(PrivilegedRootTaskSpec spec, String target, Duration hold) {
        return new Validation(new TaskRequest(spec.accountId, spec.type, target, hold), null);
    }

    private static Validation invalid(String problem) {
        return new Validation(null, problem);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
