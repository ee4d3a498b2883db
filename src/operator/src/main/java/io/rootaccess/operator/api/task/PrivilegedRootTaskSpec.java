package io.rootaccess.operator.api.task;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.LenientSpec;

/*
 * The CEL rules below let a real API server refuse a task whose fields do not fit its type before the
 * operator sees it; TaskRequest checks the same for clusters (and the mock server) that skip them.
 */
@JsonClassDescription(
        "What to run: the task type, the member account and the one field that type needs.")
@JsonInclude(JsonInclude.Include.NON_NULL)
// A task runs once: an edited spec would describe something that did not run (create a new task).
@ValidationRule(
        value = "self == oldSelf",
        message = "a task's spec is immutable: create another PrivilegedRootTask",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.type != 'UnlockS3BucketPolicy' || has(self.bucketName)",
        message = "bucketName is required when type is UnlockS3BucketPolicy",
        reason = "FieldValueRequired")
@ValidationRule(
        value = "!has(self.bucketName) || self.type == 'UnlockS3BucketPolicy'",
        message = "bucketName only with UnlockS3BucketPolicy",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.type != 'UnlockSqsQueuePolicy' || has(self.queue)",
        message = "queue is required when type is UnlockSqsQueuePolicy",
        reason = "FieldValueRequired")
@ValidationRule(
        value = "!has(self.queue) || self.type == 'UnlockSqsQueuePolicy'",
        message = "queue only with UnlockSqsQueuePolicy",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.type != 'AllowPasswordRecovery' || has(self.duration)",
        message = "duration is required when type is AllowPasswordRecovery",
        reason = "FieldValueRequired")
@ValidationRule(
        value = "!has(self.duration) || self.type == 'AllowPasswordRecovery'",
        message = "duration only with AllowPasswordRecovery",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "!has(self.queue) || !self.queue.startsWith('https://') || self.queue.contains('/' + self.accountId + '/')",
        message = "the account id in the queue URL must be spec.accountId",
        reason = "FieldValueInvalid")
public class PrivilegedRootTaskSpec {
    @Required
    @Pattern(ApiGroup.ACCOUNT_ID_PATTERN)
    @Size(max = 12)
    @JsonPropertyDescription(
            "The 12-digit id of the member account the task runs in (never the management account).")
    public String accountId;

    @Required
    @JsonPropertyDescription(
            "UnlockS3BucketPolicy (needs bucketName), UnlockSqsQueuePolicy (needs queue) or"
                    + " AllowPasswordRecovery (needs duration).")
    public TaskType type;

    @Pattern(ApiGroup.BUCKET_NAME_PATTERN)
    @Size(min = 3, max = 63)
    @ValidationRule(
            value = "!self.contains('..')",
            message = "an S3 bucket name has no two adjacent dots")
    @ValidationRule(
            value = "!self.matches('^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$')",
            message = "an S3 bucket name is not an IP address")
    @ValidationRule(
            value =
                    "!self.startsWith('xn--') && !self.startsWith('sthree-') && !self.startsWith('amzn-s3-demo-')",
            message = "an S3 bucket name does not start with xn--, sthree- or amzn-s3-demo-")
    @ValidationRule(
            value =
                    "!self.endsWith('-s3alias') && !self.endsWith('--ol-s3') && !self.endsWith('.mrap')"
                            + " && !self.endsWith('--x-s3') && !self.endsWith('--table-s3')",
            message =
                    "an S3 bucket name does not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3")
    @JsonPropertyDescription(
            "UnlockS3BucketPolicy only: the bucket (in accountId) whose policy is stored, then deleted.")
    public String bucketName;

    @Pattern(ApiGroup.QUEUE_NAME_OR_URL_PATTERN)
    @Size(min = 1, max = ApiGroup.QUEUE_MAX_LENGTH)
    @JsonPropertyDescription(
            "UnlockSqsQueuePolicy only: the queue whose Policy attribute is stored, then cleared; a"
                    + " queue name (looked up in accountId) or a queue URL https://sqs.REGION.amazonaws.com/ACCOUNT/NAME whose"
                    + " ACCOUNT is accountId.")
    public String queue;

    @Pattern(ApiGroup.DURATION_PATTERN)
    @Size(max = ApiGroup.DURATION_MAX_LENGTH)
    @ValidationRule(value = "self.matches('[1-9]')", message = "duration must be longer than 0s")
    @JsonPropertyDescription(
            "AllowPasswordRecovery only: how long the account's Absent policy is held, with units d,"
                    + " h, m, s (e.g. 4h, 1h30m); longer than 0s and at most 24h.")
    public String duration;

    /**
     * Set instead of the fields when the stored spec cannot be read (see {@link LenientSpec}):
     * which field and why. Never stored, never in the schema; a marked spec is refused.
     */
    @JsonIgnore public String unreadable;

    /** Reads the spec without throwing: an unreadable one comes back empty and marked. */
    public static final class Lenient extends LenientSpec<PrivilegedRootTaskSpec> {
        public Lenient() {
            super(
                    PrivilegedRootTaskSpec.class,
                    (empty, problem) -> {
                        empty.unreadable = problem;
                        return empty;
                    });
        }
    }
}
