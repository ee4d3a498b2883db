package io.rootaccess.operator.holds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class BreakGlassHoldTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    public static PrivilegedRootTask task(
            String name,
            String ns,
            String account,
            TaskType type,
            TaskPhase phase,
            String holdUntil) {
        var t = new PrivilegedRootTask();
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        t.setSpec(new PrivilegedRootTaskSpec());
        t.getSpec().accountId = account;
        t.getSpec().type = type;
        t.getSpec().duration = "24h";
        t.getMetadata().setCreationTimestamp("2026-11-22T11:30:00Z");
        t.setStatus(new PrivilegedRootTaskStatus());
        t.getStatus().phase = phase;
        t.getStatus().holdUntil = holdUntil;
        return t;
    }

    @Test
    void succeededRecoveryTaskInTheFutureHolds() {
        var hold =
                BreakGlassHold.find(
                        List.of(
                                task(
                                        "a",
                                        "ns",
                                        "111122223333",
                                        TaskType.AllowPasswordRecovery,
                                        TaskPhase.Succeeded,
                                        "2026-11-22T13:00:00Z"),
                                task(
                                        "b",
                                        "ns",
                                        "111122223333",
                                        TaskType.AllowPasswordRecovery,
                                        TaskPhase.Succeeded,
                                        "2026-11-22T15:00:00Z")),
                        "ns",
                        "111122223333",
                        NOW);
        assertEquals("b", hold.orElseThrow().taskName());
        assertEquals(Instant.parse("2026-11-22T15:00:00Z"), hold.get().holdUntil());
    }

    @Test
    void otherTasksDoNotHold() {
        var tasks =
                List.of(
                        task(
                                "past",
                                "ns",
                                "111122223333",
                                TaskType.AllowPasswordRecovery,
                                TaskPhase.Succeeded,
                                "2026-11-22T11:00:00Z"),
                        task(
                                "failed",
                                "ns",
                                "111122223333",
                                TaskType.AllowPasswordRecovery,
                                TaskPhase.Failed,
                                "2026-11-22T13:00:00Z"),
                        task(
                                "s3",
                                "ns",
                                "111122223333",
                                TaskType.UnlockS3BucketPolicy,
                                TaskPhase.Succeeded,
                                "2026-11-22T13:00:00Z"),
                        task(
                                "other-ns",
                                "ns2",
                                "111122223333",
                                TaskType.AllowPasswordRecovery,
                                TaskPhase.Succeeded,
                                "2026-11-22T13:00:00Z"),
                        task(
                                "other-acct",
                                "ns",
                                "444455556666",
                                TaskType.AllowPasswordRecovery,
                                TaskPhase.Succeeded,
                                "2026-11-22T13:00:00Z"),
                        task(
                                "bad-time",
                                "ns",
                                "111122223333",
                                TaskType.AllowPasswordRecovery,
                                TaskPhase.Succeeded,
                                "tomorrow"));
        assertTrue(BreakGlassHold.find(tasks, "ns", "111122223333", NOW).isEmpty());

        var deleting =
                task(
                        "deleting",
                        "ns",
                        "111122223333",
                        TaskType.AllowPasswordRecovery,
                        TaskPhase.Succeeded,
                        "2026-11-22T13:00:00Z");
        deleting.getMetadata().setDeletionTimestamp("2026-11-22T11:59:00Z");
        assertTrue(BreakGlassHold.find(List.of(deleting), "ns", "111122223333", NOW).isEmpty());
    }

    /**
     * Issue 12.5: accepted (Running) already holds; status edits cannot make the hold end later.
     */
    @Test
    void aRunningTaskHoldsAndTheEndIsComputedNotRead() {
        var running =
                task(
                        "r",
                        "ns",
                        "111122223333",
                        TaskType.AllowPasswordRecovery,
                        TaskPhase.Running,
                        null);
        running.getSpec().duration = "1h";
        running.getStatus().executedGeneration = 1L;
        assertEquals(
                Instant.parse("2026-11-22T12:30:00Z"),
                BreakGlassHold.find(List.of(running), "ns", "111122223333", NOW)
                        .orElseThrow()
                        .holdUntil());

        var stretched =
                task(
                        "s",
                        "ns",
                        "111122223333",
                        TaskType.AllowPasswordRecovery,
                        TaskPhase.Succeeded,
                        "2026-12-22T12:00:00Z");
        stretched.getSpec().duration = "1h";
        stretched.getStatus().startTime = "2026-11-29T12:00:00Z";
        assertEquals(
                Instant.parse("2026-11-22T12:30:00Z"),
                BreakGlassHold.find(List.of(stretched), "ns", "111122223333", NOW)
                        .orElseThrow()
                        .holdUntil());

        var capped =
                task(
                        "c",
                        "ns",
                        "111122223333",
                        TaskType.AllowPasswordRecovery,
                        TaskPhase.Succeeded,
                        null);
        capped.getSpec().duration = "20h";
        assertEquals(
                Instant.parse("2026-11-22T13:30:00Z"),
                BreakGlassHold.end(capped, java.time.Duration.ofHours(2)));
    }

    @Test
    void offsetTimestampsAreAccepted() {
        var hold =
                BreakGlassHold.find(
                        List.of(
                                task(
                                        "a",
                                        "ns",
                                        "111122223333",
                                        TaskType.AllowPasswordRecovery,
                                        TaskPhase.Succeeded,
                                        "2026-11-22T14:00:00+01:00")),
                        "ns",
                        "111122223333",
                        NOW);
        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), hold.orElseThrow().holdUntil());
    }
}
