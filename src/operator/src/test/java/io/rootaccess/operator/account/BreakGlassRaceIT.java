package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.AccountStates.accountState;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The break-glass race, ordered by a latch in the sandbox: an account pass is in flight (its root
 * session open, its first read held) when a recovery task for the account is accepted and creates
 * the login profile. When the pass resumes it lists the new profile and plans its deletion; the
 * hold, read again from the informer cache right before DeleteLoginProfile, stops it. The task's
 * promise ("the owner can reset the password now") stays true.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class BreakGlassRaceIT {
    static final String NS = "break-glass-race";

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    @Test
    void aHoldThatBeginsWhileAPassIsInFlightStopsItsDelete() throws Exception {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String account =
                org.createAccount(
                        "bg-race-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
        org.rootUser(account).setPassword(false);
        org.rootUser(account).addAccessKey(Instant.now().minus(Duration.ofDays(300)));

        // hold the pass's first read of the login profile until the task has done its work
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        sandbox()
                .faults()
                .hook(
                        (operation, accountId) -> {
                            if (operation.equals("iam:GetLoginProfile")
                                    && accountId.equals(account)
                                    && first.compareAndSet(true, false)) {
                                held.countDown();
                                release.await(60, TimeUnit.SECONDS);
                            }
                        });

        String mars = "account-" + account;
        client.resource(accountState(account).named(mars).inNamespace(NS).enforce().build())
                .create();
        assertTrue(held.await(30, TimeUnit.SECONDS), "the account pass reached its first read");

        // meanwhile a recovery task is accepted and creates the login profile
        String task = "recovery-race";
        client.resource(Tasks.recovery(NS, task, account, "1h")).create();
        Tasks.awaitTask(client, NS, task, t -> t.getStatus().phase == TaskPhase.Succeeded);
        assertTrue(org.rootUser(account).hasPassword(), "the task created the login profile");

        release.countDown(); // the pass resumes: it lists the new profile and plans its deletion

        MemberAccountRootState held2 =
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(
                                () ->
                                        client.resources(MemberAccountRootState.class)
                                                .inNamespace(NS)
                                                .withName(mars)
                                                .get(),
                                a ->
                                        a != null
                                                && a.getStatus() != null
                                                && a.getStatus().phase == AccountPhase.OnHold);
        assertEquals(task, held2.getStatus().holdTask);
        assertEquals(
                0,
                sandbox().calls().count("iam:DeleteLoginProfile", account),
                "the login profile the task created was not deleted");
        assertTrue(org.rootUser(account).hasPassword(), "the task's promise stays true");
        assertEquals(
                TaskPhase.Succeeded,
                client.resources(PrivilegedRootTask.class)
                        .inNamespace(NS)
                        .withName(task)
                        .get()
                        .getStatus()
                        .phase);
    }
}
