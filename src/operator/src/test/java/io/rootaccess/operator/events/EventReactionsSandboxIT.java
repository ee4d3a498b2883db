package io.rootaccess.operator.events;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.aws.OwnRootSessions;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.sdk.AwsClients;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.ManagementEvents;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SecondPrincipal;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The reactions in the running operator (default test profile: audit interval 1 h, so only the
 * event can explain an audit within the test): a second principal allows password recovery in a
 * compliant account behind the operator's back, the event loop (the operator's own reactions and
 * session set, the real SQS client on the sandbox's queue) asks for an audit, and the login profile
 * is gone again; a redelivery after a crash removes nothing twice.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class EventReactionsSandboxIT {
    static final String NS = "events-test";
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * One member account per test, created before the first: the operator acts on an account once
     * its organization snapshot has it (re-read every 2 s in tests), so an account created in a
     * test would make that test wait for the next read.
     */
    static final java.util.Deque<String> ACCOUNTS =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    @Inject KubernetesClient client;
    @Inject OperatorReactions reactions;
    @Inject OwnRootSessions own;
    @Inject RootSessions sessions;
    @Inject AwsClients clients;

    Sandbox sb;
    SandboxOrganization org;
    ManagementEvents queue;
    SqsClient sqs;
    String account;

    @BeforeAll
    static void accounts() {
        SandboxOrganization org = sandbox().organization();
        // as each test sets it up: accounts created with central root access have no password
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        for (int i = 0; i < 3; i++) { // one per test
            ACCOUNTS.add(
                    org.createAccount(
                            "events-" + UUID.randomUUID().toString().substring(0, 6),
                            org.rootId()));
        }
    }

    @BeforeEach
    void compliantAccount() {
        sb = sandbox();
        org = sb.organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        Namespaces.ensure(client, NS);
        account = ACCOUNTS.poll();
        if (account == null) {
            account =
                    org.createAccount(
                            "events-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
        }
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder().withName("account-" + account).withNamespace(NS).build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.accountId = account;
        spec.mode = Mode.Enforce;
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        m.setSpec(spec);
        client.resource(m).create();
        await().atMost(WAIT).until(() -> phase() == AccountPhase.Compliant);
        queue = sb.events().orElseThrow();
        queue.purge();
        sqs = clients.longPollingSqs(sb.eventQueueUrl().orElseThrow(), Duration.ofSeconds(1));
    }

    @AfterEach
    void cleanUp() {
        sqs.close();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
        await().atMost(WAIT)
                .until(
                        () ->
                                client.resources(MemberAccountRootState.class)
                                        .inNamespace(NS)
                                        .list()
                                        .getItems()
                                        .isEmpty());
    }

    AccountPhase phase() {
        MemberAccountRootState m =
                client.resources(MemberAccountRootState.class)
                        .inNamespace(NS)
                        .withName("account-" + account)
                        .get();
        return m == null || m.getStatus() == null ? null : m.getStatus().phase;
    }

    EventLoop loop(Reactions with, EventMetrics metrics, Duration visibility) {
        return new EventLoop(
                sqs,
                new EventLoop.Settings(
                        sb.eventQueueUrl().orElseThrow(), Duration.ofSeconds(1), visibility, 5),
                own,
                with,
                metrics,
                Clock.systemUTC());
    }

    /** Someone else's recovery session creates the login profile at once (as a person would). */
    void recoveryBehindTheOperatorsBack() {
        new SecondPrincipal(sb, "break-glass").allowPasswordRecovery(account, 1);
        assertTrue(org.rootUser(account).hasPassword());
    }

    /** Polls until the loop has nothing in flight and the queue is empty. */
    void drain(EventLoop loop) {
        await().atMost(WAIT)
                .until(
                        () -> {
                            loop.pollOnce();
                            return loop.inFlight() == 0 && queue.inQueue() == 0;
                        });
    }

    long passwordDeletions() {
        return sb.calls().count("iam:DeleteLoginProfile", account);
    }

    @Test
    void recoveryAllowedBehindTheOperatorsBackIsRepairedAtOnce() {
        recoveryBehindTheOperatorsBack();
        EventMetrics metrics = new EventMetrics(new SimpleMeterRegistry());
        drain(loop(reactions, metrics, Duration.ofSeconds(30)));
        // the message was deleted only once the audits answered: the password is gone by then
        assertFalse(org.rootUser(account).hasPassword(), "removed by the re-audit");
        await().atMost(WAIT).until(() -> phase() == AccountPhase.Compliant);
        assertEquals(1, metrics.count("recovery_allowed", "handled"));
        assertEquals(1, passwordDeletions());
    }

    @Test
    void aRecoveryTheOperatorRunsItselfIsNotReAudited() {
        // the operator's own PrivilegedRootTask session (no login profile created here)
        sessions.open(account, TaskPolicy.CREATE_PASSWORD);
        EventMetrics metrics = new EventMetrics(new SimpleMeterRegistry());
        drain(loop(reactions, metrics, Duration.ofSeconds(30)));
        assertEquals(1, metrics.count("own_session", "ignored"));
        assertEquals(0, metrics.count("recovery_allowed", "handled"));
    }

    @Test
    void aMessageRedeliveredAfterACrashChangesNothingTwice() {
        recoveryBehindTheOperatorsBack();
        // the first leader received it and died before reacting: its message was not deleted
        AtomicBoolean received = new AtomicBoolean();
        Reactions crashed =
                new Reactions() {
                    public CompletableFuture<Instant> recoveryAllowed(String a, Instant e) {
                        received.set(true);
                        return new CompletableFuture<>(); // never answered
                    }

                    public void switchChanged(String eventName) {}

                    public void organizationChanged() {}
                };
        EventMetrics metrics = new EventMetrics(new SimpleMeterRegistry());
        loop(crashed, metrics, Duration.ofSeconds(1)).pollOnce();
        assertTrue(received.get());
        assertEquals(1, queue.inQueue(), "kept: it was not handled");
        // the next leader gets it after its visibility timeout and repairs the account
        drain(loop(reactions, metrics, Duration.ofSeconds(30)));
        assertFalse(org.rootUser(account).hasPassword());
        assertEquals(1, passwordDeletions());
        // and EventBridge delivers the same event once more (at least once): one more audit,
        // nothing removed twice
        long auditsBefore = sb.calls().count("iam:GetAccountSummary", account);
        queue.send(queue.lastPublished());
        drain(loop(reactions, metrics, Duration.ofSeconds(30)));
        assertEquals(1, passwordDeletions(), "nothing deleted twice");
        assertEquals(0, sb.calls().duplicateDestructiveByAccount().getOrDefault(account, 0L));
        assertTrue(
                sb.calls().count("iam:GetAccountSummary", account) > auditsBefore, "audited again");
    }
}
