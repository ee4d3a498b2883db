package io.rootaccess.operator.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootaccess.operator.aws.OwnRootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.sdk.AwsClients;
import io.rootaccess.operator.aws.sdk.TestAwsConfig;
import io.rootaccess.sandbox.DefaultOrganization;
import io.rootaccess.sandbox.ManagementEvents;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxCredentials;
import io.rootaccess.sandbox.SandboxOrganization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The event loop against the sandbox's event queue over HTTP with the real SQS client (the
 * operator's long-polling one), with reactions that record what they were asked: which events ask
 * for what, the operator's own sessions ignored, a message deleted only once handled, a failing one
 * dropped after its bounded receives, duplicates acting once.
 */
class EventLoopIT {
    Sandbox sb;
    SandboxOrganization org;
    ManagementEvents queue;
    AwsClients clients;
    SqsClient sqs;
    OwnRootSessions own;
    EventMetrics metrics;
    Recording reactions;
    String prod;

    /** Reactions that record their calls; recoveries complete when the test says so. */
    static final class Recording implements Reactions {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile CompletableFuture<Instant> recovery =
                CompletableFuture.completedFuture(Instant.now());

        private void maybeFail() {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the reaction failed (test)");
            }
        }

        @Override
        public CompletableFuture<Instant> recoveryAllowed(String accountId, Instant expiration) {
            calls.add("recovery:" + accountId);
            maybeFail();
            return recovery;
        }

        @Override
        public void switchChanged(String eventName) {
            calls.add("switch:" + eventName);
            maybeFail();
        }

        @Override
        public void organizationChanged() {
            calls.add("organization");
            maybeFail();
        }
    }

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).events(true).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        queue = sb.events().orElseThrow();
        queue.purge();
        SandboxCredentials mgmt = sb.managementCredentials();
        clients =
                new AwsClients(
                        new TestAwsConfig(sb.endpoint(), Duration.ofSeconds(5))
                                .withCredentials(mgmt.accessKeyId(), mgmt.secretAccessKey()));
        sqs = clients.longPollingSqs(sb.eventQueueUrl().orElseThrow(), Duration.ofSeconds(1));
        own = new OwnRootSessions();
        metrics = new EventMetrics(new SimpleMeterRegistry());
        reactions = new Recording();
        prod = org.accountIdByName(DefaultOrganization.PROD_APP).orElseThrow();
    }

    @AfterEach
    void stop() {
        sqs.close();
        clients.close();
        sb.close();
    }

    EventLoop loop(Duration visibility, int maxReceives) {
        return new EventLoop(
                sqs,
                new EventLoop.Settings(
                        sb.eventQueueUrl().orElseThrow(),
                        Duration.ofSeconds(1),
                        visibility,
                        maxReceives),
                own,
                reactions,
                metrics,
                Clock.systemUTC());
    }

    /** sts:AssumeRoot for a recovery with {@code who}'s keys; returns the session's key id. */
    String allowRecovery(SandboxCredentials who) {
        try (StsClient sts =
                StsClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                who.accessKeyId(), who.secretAccessKey())))
                        .build()) {
            return sts.assumeRoot(
                            r ->
                                    r.targetPrincipal(prod)
                                            .durationSeconds(900)
                                            .taskPolicyArn(
                                                    p -> p.arn(TaskPolicy.CREATE_PASSWORD.arn())))
                    .credentials()
                    .accessKeyId();
        }
    }

    @Test
    void aRecoveryBySomeoneElseAsksForAnAuditAndIsDeletedOnlyOnceTheAuditsAnswered() {
        reactions.recovery = new CompletableFuture<>();
        allowRecovery(sb.principal("someone-else"));
        EventLoop loop = loop(Duration.ofSeconds(30), 5);
        assertEquals(1, loop.pollOnce());
        assertEquals(List.of("recovery:" + prod), reactions.calls);
        assertEquals(1, queue.inQueue(), "kept while the audits run");
        assertEquals(1, loop.inFlight());
        reactions.recovery.complete(Instant.now());
        assertEquals(0, queue.inQueue(), "deleted once answered");
        assertEquals(1, metrics.count("recovery_allowed", "handled"));
    }

    @Test
    void theOperatorsOwnRecoverySessionIsRecognisedAndIgnored() {
        // the operator's PrivilegedRootTask opens it with the operator's own keys
        String key = allowRecovery(sb.managementCredentials());
        own.opened(key);
        // the same principal with a session it did not open (another process with the same role)
        allowRecovery(sb.managementCredentials());
        loop(Duration.ofSeconds(30), 5).pollOnce();
        assertEquals(List.of("recovery:" + prod), reactions.calls, "only the unknown session");
        assertEquals(1, metrics.count("own_session", "ignored"));
        assertEquals(0, queue.inQueue());
    }

    @Test
    void aFailedReactionLeavesTheMessageWhichComesBackAndIsHandledOnce() {
        reactions.failuresLeft.set(1);
        org.setFeatureEnabled("RootSessions", false); // the Java API is not an event: use the wire
        queue.purge();
        var iam =
                software.amazon.awssdk.services.iam.IamClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.AWS_GLOBAL)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                sb.managementCredentials().accessKeyId(),
                                                sb.managementCredentials().secretAccessKey())))
                        .build();
        iam.enableOrganizationsRootSessions(r -> {});
        iam.close();
        EventLoop loop = loop(Duration.ofSeconds(1), 5);
        loop.pollOnce();
        assertEquals(1, queue.inQueue(), "not handled: not deleted");
        assertEquals(1, metrics.count("switch_changed", "failed"));
        // long polling brings it back once its visibility timeout is over
        int got = 0;
        for (int i = 0; i < 5 && got == 0; i++) {
            got = loop.pollOnce();
        }
        assertEquals(0, queue.inQueue());
        assertEquals(
                List.of(
                        "switch:EnableOrganizationsRootSessions",
                        "switch:EnableOrganizationsRootSessions"),
                reactions.calls);
        assertEquals(1, metrics.count("switch_changed", "handled"));
    }

    @Test
    void aMessageThatKeepsFailingIsDroppedAfterItsBoundedReceivesAndCounted() {
        reactions.failuresLeft.set(Integer.MAX_VALUE);
        org.createAccount("joins-" + System.nanoTime(), org.rootId());
        EventLoop loop = loop(Duration.ofSeconds(0), 3);
        for (int i = 0; i < 10 && queue.inQueue() > 0; i++) {
            loop.pollOnce();
        }
        assertEquals(0, queue.inQueue(), "dropped");
        assertEquals(2, metrics.count("unhandled", "dropped"), "CreateAccount and its result");
        // three receives of the batch of two: each failed once per receive, one re-read per batch
        assertEquals(3, reactions.calls.size(), reactions.calls.toString());
        assertTrue(reactions.calls.stream().allMatch("organization"::equals));
    }

    @Test
    void oneDeliveredTwiceActsOnceAndUnknownOrMalformedOnesAreCountedAndIgnored() {
        allowRecovery(sb.principal("someone-else"));
        EventLoop loop = loop(Duration.ofSeconds(30), 5);
        loop.pollOnce();
        // EventBridge and SQS deliver at least once: the same CloudTrail event again
        String again =
                "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.sts\",\"detail\":{"
                        + "\"eventID\":\"e-1\",\"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"AssumeRoot\","
                        + "\"requestParameters\":{\"targetPrincipal\":\""
                        + prod
                        + "\",\"taskPolicyArn\":{\"arn\":\""
                        + TaskPolicy.CREATE_PASSWORD.arn()
                        + "\"}}}}";
        queue.send(again);
        queue.send(again);
        queue.send("not json");
        queue.send(
                "{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":{\"eventID\":\"e-2\","
                        + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\"}}");
        for (int i = 0; i < 3 && queue.inQueue() > 0; i++) {
            loop.pollOnce();
        }
        assertEquals(0, queue.inQueue());
        assertEquals(List.of("recovery:" + prod, "recovery:" + prod), reactions.calls);
        assertEquals(1, metrics.count("recovery_allowed", "duplicate"));
        assertEquals(1, metrics.count("malformed", "ignored"));
        assertEquals(1, metrics.count("unknown", "ignored"));
    }

    @Test
    void accountChangesInOneBatchAreOneReReadOfTheOrganization() {
        String a = org.createAccount("joins-" + System.nanoTime(), org.rootId());
        org.moveAccount(
                a, org.organizationalUnitIdByName(DefaultOrganization.WORKLOADS_OU).orElseThrow());
        EventLoop loop = loop(Duration.ofSeconds(30), 5);
        loop.pollOnce();
        assertEquals(0, queue.inQueue());
        assertEquals(List.of("organization"), reactions.calls);
        assertEquals(3, metrics.count("organization_changed", "handled"));
    }
}
