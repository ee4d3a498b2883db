package io.rootaccess.operator.account;

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

class BreakGlassHoldTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static PrivilegedRootTask task(String name, String ns, String account, TaskType type, TaskPhase phase,
            String holdUntil) {
        var t = new PrivilegedRootTask();
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
        t.setSpec(new PrivilegedRootTaskSpec());
        t.getSpec().accountId = account;
        t.getSpec().type = type;
        t.setStatus(new PrivilegedRootTaskStatus());
        t.getStatus().phase = phase;
        t.getStatus().holdUntil = holdUntil;
        return t;
    }

    @Test
    void succeededRecoveryTaskInTheFutureHolds() {
        var hold = BreakGlassHold.find(List.of(
                task("a", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "2026-11-22T13:00:00Z"),
                task("b", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "2026-11-22T15:00:00Z")),
                "ns", "111122223333", NOW);
        assertEquals("b", hold.orElseThrow().taskName());
        assertEquals(Instant.parse("2026-11-22T15:00:00Z"), hold.get().holdUntil());
    }

    @Test
    void otherTasksDoNotHold() {
        var tasks = List.of(
                task("past", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "2026-11-22T11:00:00Z"),
                task("failed", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Failed, "2026-11-22T13:00:00Z"),
                task("s3", "ns", "111122223333", TaskType.UnlockS3BucketPolicy, TaskPhase.Succeeded, "2026-11-22T13:00:00Z"),
                task("other-ns", "ns2", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "2026-11-22T13:00:00Z"),
                task("other-acct", "ns", "444455556666", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "2026-11-22T13:00:00Z"),
                task("bad-time", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded, "tomorrow"));
        assertTrue(BreakGlassHold.find(tasks, "ns", "111122223333", NOW).isEmpty());

        var deleting = task("deleting", "ns", "111122223333", TaskType.AllowPasswordRecovery, TaskPhase.Succeeded,
                "2026-11-22T13:00:00Z");
        deleting.getMetadata().setDeletionTimestamp("2026-11-22T11:59:00Z");
        assertTrue(BreakGlassHold.find(List.of(deleting), "ns", "111122223333", NOW).isEmpty());
    }

    @Test
    void offsetTimestampsAreAccepted() {
        var hold = BreakGlassHold.find(List.of(task("a", "ns", "111122223333", TaskType.AllowPasswordRecovery,
                TaskPhase.Succeeded, "2026-11-22T14:00:00+01:00")), "ns", "111122223333", NOW);
        assertEquals(Instant.parse("2026-11-22T13:00:00Z"), hold.orElseThrow().holdUntil());
    }
}
