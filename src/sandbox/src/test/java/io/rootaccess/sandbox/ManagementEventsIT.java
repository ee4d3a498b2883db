package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The management account's events on the wire: the real SQS client long-polls the queue, and the
 * calls of any management principal (here a second one) arrive as EventBridge envelopes with their
 * CloudTrail record.
 */
class ManagementEventsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    SqsClient sqs;
    String queueUrl;
    String prod;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).events(true).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.enableCentralRootAccess();
        clients = new SdkClients(sb);
        sqs = clients.sqs(SdkClients.of(sb.managementCredentials()));
        queueUrl = sb.eventQueueUrl().orElseThrow();
        prod = org.accountIdByName("prod-app").orElseThrow();
        org.rootUser(prod).setPassword(false); // compliant: nothing but an allowed recovery adds it
        sb.events().orElseThrow().purge(); // seeding created accounts: those events are not ours
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    List<Message> receive(int waitSeconds, int visibility) {
        return sqs.receiveMessage(
                        r ->
                                r.queueUrl(queueUrl)
                                        .maxNumberOfMessages(10)
                                        .waitTimeSeconds(waitSeconds)
                                        .visibilityTimeout(visibility)
                                        .messageSystemAttributeNames(
                                                MessageSystemAttributeName
                                                        .APPROXIMATE_RECEIVE_COUNT))
                .messages();
    }

    @Test
    void aSecondPrincipalAllowingRecoveryIsOneAssumeRootEventWithItsIdentityAndSessionKey()
            throws Exception {
        var other = SdkClients.of(sb.principal("break-glass-admin"));
        var session =
                clients.sts(other)
                        .assumeRoot(
                                r ->
                                        r.targetPrincipal(prod)
                                                .taskPolicyArn(
                                                        p ->
                                                                p.arn(
                                                                        TaskPolicy.CREATE_PASSWORD
                                                                                .arn())));
        clients.iam(SdkClients.of(session)).createLoginProfile(r -> {});
        // an audit session is not a recovery: the rule does not forward it
        clients.managementSts()
                .assumeRoot(
                        r ->
                                r.targetPrincipal(prod)
                                        .taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT.arn())));

        List<Message> got = receive(1, 30);
        assertEquals(1, got.size(), "one event: " + got);
        JsonNode e = JSON.readTree(got.get(0).body());
        assertEquals("AWS API Call via CloudTrail", e.path("detail-type").asText());
        assertEquals("aws.sts", e.path("source").asText());
        JsonNode d = e.path("detail");
        assertEquals("sts.amazonaws.com", d.path("eventSource").asText());
        assertEquals("AssumeRoot", d.path("eventName").asText());
        assertTrue(d.path("userIdentity").path("arn").asText().endsWith(":user/break-glass-admin"));
        assertEquals(
                sb.principal("break-glass-admin").accessKeyId(),
                d.path("userIdentity").path("accessKeyId").asText());
        assertEquals(prod, d.path("requestParameters").path("targetPrincipal").asText());
        assertEquals(
                TaskPolicy.CREATE_PASSWORD.arn(),
                d.path("requestParameters").path("taskPolicyArn").path("arn").asText());
        assertEquals(
                session.credentials().accessKeyId(),
                d.path("responseElements").path("credentials").path("accessKeyId").asText());
        assertFalse(
                got.get(0).body().contains(session.credentials().secretAccessKey())
                        || got.get(0).body().contains(session.credentials().sessionToken()),
                "no secret in an event");
        assertEquals(
                "1",
                got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void aMessageNotDeletedComesBackAfterItsVisibilityTimeoutWithItsReceiveCountUp() {
        sb.events().orElseThrow().send("{\"hello\":1}");
        Message first = receive(1, 1).get(0);
        assertTrue(receive(0, 1).isEmpty(), "hidden while in flight");
        long t0 = System.nanoTime();
        List<Message> again = receive(5, 30); // long polling returns when it is visible again
        assertEquals(1, again.size());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 4_000, "long poll woke at visibility");
        assertEquals(first.messageId(), again.get(0).messageId());
        assertNotEquals(first.receiptHandle(), again.get(0).receiptHandle());
        assertEquals(
                "2",
                again.get(0)
                        .attributes()
                        .get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        // the stale receipt can no longer extend the visibility; the fresh one can, and deletes
        assertThrows(
                SqsException.class,
                () ->
                        sqs.changeMessageVisibility(
                                r ->
                                        r.queueUrl(queueUrl)
                                                .receiptHandle(first.receiptHandle())
                                                .visibilityTimeout(60)));
        sqs.changeMessageVisibility(
                r ->
                        r.queueUrl(queueUrl)
                                .receiptHandle(again.get(0).receiptHandle())
                                .visibilityTimeout(0));
        Message third = receive(1, 30).get(0);
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(third.receiptHandle()));
        assertEquals(0, sb.events().orElseThrow().inQueue());
        assertTrue(receive(0, 30).isEmpty());
    }

    @Test
    void switchesAndAccountChangesAreEventsToo() throws Exception {
        clients.managementIam().disableOrganizationsRootCredentialsManagement(r -> {});
        clients.managementIam().enableOrganizationsRootCredentialsManagement(r -> {});
        String created = org.createAccount("new-one", org.rootId());
        String invited = org.inviteAccount("brought-in", org.rootId());
        String ou = org.organizationalUnitIdByName(DefaultOrganization.WORKLOADS_OU).orElseThrow();
        org.moveAccount(prod, ou);
        assertTrue(org.rootUser(invited).hasPassword(), "an invited account brings its password");
        org.removeAccount(invited);
        List<String> names = new ArrayList<>();
        List<JsonNode> details = new ArrayList<>();
        for (int i = 0; i < 5 && names.size() < 7; i++) {
            for (Message m : receive(1, 30)) {
                JsonNode d = JSON.readTree(m.body()).path("detail");
                names.add(d.path("eventName").asText());
                details.add(d);
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(
                List.of(
                        "DisableOrganizationsRootCredentialsManagement",
                        "EnableOrganizationsRootCredentialsManagement",
                        "CreateAccount",
                        "CreateAccountResult",
                        "InviteAccountToOrganization",
                        "MoveAccount",
                        "RemoveAccountFromOrganization"),
                names);
        assertEquals(
                created,
                details.get(3)
                        .path("serviceEventDetails")
                        .path("createAccountStatus")
                        .path("accountId")
                        .asText());
        assertEquals(
                invited,
                details.get(4).path("requestParameters").path("target").path("id").asText());
        assertEquals(prod, details.get(5).path("requestParameters").path("accountId").asText());
    }

    @Test
    void theEnvironmentAndTheSeedFileTurnEventsOn() {
        assertTrue(
                SandboxConfig.fromEnvironment(java.util.Map.of("SANDBOX_EVENTS", "true")).events());
        assertFalse(SandboxConfig.fromEnvironment(java.util.Map.of()).events());
        assertTrue(SandboxConfig.builder().realism("events", "on").build().events());
        assertThrows(
                IllegalArgumentException.class,
                () -> SandboxConfig.fromEnvironment(java.util.Map.of("SANDBOX_EVENTS", "maybe")));
    }

    @Test
    void withoutEventsTheQueueDoesNotExist() throws Exception {
        try (Sandbox plain = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
                SdkClients c = new SdkClients(plain)) {
            assertTrue(plain.eventQueueUrl().isEmpty());
            SqsClient q = c.sqs(SdkClients.of(plain.managementCredentials()));
            assertThrows(
                    QueueDoesNotExistException.class,
                    () ->
                            q.receiveMessage(
                                    r ->
                                            r.queueUrl(
                                                    plain.endpoint()
                                                            + "/"
                                                            + plain.organization()
                                                                    .managementAccountId()
                                                            + "/"
                                                            + ManagementEvents.QUEUE_NAME)));
        }
    }
}
