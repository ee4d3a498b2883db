package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.StatusPatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TaskStatusFactoryTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final TaskStatusFactory recorder = new TaskStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));

    static TaskRequest request(TaskType type, String target, String duration) {
        var s = new PrivilegedRootTaskSpec();
        s.accountId = "999900000002";
        s.type = type;
        if (type == TaskType.UnlockS3BucketPolicy) {
            s.bucketName = target;
        } else if (type == TaskType.UnlockSqsQueuePolicy) {
            s.queue = target;
        } else {
            s.duration = duration;
        }
        return TaskRequest.validate(s).request();
    }

    static String condition(PrivilegedRootTaskStatus st, String type) {
        return Conditions.find(st.conditions, type).map(Condition::getStatus).orElse(null);
    }

    @Test
    void pendingThenRunningThenSucceededWithTheReadyTrio() {
        var st = new PrivilegedRootTaskStatus();
        recorder.pending(st, 1L);
        assertEquals(TaskPhase.Pending, st.phase);
        assertEquals("False", condition(st, ConditionTypes.READY));
        assertEquals("True", condition(st, ConditionTypes.RECONCILING));

        st.policyWasPresent = true;
        st.removedPolicy = "{}";
        TaskRequest s3 = request(TaskType.UnlockS3BucketPolicy, "locked-bucket", null);
        recorder.running(st, 1L, s3, "ASIAEXAMPLE");
        assertEquals(TaskPhase.Running, st.phase);
        assertEquals(1L, st.executedGeneration);
        assertEquals(NOW.toString(), st.startTime);
        assertTrue(st.message.contains("deleting it"), st.message);

        recorder.unlocked(st, s3, "ASIAEXAMPLE");
        assertEquals(TaskPhase.Succeeded, st.phase);
        assertEquals(NOW.toString(), st.completionTime);
        assertEquals("True", condition(st, ConditionTypes.READY));
        assertEquals("False", condition(st, ConditionTypes.STALLED));
        assertTrue(st.message.contains("status.removedPolicy"), st.message);
        assertTrue(st.conditions.stream().allMatch(c -> c.getObservedGeneration() == 1L));
    }

    @Test
    void anUnchangedOutcomeYieldsAnIdenticalStatus() {
        var st = new PrivilegedRootTaskStatus();
        recorder.pending(st, 1L);
        var before = StatusPatch.snapshot(st);
        recorder.pending(st, 1L);
        assertFalse(StatusPatch.changed(before, st));
    }

    @Test
    void recoveryHoldsForTheDurationAndReportsTheEndOfTheHold() {
        var st = new PrivilegedRootTaskStatus();
        TaskRequest recovery = request(TaskType.AllowPasswordRecovery, null, "1h");
        recorder.running(st, 3L, recovery, null);
        recorder.recoveryAllowed(st, recovery, true, "ASIAEXAMPLE");
        assertEquals(TaskPhase.Succeeded, st.phase);
        assertEquals("2026-11-22T13:00:00Z", st.holdUntil);
        assertEquals("True", condition(st, ConditionTypes.ON_HOLD));
        assertTrue(st.message.contains("created the root login profile"), st.message);

        recorder.holdState(st, NOW.plus(Duration.ofHours(1)));
        assertEquals("False", condition(st, ConditionTypes.ON_HOLD));
        assertEquals(TaskPhase.Succeeded, st.phase, "the hold ending does not change the outcome");
    }

    @Test
    void aMalformedHoldUntilMeansNoHold() {
        var st = new PrivilegedRootTaskStatus();
        st.holdUntil = "tomorrow";
        recorder.holdState(st, NOW);
        assertNull(TaskStatusFactory.holdUntil(st));
        assertTrue(Conditions.find(st.conditions, ConditionTypes.ON_HOLD).isEmpty());
    }

    @Test
    void aDenialNamesTheScpAndTheFix() {
        var st = new PrivilegedRootTaskStatus();
        recorder.pending(st, 1L);
        var denial =
                new PolicyDenial(
                        "999900000002",
                        "s3:DeleteBucketPolicy",
                        "p-12345678",
                        "keep-policies",
                        "ou-ab12-cdef3456",
                        "Exempt root sessions.");
        recorder.denied(st, 1L, denial);
        assertEquals(TaskPhase.Failed, st.phase);
        assertTrue(
                st.message.contains("p-12345678") && st.message.contains("Exempt root sessions."),
                st.message);
        Condition blocked =
                Conditions.find(st.conditions, ConditionTypes.BLOCKED_BY_POLICY).orElseThrow();
        assertEquals("True", blocked.getStatus());
        assertEquals("DeniedByServiceControlPolicy", blocked.getReason());
        assertEquals("True", condition(st, ConditionTypes.STALLED));

        var plain = new PrivilegedRootTaskStatus();
        recorder.denied(
                plain,
                1L,
                new PolicyDenial("999900000002", "sts:AssumeRoot", null, null, null, null));
        assertEquals(
                "AccessDenied",
                Conditions.find(plain.conditions, ConditionTypes.BLOCKED_BY_POLICY)
                        .orElseThrow()
                        .getReason());
    }

    @Test
    void retryingKeepsThePhase() {
        var st = new PrivilegedRootTaskStatus();
        recorder.running(
                st,
                1L,
                request(TaskType.UnlockSqsQueuePolicy, "locked-queue", null),
                "ASIAEXAMPLE");
        recorder.retrying(
                st,
                1L,
                new AwsException(
                        AwsErrorKind.THROTTLED,
                        "sqs:SetQueueAttributes",
                        "Throttling",
                        "slow down"),
                Duration.ofSeconds(4));
        assertEquals(TaskPhase.Running, st.phase);
        Condition reconciling =
                Conditions.find(st.conditions, ConditionTypes.RECONCILING).orElseThrow();
        assertEquals("True", reconciling.getStatus());
        assertEquals("Retrying", reconciling.getReason());
        assertTrue(
                reconciling.getMessage().contains("sqs:SetQueueAttributes")
                        && reconciling.getMessage().contains("4.0s"),
                reconciling.getMessage());
    }

    @Test
    void aSpecEditAfterTheRunIsReportedForTheNewGeneration() {
        var st = new PrivilegedRootTaskStatus();
        TaskRequest s3 = request(TaskType.UnlockS3BucketPolicy, "locked-bucket", null);
        st.policyWasPresent = false;
        recorder.running(st, 1L, s3, "ASIAEXAMPLE");
        recorder.unlocked(st, s3, "ASIAEXAMPLE");
        recorder.specChangeIgnored(st, 2L);
        assertEquals(2L, st.observedGeneration);
        assertEquals(1L, st.executedGeneration);
        assertEquals(TaskPhase.Succeeded, st.phase);
        assertEquals("True", condition(st, TaskStatusFactory.SPEC_CHANGE_IGNORED));
        assertTrue(st.conditions.stream().allMatch(c -> c.getObservedGeneration() == 2L));
        assertNull(st.holdUntil);
    }

    @Test
    void aPreconditionFailureSaysNothingChanged() {
        var st = new PrivilegedRootTaskStatus();
        recorder.preconditionFailed(
                st, 1L, "ManagementAccount", "account 111111111111 is the management account");
        assertEquals(TaskPhase.Failed, st.phase);
        assertTrue(st.message.contains("nothing was changed"), st.message);
        assertEquals(
                "ManagementAccount",
                Conditions.find(st.conditions, ConditionTypes.STALLED).orElseThrow().getReason());
        assertNull(st.executedGeneration);
    }
}
