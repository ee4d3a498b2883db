package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.StatusPatch;
import io.rootaccess.operator.testing.Tasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TaskStatusFactoryTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final TaskStatusFactory factory = new TaskStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));
    static final RemovedPolicyStore.Copy COPY =
            new RemovedPolicyStore.Copy(true, "{}", "root-access/removed-policy-x");

    static TaskRequest request(TaskType type, String target) {
        return TaskRequest.validate(Tasks.of("ns", "t", "999900000002", type, target).getSpec())
                .request();
    }

    static String condition(PrivilegedRootTaskStatus st, String type) {
        return Conditions.find(st.conditions, type).map(Condition::getStatus).orElse(null);
    }

    PrivilegedRootTaskStatus running() {
        var pending = factory.pending(new PrivilegedRootTaskStatus(), 1L);
        return factory.running(pending, 1L, "ASIAEXAMPLE", COPY, "deleting it");
    }

    @Test
    void pendingThenRunningThenSucceededWithTheReadyTrio() {
        var pending = factory.pending(new PrivilegedRootTaskStatus(), 1L);
        assertEquals(TaskPhase.Pending, pending.phase);
        assertEquals("False", condition(pending, ConditionTypes.READY));
        assertEquals("True", condition(pending, ConditionTypes.RECONCILING));

        var running = factory.running(pending, 1L, "ASIAEXAMPLE", COPY, "deleting it");
        assertEquals(TaskPhase.Running, running.phase);
        assertEquals(1L, running.executedGeneration);
        assertEquals(NOW.toString(), running.startTime);
        assertEquals("{}", running.removedPolicy);
        assertEquals("root-access/removed-policy-x", running.removedPolicyConfigMap);
        assertNull(running.completionTime);

        var done = factory.succeeded(running, 1L, "ASIAEXAMPLE", null, "deleted");
        assertEquals(TaskPhase.Succeeded, done.phase);
        assertEquals(NOW.toString(), done.completionTime);
        assertEquals("True", condition(done, ConditionTypes.READY));
        assertEquals("False", condition(done, ConditionTypes.STALLED));
        assertEquals("deleted", done.message);
        assertTrue(done.conditions.stream().allMatch(c -> c.getObservedGeneration() == 1L));
    }

    /**
     * Each outcome builds a new status: the one it starts from is never edited, and the run record
     * (what ran, what was kept) is carried into every outcome, whatever it is.
     */
    @Test
    void everyOutcomeBuildsANewStatusAndKeepsTheRunRecord() {
        AwsException throttled =
                new AwsException(AwsErrorKind.THROTTLED, "s3:DeleteBucketPolicy", "Slow", "x");
        TaskRequest s3 = request(TaskType.UnlockS3BucketPolicy, "locked-bucket");
        List<UnaryOperator<PrivilegedRootTaskStatus>> outcomes =
                List.of(
                        st -> factory.retrying(st, 1L, throttled, Duration.ofSeconds(2)),
                        st -> factory.unexpected(st, 1L, new IllegalStateException("boom")),
                        st -> factory.guardRefused(st, 1L, "WrongOrganization", "not ours"),
                        st -> factory.succeeded(st, 1L, "ASIAOTHER", null, "deleted"),
                        st -> factory.failedInSession(st, 1L, "ASIAOTHER", "PolicyChanged", "x"),
                        st -> factory.failed(st, 1L, "X", "y"),
                        st -> factory.specChangedWhileRunning(st, 2L),
                        st -> factory.targetNotFound(st, 1L, s3, throttled, true),
                        st -> factory.awsFailure(st, 1L, throttled),
                        st -> factory.finished(st, 2L, NOW),
                        st ->
                                factory.denied(
                                        st,
                                        1L,
                                        new PolicyDenial(
                                                "999900000002",
                                                "s3:DeleteBucketPolicy",
                                                null,
                                                null,
                                                null,
                                                null)));
        for (UnaryOperator<PrivilegedRootTaskStatus> outcome : outcomes) {
            PrivilegedRootTaskStatus before = running();
            var snapshot = StatusPatch.snapshot(before);
            PrivilegedRootTaskStatus after = outcome.apply(before);
            assertNotSame(before, after);
            assertFalse(StatusPatch.changed(snapshot, before), "the previous status was edited");
            assertEquals(1L, after.executedGeneration);
            assertEquals(NOW.toString(), after.startTime);
            assertEquals(Boolean.TRUE, after.policyWasPresent);
            assertEquals("{}", after.removedPolicy);
            assertEquals("root-access/removed-policy-x", after.removedPolicyConfigMap);
            for (Condition c : before.conditions) {
                assertTrue(
                        after.conditions.stream().noneMatch(a -> a == c),
                        "conditions are copies, not shared");
            }
        }
    }

    @Test
    void anUnchangedOutcomeYieldsAnIdenticalStatus() {
        var once = factory.pending(new PrivilegedRootTaskStatus(), 1L);
        var twice = factory.pending(once, 1L);
        assertFalse(StatusPatch.changed(StatusPatch.snapshot(once), twice));
    }

    @Test
    void theCompletionTimeIsWhenTheTaskEndedAndStays() {
        var failed =
                factory.failed(
                        running(), 1L, TaskReasons.POLICY_CHANGED, "changed since it was read");
        assertEquals(NOW.toString(), failed.completionTime);
        var later = new TaskStatusFactory(Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        var reported = later.guardRefused(failed, 1L, "WrongOrganization", "not ours");
        assertEquals(TaskPhase.Failed, reported.phase);
        assertEquals(NOW.toString(), reported.completionTime, "still when it ended");
        assertNull(later.retrying(running(), 1L, throttled(), Duration.ZERO).completionTime);
    }

    static AwsException throttled() {
        return new AwsException(AwsErrorKind.THROTTLED, "sqs:SetQueueAttributes", "T", "slow");
    }

    @Test
    void recoveryHoldsUntilItsEndAndReportsTheEndOfTheHold() {
        var running =
                factory.running(
                        factory.pending(new PrivilegedRootTaskStatus(), 3L),
                        3L,
                        null,
                        null,
                        "creating the root login profile");
        var done =
                factory.succeeded(
                        running,
                        3L,
                        "ASIAEXAMPLE",
                        NOW.plus(Duration.ofHours(1)),
                        "created the root login profile");
        assertEquals(TaskPhase.Succeeded, done.phase);
        assertEquals("2026-11-22T13:00:00Z", done.holdUntil);
        assertEquals("True", condition(done, ConditionTypes.ON_HOLD));
        assertNull(done.policyWasPresent, "no copy for a recovery task");

        var ended = factory.finished(done, 3L, NOW.plus(Duration.ofHours(1)));
        assertEquals("False", condition(ended, ConditionTypes.ON_HOLD));
        assertEquals(TaskPhase.Succeeded, ended.phase, "the end of the hold is not a new outcome");
        assertEquals(done.completionTime, ended.completionTime);
    }

    @Test
    void aMalformedHoldUntilMeansNoHold() {
        var st = factory.succeeded(running(), 1L, "ASIAEXAMPLE", null, "done");
        st.holdUntil = "tomorrow";
        var next = factory.finished(st, 1L, NOW);
        assertNull(TaskStatusFactory.holdUntil(next));
        assertTrue(Conditions.find(next.conditions, ConditionTypes.ON_HOLD).isEmpty());
    }

    @Test
    void aDenialNamesTheScpAndTheFix() {
        var pending = factory.pending(new PrivilegedRootTaskStatus(), 1L);
        var denial =
                new PolicyDenial(
                        "999900000002",
                        "s3:DeleteBucketPolicy",
                        "p-12345678",
                        "keep-policies",
                        "ou-ab12-cdef3456",
                        "Exempt root sessions.");
        var st = factory.denied(pending, 1L, denial);
        assertEquals(TaskPhase.Failed, st.phase);
        assertTrue(
                st.message.contains("p-12345678") && st.message.contains("Exempt root sessions."),
                st.message);
        Condition blocked =
                Conditions.find(st.conditions, ConditionTypes.BLOCKED_BY_POLICY).orElseThrow();
        assertEquals("True", blocked.getStatus());
        assertEquals("DeniedByServiceControlPolicy", blocked.getReason());
        assertEquals("True", condition(st, ConditionTypes.STALLED));

        var plain =
                factory.denied(
                        pending,
                        1L,
                        new PolicyDenial("999900000002", "sts:AssumeRoot", null, null, null, null));
        assertEquals(
                "AccessDenied",
                Conditions.find(plain.conditions, ConditionTypes.BLOCKED_BY_POLICY)
                        .orElseThrow()
                        .getReason());
        // a spec edit of a task that never ran starts it again: no stale denial stays
        assertEquals(
                "False", condition(factory.pending(plain, 2L), ConditionTypes.BLOCKED_BY_POLICY));
    }

    @Test
    void retryingKeepsThePhase() {
        var st = factory.retrying(running(), 1L, throttled(), Duration.ofSeconds(4));
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
        var done = factory.succeeded(running(), 1L, "ASIAEXAMPLE", null, "deleted");
        var st = factory.finished(done, 2L, NOW);
        assertEquals(2L, st.observedGeneration);
        assertEquals(1L, st.executedGeneration);
        assertEquals(TaskPhase.Succeeded, st.phase);
        assertEquals("True", condition(st, TaskStatusFactory.SPEC_CHANGE_IGNORED));
        assertTrue(st.conditions.stream().allMatch(c -> c.getObservedGeneration() == 2L));
        assertNull(st.holdUntil);
    }

    @Test
    void aPreconditionFailureSaysNothingChanged() {
        var st =
                factory.preconditionFailed(
                        new PrivilegedRootTaskStatus(),
                        1L,
                        "ManagementAccount",
                        "account 111111111111 is the management account");
        assertEquals(TaskPhase.Failed, st.phase);
        assertTrue(st.message.contains("nothing was changed"), st.message);
        assertEquals(
                "ManagementAccount",
                Conditions.find(st.conditions, ConditionTypes.STALLED).orElseThrow().getReason());
        assertNull(st.executedGeneration);
    }

    @Test
    void aMissingTargetIsNamedByItsType() {
        AwsException missing =
                new AwsException(AwsErrorKind.NOT_FOUND, "s3:GetBucketPolicy", "NoSuchBucket", "x");
        var bucket =
                factory.targetNotFound(
                        new PrivilegedRootTaskStatus(),
                        1L,
                        request(TaskType.UnlockS3BucketPolicy, "gone-bucket"),
                        missing,
                        false);
        assertEquals("BucketNotFound", TaskStatusFactory.failureReason(bucket));
        assertTrue(bucket.message.startsWith("bucket gone-bucket does not exist"), bucket.message);
        var queue =
                factory.targetNotFound(
                        new PrivilegedRootTaskStatus(),
                        1L,
                        request(TaskType.UnlockSqsQueuePolicy, "gone-queue"),
                        missing,
                        true);
        assertEquals("QueueNotFound", TaskStatusFactory.failureReason(queue));
        assertTrue(queue.message.contains("vanished"), queue.message);
    }
}
