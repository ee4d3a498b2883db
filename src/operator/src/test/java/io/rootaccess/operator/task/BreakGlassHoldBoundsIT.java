package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.5: the break-glass hold starts when the recovery task is accepted (Running, before
 * CreateLoginProfile) and its end is computed from the spec and the start: editing the task's
 * status cannot stretch it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(SandboxResource.class)
class BreakGlassHoldBoundsIT {
    static final String NS = "break-glass-bounds";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    private MemberAccountRootState awaitAccount(
            String name, Predicate<MemberAccountRootState> until) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                client.resources(MemberAccountRootState.class)
                                        .inNamespace(NS)
                                        .withName(name)
                                        .get(),
                        a -> a != null && a.getStatus() != null && until.test(a));
    }

    private PrivilegedRootTask awaitTask(String name, Predicate<PrivilegedRootTask> until) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                client.resources(PrivilegedRootTask.class)
                                        .inNamespace(NS)
                                        .withName(name)
                                        .get(),
                        t -> t != null && t.getStatus() != null && until.test(t));
    }

    @Test
    void theHoldStartsBeforeTheLoginProfileAndEditingStatusCannotStretchIt() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        org.setFeatureEnabled("RootSessions", true);
        String account =
                org.createAccount(
                        "bg-bounds-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
        org.rootUser(account).setPassword(false);
        var m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder().withName("account-" + account).withNamespace(NS).build());
        m.setSpec(new MemberAccountRootStateSpec());
        m.getSpec().accountId = account;
        m.getSpec().rootCredentials = new RootCredentialsSpec();
        m.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        client.resource(m).create();
        String mars = m.getMetadata().getName();
        awaitAccount(mars, a -> a.getStatus().phase == AccountPhase.Compliant);

        // CreateLoginProfile is slow: the task stays Running (accepted) for a while
        sandbox().faults().latency("iam:CreateLoginProfile", Duration.ofSeconds(3));
        var task = new PrivilegedRootTask();
        task.setMetadata(
                new ObjectMetaBuilder().withName("recovery-bounds").withNamespace(NS).build());
        task.setSpec(new PrivilegedRootTaskSpec());
        task.getSpec().accountId = account;
        task.getSpec().type = TaskType.AllowPasswordRecovery;
        task.getSpec().duration = "1h";
        client.resource(task).create();

        awaitTask("recovery-bounds", t -> t.getStatus().phase == TaskPhase.Running);
        MemberAccountRootState heldEarly =
                awaitAccount(mars, a -> a.getStatus().phase == AccountPhase.OnHold);
        assertEquals(
                TaskPhase.Running,
                client.resources(PrivilegedRootTask.class)
                        .inNamespace(NS)
                        .withName("recovery-bounds")
                        .get()
                        .getStatus()
                        .phase,
                "held before the login profile was created");
        assertEquals("recovery-bounds", heldEarly.getStatus().holdTask);

        PrivilegedRootTask done =
                awaitTask("recovery-bounds", t -> t.getStatus().phase == TaskPhase.Succeeded);
        Instant start = Instant.parse(done.getStatus().startTime);
        Instant end = start.plus(Duration.ofHours(1));
        assertEquals(
                end,
                Instant.parse(done.getStatus().holdUntil),
                "from the start, not the completion");
        assertTrue(org.rootUser(account).hasPassword());
        assertEquals(
                0,
                sandbox().calls().count("iam:DeleteLoginProfile", account),
                "never deleted in the window");

        // someone with status rights tries to stretch the hold
        PrivilegedRootTask edited =
                client.resources(PrivilegedRootTask.class)
                        .inNamespace(NS)
                        .withName("recovery-bounds")
                        .get();
        edited.getStatus().holdUntil = start.plus(Duration.ofDays(30)).toString();
        edited.getStatus().startTime = start.plus(Duration.ofDays(10)).toString();
        client.resource(edited).updateStatus();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
        MemberAccountRootState held =
                awaitAccount(mars, a -> a.getStatus().phase == AccountPhase.OnHold);
        Instant accountEnd = Instant.parse(held.getStatus().holdUntil);
        assertFalse(
                accountEnd.isAfter(end), "the hold ends at " + accountEnd + ", later than " + end);
        assertTrue(accountEnd.isAfter(Instant.now()), "still held until the computed end");
    }
}
