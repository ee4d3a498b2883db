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
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The break-glass hold starts when the recovery task is accepted (Running, before
 * CreateLoginProfile), and its end is computed from the spec and the task's creation: editing the
 * task's status cannot stretch it. Proven by what happens, not by reading a status after a pause:
 * the account is held while CreateLoginProfile is still on the wire, and after an edit that tries
 * to stretch the hold by 30 days the account still returns to its declared state (the login profile
 * deleted) at the computed end, a few seconds later.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class BreakGlassHoldBoundsIT {
    static final String NS = "break-glass-bounds";
    static final Duration HOLD = Duration.ofSeconds(10);

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    private MemberAccountRootState awaitAccount(
            String name, Duration atMost, Predicate<MemberAccountRootState> until) {
        return await().atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                client.resources(MemberAccountRootState.class)
                                        .inNamespace(NS)
                                        .withName(name)
                                        .get(),
                        a -> a != null && a.getStatus() != null && until.test(a));
    }

    @Test
    void theHoldStartsBeforeTheLoginProfileAndEndsWhenComputedWhateverStatusSays() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String account =
                org.createAccount(
                        "bg-bounds-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
        org.rootUser(account).setPassword(false);
        String mars = "account-" + account;
        var m = new MemberAccountRootState();
        m.setMetadata(new ObjectMetaBuilder().withName(mars).withNamespace(NS).build());
        m.setSpec(new MemberAccountRootStateSpec());
        m.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        m.getSpec().accountId = account;
        m.getSpec().rootCredentials = new RootCredentialsSpec();
        m.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        client.resource(m).create();
        awaitAccount(
                mars, Duration.ofSeconds(30), a -> a.getStatus().phase == AccountPhase.Compliant);

        // CreateLoginProfile is slow: the task stays Running (accepted) for a while
        sandbox().faults().latency("iam:CreateLoginProfile", Duration.ofSeconds(3));
        String name = "recovery-bounds";
        client.resource(Tasks.recovery(NS, name, account, HOLD.toSeconds() + "s")).create();

        Tasks.awaitTask(client, NS, name, t -> t.getStatus().phase == TaskPhase.Running);
        MemberAccountRootState heldEarly =
                awaitAccount(
                        mars,
                        Duration.ofSeconds(30),
                        a -> a.getStatus().phase == AccountPhase.OnHold);
        assertEquals(
                0,
                sandbox().calls().count("iam:CreateLoginProfile", account),
                "held before CreateLoginProfile was answered");
        assertEquals(name, heldEarly.getStatus().holdTask);

        PrivilegedRootTask done =
                Tasks.awaitTask(client, NS, name, t -> t.getStatus().phase == TaskPhase.Succeeded);
        Instant start = Instant.parse(done.getStatus().startTime);
        Instant end = start.plus(HOLD);
        assertEquals(
                end,
                Instant.parse(done.getStatus().holdUntil),
                "from the start, not the completion");
        assertTrue(org.rootUser(account).hasPassword());

        // someone with status rights tries to stretch the hold by 30 days
        PrivilegedRootTask edited =
                client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).get();
        edited.getStatus().holdUntil = start.plus(Duration.ofDays(30)).toString();
        edited.getStatus().startTime = start.plus(Duration.ofDays(10)).toString();
        client.resource(edited).updateStatus();

        // the hold ends at the computed end all the same: the account returns to Absent
        MemberAccountRootState after =
                awaitAccount(
                        mars,
                        HOLD.plusSeconds(20),
                        a -> a.getStatus().phase == AccountPhase.Compliant);
        assertFalse(org.rootUser(account).hasPassword(), "the login profile is removed again");
        assertEquals(1, sandbox().calls().count("iam:DeleteLoginProfile", account));
        assertFalse(
                Instant.now().isBefore(end.minusSeconds(1)),
                "never before the end (the account's end counts from the creation time, whole"
                        + " seconds, at most a second before the task's)");
        assertEquals(null, after.getStatus().holdTask);
    }
}
