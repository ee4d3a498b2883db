package io.rootaccess.operator.task;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A validated PrivilegedRootTask spec. Validation returns a problem for the status instead of
 * throwing: the mock API server and clusters that skip the CRD schema let anything through. The
 * checks common to every type live here; each type's own field is checked by its {@link
 * TaskHandler}.
 *
 * @param handler what the task's type does
 * @param target the bucket name, the queue URL or name, or null for AllowPasswordRecovery
 * @param holdDuration AllowPasswordRecovery only: how long the account's Absent policy is held
 */
public record TaskRequest(
        String accountId, TaskHandler handler, String target, Duration holdDuration) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");

    /** The spec fields that name a task's target; each type uses exactly one. */
    public enum Field {
        BUCKET_NAME("bucketName", "", s -> s.bucketName),
        QUEUE("queue", " (a queue URL or name)", s -> s.queue),
        DURATION(
                "duration",
                " (how long the account's Absent policy is held, for example 4h; at most "
                        + PasswordRecovery.MAX_HOLD.toHours()
                        + "h)",
                s -> s.duration);

        private final String jsonName;
        private final String hint;
        private final Function<PrivilegedRootTaskSpec, String> value;

        Field(String jsonName, String hint, Function<PrivilegedRootTaskSpec, String> value) {
            this.jsonName = jsonName;
            this.hint = hint;
            this.value = value;
        }

        /** "spec.bucketName": for messages. */
        public String path() {
            return "spec." + jsonName;
        }

        public String of(PrivilegedRootTaskSpec spec) {
            return value.apply(spec);
        }
    }

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
        if (spec.unreadable != null) { // fail closed: an unreadable spec is never an empty one
            return invalid(spec.unreadable);
        }
        if (spec.accountId == null || !ACCOUNT_ID.matcher(spec.accountId).matches()) {
            return invalid(
                    "spec.accountId '" + spec.accountId + "' is not a 12-digit AWS account id");
        }
        if (spec.type == null) {
            return invalid(
                    "spec.type is required: "
                            + Arrays.stream(TaskType.values())
                                    .map(TaskType::name)
                                    .collect(Collectors.joining(", ")));
        }
        TaskHandler handler = TaskHandlers.of(spec.type);
        if (blank(handler.field().of(spec))) {
            return invalid(
                    handler.field().path()
                            + " is required for "
                            + spec.type
                            + handler.field().hint);
        }
        // a field of another task type is a sign of a mistaken type: refuse instead of guessing
        for (Field f : Field.values()) {
            if (f != handler.field() && f.of(spec) != null) {
                return invalid(
                        f.path()
                                + " does not apply to "
                                + spec.type
                                + ": remove it or fix spec.type");
            }
        }
        return handler.validate(spec, sqs);
    }

    public TaskType type() {
        return handler.type();
    }

    public TaskPolicy taskPolicy() {
        return handler.taskPolicy();
    }

    public OrgFeature requiredFeature() {
        return handler.requiredFeature();
    }

    /** "bucket locked-bucket", "queue locked-queue", "the root user": for messages. */
    public String describeTarget() {
        return handler.describeTarget(target);
    }

    /** "bucket locked-bucket in account 999900000002": for messages. */
    public String describeTargetInAccount() {
        return describeTarget() + " in account " + accountId;
    }

    static Validation ok(
            PrivilegedRootTaskSpec spec, TaskHandler handler, String target, Duration hold) {
        return new Validation(new TaskRequest(spec.accountId, handler, target, hold), null);
    }

    static Validation invalid(String problem) {
        return new Validation(null, problem);
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
