package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;

/**
 * The call log tells callers apart, counts per account, and counts destructive calls that found
 * nothing.
 */
class CallLogIT {
    static final String AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
    static final String DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";
    static final String CREATE_PASSWORD =
            "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword";
    static final String S3_UNLOCK = "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy";
    static final String SQS_UNLOCK = "arn:aws:iam::aws:policy/root-task/SQSUnlockQueuePolicy";

    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    String prod;
    String dev;
    String legacy;
    String tooling;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.enableCentralRootAccess();
        prod = org.accountIdByName("prod-app").orElseThrow();
        dev = org.accountIdByName("dev-app").orElseThrow();
        legacy = org.accountIdByName("legacy").orElseThrow();
        tooling = org.accountIdByName("security-tooling").orElseThrow();
        clients = new SdkClients(sb);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    /**
     * An STS client as an operator instance would build it: its own credentials and user-agent
     * suffix.
     */
    StsClient operatorSts(SandboxCredentials creds, String userAgentSuffix) {
        StsClient sts =
                StsClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(SdkClients.of(creds)))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(r -> r.maxAttempts(1))
                                                .putAdvancedOption(
                                                        SdkAdvancedClientOption.USER_AGENT_SUFFIX,
                                                        userAgentSuffix))
                        .build();
        return sts;
    }

    AwsCredentials session(StsClient sts, String account, String policyArn) {
        AssumeRootResponse r =
                sts.assumeRoot(
                        a -> a.targetPrincipal(account).taskPolicyArn(p -> p.arn(policyArn)));
        return SdkClients.of(r);
    }

    @Test
    void keepsTheFirstCallsInOrderWithTheirTimeUntilReset() {
        sb.calls().reset();
        long before = System.nanoTime();
        try (StsClient sts = operatorSts(sb.managementCredentials(), "rootaccess-operator/t")) {
            IamClient iam = clients.iam(session(sts, prod, AUDIT));
            iam.getAccountSummary(r -> {});
            sts.getCallerIdentity(r -> {});
        }
        List<CallLog.Timed> first = sb.calls().firstCalls();
        assertEquals(
                List.of("sts:AssumeRoot", "iam:GetAccountSummary", "sts:GetCallerIdentity"),
                first.stream().map(CallLog.Timed::operation).toList());
        assertTrue(first.get(0).nanoTime() >= before);
        assertTrue(first.get(0).nanoTime() <= first.get(1).nanoTime());
        assertTrue(first.get(1).nanoTime() <= first.get(2).nanoTime());
        sb.calls().reset();
        assertTrue(sb.calls().firstCalls().isEmpty());
    }

    @Test
    void tellsTwoOperatorInstancesApartByKeyAndByUserAgent() {
        org.setDelegatedAdministrator(tooling);
        SandboxCredentials blueCreds = sb.managementCredentials();
        SandboxCredentials greenCreds = sb.credentialsFor(tooling);
        try (StsClient blue = operatorSts(blueCreds, "rootaccess-operator/blue");
                StsClient green = operatorSts(greenCreds, "rootaccess-operator/green")) {
            // blue: 2 sessions in prod and 3 in-session calls; green: 1 session in dev and 1 call
            IamClient blueProd = clients.iam(session(blue, prod, AUDIT));
            clients.iam(session(blue, prod, AUDIT)).getAccountSummary(r -> {});
            blueProd.getAccountSummary(r -> {});
            blueProd.listAccessKeys(r -> {});
            clients.iam(session(green, dev, AUDIT)).getAccountSummary(r -> {});
            blue.getCallerIdentity(r -> {});
        }
        CallLog log = sb.calls();
        // in-session calls count under the key that opened the session
        assertEquals(6, log.callsBy(blueCreds.accessKeyId()));
        assertEquals(2, log.callsBy(greenCreds.accessKeyId()));
        assertEquals(2, log.callsBy(blueCreds.accessKeyId(), "iam:GetAccountSummary"));
        assertEquals(1, log.callsBy(greenCreds.accessKeyId(), "sts:AssumeRoot"));
        // the user agent tells the two STS clients apart; the plain SDK clients of the sessions
        // have no tag
        assertEquals(3, log.callsBy("rootaccess-operator/blue"));
        assertEquals(1, log.callsBy("rootaccess-operator/green"));
        assertEquals(1, log.callsBy("rootaccess-operator/blue", "sts:GetCallerIdentity"));
        assertEquals(
                Map.of("", 4L, "rootaccess-operator/blue", 3L, "rootaccess-operator/green", 1L),
                log.byAgent());
        assertEquals(Map.of(prod, 2L, dev, 1L), log.assumeRootCountByAccount());
        assertEquals(8, log.total());
    }

    @Test
    void agentTagKeepsOnlyWhatDistinguishesAClient() {
        String sdk =
                "aws-sdk-java/2.40.2 md/io#sync md/http#Apache ua/2.1 api/STS#2.40.2 os/Linux#6.8 lang/java#17.0.12"
                        + " md/OpenJDK_64-Bit_Server_VM#17.0.12+7 md/vendor#Eclipse_Adoptium md/en_US m/D,N";
        assertEquals("", CallLog.agentTag(sdk));
        assertEquals("app/blue", CallLog.agentTag(sdk + " app/blue"));
        assertEquals(
                "app/blue rootaccess-operator/1.2",
                CallLog.agentTag(sdk + " app/blue rootaccess-operator/1.2"));
        assertEquals("", CallLog.agentTag(null));
    }

    @Test
    void countsMutatingCallsPerAccountAndDestructiveCallsThatFoundNothing() {
        StsClient sts = clients.managementSts();
        IamClient prodDelete = clients.iam(session(sts, prod, DELETE));
        String key = org.rootUser(prod).accessKeyIds().get(0);
        String mfa = org.rootUser(prod).activeMfaSerials().get(0);
        prodDelete.deleteLoginProfile(r -> {});
        assertThrows(NoSuchEntityException.class, () -> prodDelete.deleteLoginProfile(r -> {}));
        prodDelete.deleteAccessKey(r -> r.accessKeyId(key));
        assertThrows(
                NoSuchEntityException.class,
                () -> prodDelete.deleteAccessKey(r -> r.accessKeyId(key)));
        prodDelete.deactivateMFADevice(r -> r.serialNumber(mfa));
        assertThrows(
                NoSuchEntityException.class,
                () -> prodDelete.deactivateMFADevice(r -> r.serialNumber(mfa)));

        IamClient legacyDelete = clients.iam(session(sts, legacy, DELETE));
        String cert = org.rootUser(legacy).signingCertificateIds().get(0);
        legacyDelete.deleteSigningCertificate(r -> r.certificateId(cert));
        assertThrows(
                NoSuchEntityException.class,
                () -> legacyDelete.deleteSigningCertificate(r -> r.certificateId(cert)));

        IamClient devCreate = clients.iam(session(sts, dev, CREATE_PASSWORD));
        org.rootUser(dev).setPassword(false);
        devCreate.createLoginProfile(r -> {});
        assertThrows(
                EntityAlreadyExistsException.class, () -> devCreate.createLoginProfile(r -> {}));

        org.createBucket(dev, "locked", "{\"Statement\":[]}");
        var s3 = clients.s3(session(sts, dev, S3_UNLOCK));
        s3.deleteBucketPolicy(r -> r.bucket("locked"));
        s3.deleteBucketPolicy(r -> r.bucket("locked")); // AWS answers 204 again: nothing was there

        String queueUrl = org.createQueue(dev, "locked-queue", "{\"Statement\":[]}");
        var sqs = clients.sqs(session(sts, dev, SQS_UNLOCK));
        sqs.setQueueAttributes(
                r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, "")));
        sqs.setQueueAttributes(
                r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, "")));
        sqs.setQueueAttributes(
                r ->
                        r.queueUrl(queueUrl)
                                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));

        CallLog log = sb.calls();
        assertEquals(7, log.duplicateDestructiveCalls());
        assertEquals(
                Map.of(
                        "iam:CreateLoginProfile",
                        1L,
                        "iam:DeactivateMFADevice",
                        1L,
                        "iam:DeleteAccessKey",
                        1L,
                        "iam:DeleteLoginProfile",
                        1L,
                        "iam:DeleteSigningCertificate",
                        1L,
                        "s3:DeleteBucketPolicy",
                        1L,
                        "sqs:SetQueueAttributes",
                        1L),
                log.duplicateDestructiveByOperation());
        assertEquals(Map.of(prod, 3L, legacy, 1L, dev, 3L), log.duplicateDestructiveByAccount());
        assertEquals(1, log.outcomeCount("iam:DeleteLoginProfile", "NoSuchEntity"));
        assertEquals(1, log.outcomeCount("iam:DeleteLoginProfile", CallLog.OK));
        assertEquals(4, log.outcomeCount("NoSuchEntity"));
        // mutating calls per account: the deletes/creates in it plus the AssumeRoot calls that
        // targeted it
        assertEquals(Map.of(prod, 7L, legacy, 3L, dev, 10L), log.mutatingCountByAccount());
    }

    @Test
    void remembersEverySecretItIssuedAndServesNoneOfThem() throws Exception {
        StsClient sts = clients.managementSts();
        var audit =
                sts.assumeRoot(a -> a.targetPrincipal(prod).taskPolicyArn(p -> p.arn(AUDIT)))
                        .credentials();
        SandboxCredentials admin = sb.credentialsFor(dev);
        Set<String> secrets = sb.issuedSecrets();
        assertTrue(
                secrets.containsAll(
                        Set.of(
                                sb.managementCredentials().secretAccessKey(),
                                audit.secretAccessKey(),
                                audit.sessionToken(),
                                admin.secretAccessKey())),
                "missing issued secrets");
        assertFalse(secrets.contains(audit.accessKeyId()), "key ids are not secrets");
        assertEquals(4, secrets.size());
        clients.iam(
                        SdkClients.of(
                                sts.assumeRoot(
                                        a ->
                                                a.targetPrincipal(prod)
                                                        .taskPolicyArn(p -> p.arn(AUDIT)))))
                .getAccountSummary(r -> {});

        // the inspection endpoint answers the call log as JSON, without any secret
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> report =
                http.send(
                        HttpRequest.newBuilder(sb.endpoint().resolve("/_sandbox/calls"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, report.statusCode());
        JsonNode json = new ObjectMapper().readTree(report.body());
        assertEquals(sb.calls().total(), json.get("total").asLong());
        assertEquals(
                3, json.get("byCaller").get(sb.managementCredentials().accessKeyId()).asLong());
        assertEquals(2, json.get("assumeRootByAccount").get(prod).asLong());
        assertEquals(0, json.get("duplicateDestructiveCalls").asLong());
        assertFalse(json.has("byOperationAndAccount"));
        String withAccounts =
                http.send(
                                HttpRequest.newBuilder(
                                                sb.endpoint().resolve("/_sandbox/calls?byAccount"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        assertTrue(withAccounts.contains("iam:GetAccountSummary@" + prod), withAccounts);
        for (String secret : sb.issuedSecrets()) {
            assertFalse(withAccounts.contains(secret), "the report leaks a secret");
        }
        var reset =
                http.send(
                        HttpRequest.newBuilder(sb.endpoint().resolve("/_sandbox/calls"))
                                .DELETE()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reset.statusCode());
        assertEquals(0, sb.calls().total());
        assertEquals(
                404,
                http.send(
                                HttpRequest.newBuilder(sb.endpoint().resolve("/_sandbox/secrets"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }
}
