package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskRequestTest {
    static final String ACCOUNT = "999900000002";

    static PrivilegedRootTaskSpec spec(TaskType type) {
        var s = new PrivilegedRootTaskSpec();
        s.accountId = ACCOUNT;
        s.type = type;
        return s;
    }

    static String problem(PrivilegedRootTaskSpec spec) {
        var v = TaskRequest.validate(spec);
        assertFalse(v.valid(), "expected invalid");
        return v.problem();
    }

    @Test
    void s3TaskResolvesItsSessionPolicyAndFeature() {
        var s = spec(TaskType.UnlockS3BucketPolicy);
        s.bucketName = "locked-bucket";
        TaskRequest r = TaskRequest.validate(s).request();
        assertEquals("locked-bucket", r.target());
        assertEquals(TaskPolicy.S3_UNLOCK, r.taskPolicy());
        assertEquals(OrgFeature.RootSessions, r.requiredFeature());
        assertEquals(TaskType.UnlockS3BucketPolicy, r.type());
        assertEquals("bucket locked-bucket", r.describeTarget());
        assertNull(r.holdDuration());
    }

    @Test
    void sqsTaskTakesANameOrAUrlOfTheSameAccount() {
        var s = spec(TaskType.UnlockSqsQueuePolicy);
        s.queue = "locked-queue";
        assertEquals(TaskPolicy.SQS_UNLOCK, TaskRequest.validate(s).request().taskPolicy());
        s.queue = "https://sqs.us-east-1.amazonaws.com/" + ACCOUNT + "/locked-queue.fifo";
        assertEquals(s.queue, TaskRequest.validate(s).request().target());
        s.queue = "http://127.0.0.1:4566/" + ACCOUNT + "/locked-queue";
        assertTrue(TaskRequest.validate(s).valid());

        s.queue = "https://sqs.us-east-1.amazonaws.com/111122223333/locked-queue";
        assertTrue(problem(s).contains("belongs to account 111122223333"), problem(s));
        s.queue = "https://sqs.us-east-1.amazonaws.com/locked-queue";
        assertTrue(problem(s).contains("is not a queue URL"), problem(s));
        s.queue = "bad name!";
        assertTrue(problem(s).contains("is not a queue name"), problem(s));
    }

    @Test
    void recoveryNeedsABoundedDuration() {
        var s = spec(TaskType.AllowPasswordRecovery);
        assertTrue(problem(s).contains("spec.duration is required"));
        s.duration = "1h30m";
        TaskRequest r = TaskRequest.validate(s).request();
        assertEquals(Duration.ofMinutes(90), r.holdDuration());
        assertEquals(TaskPolicy.CREATE_PASSWORD, r.taskPolicy());
        assertEquals(OrgFeature.RootCredentialsManagement, r.requiredFeature());
        assertEquals("the root user", r.describeTarget());

        s.duration = "24h";
        assertTrue(TaskRequest.validate(s).valid());
        s.duration = "25h";
        assertTrue(problem(s).contains("maximum hold of 24h"), problem(s));
        s.duration = "0s";
        assertTrue(problem(s).contains("longer than 0s"));
        s.duration = "an hour";
        assertTrue(problem(s).contains("invalid duration"));
    }

    @ParameterizedTest
    @CsvSource({
        "'', is not a 12-digit",
        "12345, is not a 12-digit",
        "9999000000021, is not a 12-digit",
        "99990000000a, is not a 12-digit"
    })
    void accountIdMustBeTwelveDigits(String accountId, String expected) {
        var s = spec(TaskType.UnlockS3BucketPolicy);
        s.bucketName = "locked-bucket";
        s.accountId = accountId;
        assertTrue(problem(s).contains(expected), problem(s));
    }

    @ParameterizedTest
    @CsvSource({"Locked-Bucket", "ab", "-locked", "locked-", "my..bucket", "bucket_name"})
    void bucketNamesFollowS3Rules(String bucket) {
        var s = spec(TaskType.UnlockS3BucketPolicy);
        s.bucketName = bucket;
        assertTrue(problem(s).contains("is not a valid S3 bucket name"), problem(s));
    }

    @Test
    void missingPartsAndFieldsOfAnotherTypeAreRefused() {
        assertEquals("spec is missing", problem(null));
        var noType = spec(null);
        assertTrue(problem(noType).contains("spec.type is required"));
        assertTrue(
                problem(spec(TaskType.UnlockS3BucketPolicy))
                        .contains("spec.bucketName is required"));
        assertTrue(problem(spec(TaskType.UnlockSqsQueuePolicy)).contains("spec.queue"));

        var mixed = spec(TaskType.UnlockS3BucketPolicy);
        mixed.bucketName = "locked-bucket";
        mixed.duration = "1h";
        assertTrue(
                problem(mixed).contains("spec.duration does not apply to UnlockS3BucketPolicy"),
                problem(mixed));
        var recovery = spec(TaskType.AllowPasswordRecovery);
        recovery.duration = "1h";
        recovery.queue = "locked-queue";
        assertTrue(problem(recovery).contains("spec.queue does not apply"), problem(recovery));
    }
}
