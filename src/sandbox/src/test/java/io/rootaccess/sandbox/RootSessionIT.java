package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccountNotManagementOrDelegatedAdministratorException;
import software.amazon.awssdk.services.iam.model.CallerIsNotManagementAccountException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.FeatureType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListAccessKeysResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServiceAccessNotEnabledException;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class RootSessionIT {
    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    StsClient sts;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        clients = new SdkClients(sb);
        sts = clients.managementSts();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    String id(String name) {
        return org.accountIdByName(name).orElseThrow();
    }

    void enableEverything() {
        org.enableCentralRootAccess();
    }

    AssumeRootResponse assumeRoot(StsClient client, String accountId, TaskPolicy policy) {
        return client.assumeRoot(
                r ->
                        r.targetPrincipal(accountId)
                                .taskPolicyArn(p -> p.arn(policy.arn()))
                                .durationSeconds(900));
    }

    IamClient session(String accountId, TaskPolicy policy) {
        return clients.iam(SdkClients.of(assumeRoot(sts, accountId, policy)));
    }

    @Test
    void organizationFeaturesFollowAwsRules() {
        IamClient iam = clients.managementIam();
        assertThrows(
                ServiceAccessNotEnabledException.class,
                () -> iam.listOrganizationsFeatures(r -> {}));
        assertThrows(
                ServiceAccessNotEnabledException.class,
                () -> iam.enableOrganizationsRootCredentialsManagement(r -> {}));
        org.setTrustedAccessForIam(true);

        assertTrue(iam.listOrganizationsFeatures(r -> {}).enabledFeatures().isEmpty());
        var enabled = iam.enableOrganizationsRootCredentialsManagement(r -> {});
        assertEquals(org.id(), enabled.organizationId());
        assertEquals(List.of(FeatureType.ROOT_CREDENTIALS_MANAGEMENT), enabled.enabledFeatures());
        iam.enableOrganizationsRootSessions(r -> {});
        assertEquals(Set.of("RootCredentialsManagement", "RootSessions"), org.enabledFeatures());
        assertEquals(2, iam.listOrganizationsFeatures(r -> {}).enabledFeatures().size());

        // A member account may do nothing; the delegated administrator may list and disable, not
        // enable.
        String tooling = id("security-tooling");
        IamClient member = clients.iam(SdkClients.of(sb.credentialsFor(tooling)));
        assertThrows(
                AccountNotManagementOrDelegatedAdministratorException.class,
                () -> member.listOrganizationsFeatures(r -> {}));
        assertThrows(
                CallerIsNotManagementAccountException.class,
                () -> member.enableOrganizationsRootSessions(r -> {}));
        org.setDelegatedAdministrator(tooling);
        assertEquals(2, member.listOrganizationsFeatures(r -> {}).enabledFeatures().size());
        assertThrows(
                CallerIsNotManagementAccountException.class,
                () -> member.enableOrganizationsRootSessions(r -> {}));
        member.disableOrganizationsRootSessions(r -> {});
        assertEquals(Set.of("RootCredentialsManagement"), org.enabledFeatures());
        iam.disableOrganizationsRootCredentialsManagement(r -> {});
        assertTrue(org.enabledFeatures().isEmpty());

        org.setFeatureSet("CONSOLIDATED_BILLING");
        var e = assertThrows(IamException.class, () -> iam.listOrganizationsFeatures(r -> {}));
        assertEquals("OrganizationNotInAllFeaturesModeException", e.awsErrorDetails().errorCode());
        assertEquals(2, sb.calls().count("iam:EnableOrganizationsRootSessions", tooling));
    }

    @Test
    void newAccountsHaveNoRootPasswordOnceCredentialsManagementIsOn() {
        assertTrue(org.rootUser(org.createAccount("before", org.rootId())).hasPassword());
        org.setFeatureEnabled("RootCredentialsManagement", true);
        assertFalse(org.rootUser(org.createAccount("after", org.rootId())).hasPassword());
    }

    @Test
    void assumeRootIssuesShortLivedRootSessions() {
        enableEverything();
        String prod = id("prod-app");
        AssumeRootResponse r = assumeRoot(sts, prod, TaskPolicy.AUDIT);
        assertTrue(r.credentials().accessKeyId().startsWith("ASIA"));
        assertNotNull(r.credentials().sessionToken());
        Instant expiry = r.credentials().expiration();
        assertTrue(
                expiry.isAfter(Instant.now().plusSeconds(850))
                        && expiry.isBefore(Instant.now().plusSeconds(910)));

        var me = clients.sts(SdkClients.of(r)).getCallerIdentity(b -> {});
        assertEquals(prod, me.account());
        assertEquals("arn:aws:iam::" + prod + ":root", me.arn());
        var admin = sts.getCallerIdentity(b -> {});
        assertEquals(org.managementAccountId(), admin.account());
        assertEquals(1, sb.calls().count("sts:AssumeRoot"));
        assertEquals(1, sb.calls().mutatingCount());
    }

    @Test
    void assumeRootRejectsWrongCallersTargetsPoliciesAndDurations() {
        enableEverything();
        String prod = id("prod-app");
        String dev = id("dev-app");
        StsClient member = clients.sts(SdkClients.of(sb.credentialsFor(dev)));
        var wrongCaller =
                assertThrows(StsException.class, () -> assumeRoot(member, prod, TaskPolicy.AUDIT));
        assertEquals("AccessDenied", wrongCaller.awsErrorDetails().errorCode());
        assertEquals(403, wrongCaller.statusCode());

        // The delegated administrator may.
        org.setDelegatedAdministrator(dev);
        assertNotNull(assumeRoot(member, prod, TaskPolicy.AUDIT).credentials());

        var management =
                assertThrows(
                        StsException.class,
                        () -> assumeRoot(sts, org.managementAccountId(), TaskPolicy.AUDIT));
        assertEquals("AccessDenied", management.awsErrorDetails().errorCode());
        assertEquals(
                "AccessDenied",
                assertThrows(
                                StsException.class,
                                () -> assumeRoot(sts, "123456789012", TaskPolicy.AUDIT))
                        .awsErrorDetails()
                        .errorCode());

        var badPolicy =
                assertThrows(
                        StsException.class,
                        () ->
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(prod)
                                                        .taskPolicyArn(
                                                                p ->
                                                                        p.arn(
                                                                                "arn:aws:iam::aws:policy/AdministratorAccess"))));
        assertEquals("ValidationError", badPolicy.awsErrorDetails().errorCode());
        var tooLong =
                assertThrows(
                        StsException.class,
                        () ->
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(prod)
                                                        .taskPolicyArn(
                                                                p -> p.arn(TaskPolicy.AUDIT.arn()))
                                                        .durationSeconds(901)));
        assertEquals("ValidationError", tooLong.awsErrorDetails().errorCode());

        // A root session cannot chain into another one.
        StsClient inSession = clients.sts(SdkClients.of(assumeRoot(sts, prod, TaskPolicy.AUDIT)));
        assertEquals(
                "AccessDenied",
                assertThrows(StsException.class, () -> assumeRoot(inSession, dev, TaskPolicy.AUDIT))
                        .awsErrorDetails()
                        .errorCode());

        org.setAccountState(dev, "SUSPENDED");
        assertThrows(StsException.class, () -> assumeRoot(sts, dev, TaskPolicy.AUDIT));

        StsClient stranger = clients.sts(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x"));
        assertEquals(
                "InvalidClientTokenId",
                assertThrows(StsException.class, () -> stranger.getCallerIdentity(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
    }

    @Test
    void featuresGateTheTasks() {
        String prod = id("prod-app");
        var noTrust =
                assertThrows(StsException.class, () -> assumeRoot(sts, prod, TaskPolicy.AUDIT));
        assertTrue(
                noTrust.getMessage().contains("RootCredentialsManagement"), noTrust.getMessage());
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        assertNotNull(assumeRoot(sts, prod, TaskPolicy.DELETE));
        var s3 =
                assertThrows(StsException.class, () -> assumeRoot(sts, prod, TaskPolicy.S3_UNLOCK));
        assertTrue(s3.getMessage().contains("RootSessions"), s3.getMessage());
        org.setFeatureEnabled("RootSessions", true);
        assertNotNull(assumeRoot(sts, prod, TaskPolicy.SQS_UNLOCK));
    }

    @Test
    void auditSessionReadsRootCredentials() {
        enableEverything();
        String prod = id("prod-app");
        SandboxRootUser root = org.rootUser(prod);
        Instant used = Instant.parse("2026-01-02T03:04:05Z");
        String usedKey = root.addAccessKey(used);
        String unusedKey = root.addAccessKey(null);
        String certId = root.addSigningCertificate();
        IamClient audit = session(prod, TaskPolicy.AUDIT);

        Map<SummaryKeyType, Integer> summary = audit.getAccountSummary(r -> {}).summaryMap();
        assertEquals(1, summary.get(SummaryKeyType.ACCOUNT_PASSWORD_PRESENT));
        assertEquals(1, summary.get(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT));
        assertEquals(1, summary.get(SummaryKeyType.ACCOUNT_MFA_ENABLED));
        assertEquals(1, summary.get(SummaryKeyType.ACCOUNT_SIGNING_CERTIFICATES_PRESENT));

        assertEquals("arn:aws:iam::" + prod + ":root", audit.getUser(r -> {}).user().arn());
        assertNotNull(audit.getLoginProfile(r -> {}).loginProfile().createDate());
        assertEquals(
                root.accessKeyIds(),
                audit.listAccessKeys(r -> {}).accessKeyMetadata().stream()
                        .map(k -> k.accessKeyId())
                        .toList());
        assertEquals(
                used,
                audit.getAccessKeyLastUsed(r -> r.accessKeyId(usedKey))
                        .accessKeyLastUsed()
                        .lastUsedDate());
        assertEquals(
                "N/A",
                audit.getAccessKeyLastUsed(r -> r.accessKeyId(unusedKey))
                        .accessKeyLastUsed()
                        .serviceName());
        assertEquals(
                List.of(certId),
                audit.listSigningCertificates(r -> {}).certificates().stream()
                        .map(c -> c.certificateId())
                        .toList());
        assertEquals(
                root.activeMfaSerials(),
                audit.listMFADevices(r -> {}).mfaDevices().stream()
                        .map(d -> d.serialNumber())
                        .toList());
        assertThrows(
                NoSuchEntityException.class,
                () -> audit.getAccessKeyLastUsed(r -> r.accessKeyId("AKIANOSUCHKEY0000000")));

        // Paging with MaxItems/Marker.
        for (int i = 0; i < 2; i++) {
            root.addAccessKey(null);
        }
        ListAccessKeysResponse first = audit.listAccessKeys(r -> r.maxItems(2));
        assertTrue(first.isTruncated());
        ListAccessKeysResponse second =
                audit.listAccessKeys(r -> r.maxItems(2).marker(first.marker()));
        ListAccessKeysResponse third =
                audit.listAccessKeys(r -> r.maxItems(2).marker(second.marker()));
        assertFalse(third.isTruncated());
        assertEquals(
                5,
                first.accessKeyMetadata().size()
                        + second.accessKeyMetadata().size()
                        + third.accessKeyMetadata().size());

        // The audit policy allows no change.
        var denied = assertThrows(IamException.class, () -> audit.deleteLoginProfile(r -> {}));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals(403, denied.statusCode());
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("is not authorized to perform: iam:DeleteLoginProfile"),
                denied.awsErrorDetails().errorMessage());
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("no identity-based policy allows"));
        assertTrue(root.hasPassword());
        assertEquals(1, sb.calls().count("iam:GetAccountSummary", prod));
    }

    @Test
    void deleteSessionRemovesEveryCredential() {
        enableEverything();
        String prod = id("prod-app");
        SandboxRootUser root = org.rootUser(prod);
        root.addSigningCertificate();
        IamClient delete = session(prod, TaskPolicy.DELETE);

        delete.deleteLoginProfile(r -> {});
        delete.listAccessKeys(r -> {})
                .accessKeyMetadata()
                .forEach(k -> delete.deleteAccessKey(r -> r.accessKeyId(k.accessKeyId())));
        delete.listSigningCertificates(r -> {})
                .certificates()
                .forEach(
                        c ->
                                delete.deleteSigningCertificate(
                                        r -> r.certificateId(c.certificateId())));
        delete.listMFADevices(r -> {})
                .mfaDevices()
                .forEach(d -> delete.deactivateMFADevice(r -> r.serialNumber(d.serialNumber())));
        assertFalse(root.hasCredentials());

        assertThrows(NoSuchEntityException.class, () -> delete.deleteLoginProfile(r -> {}));
        assertThrows(NoSuchEntityException.class, () -> delete.getLoginProfile(r -> {}));
        assertThrows(
                NoSuchEntityException.class,
                () -> delete.deleteAccessKey(r -> r.accessKeyId("AKIANOSUCHKEY0000000")));
        assertThrows(
                NoSuchEntityException.class,
                () -> delete.deleteSigningCertificate(r -> r.certificateId("NOSUCHCERT")));
        assertThrows(
                NoSuchEntityException.class,
                () -> delete.deactivateMFADevice(r -> r.serialNumber("arn:aws:iam::1:mfa/x")));
        // GetAccountSummary is not in the delete policy.
        assertEquals(
                "AccessDenied",
                assertThrows(IamException.class, () -> delete.getAccountSummary(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
        // AssumeRoot + 4 successful and 4 failed changes; failed calls count like in CloudTrail.
        assertEquals(9, sb.calls().mutatingCount());
        assertEquals(2, sb.calls().count("iam:DeleteLoginProfile", prod));
    }

    @Test
    void createPasswordSessionAllowsRecoveryOnce() {
        enableEverything();
        String tooling = id("security-tooling");
        IamClient create = session(tooling, TaskPolicy.CREATE_PASSWORD);
        assertThrows(NoSuchEntityException.class, () -> create.getLoginProfile(r -> {}));
        create.createLoginProfile(r -> {});
        assertTrue(org.rootUser(tooling).hasPassword());
        assertThrows(EntityAlreadyExistsException.class, () -> create.createLoginProfile(r -> {}));
        assertEquals(
                "AccessDenied",
                assertThrows(IamException.class, () -> create.listAccessKeys(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
    }

    @Test
    void sessionsExpireByTheSandboxClock() {
        enableEverything();
        String prod = id("prod-app");
        IamClient audit = session(prod, TaskPolicy.AUDIT);
        assertNotNull(audit.getAccountSummary(r -> {}));
        sb.advanceClock(Duration.ofSeconds(901));
        var expired = assertThrows(IamException.class, () -> audit.getAccountSummary(r -> {}));
        assertEquals("ExpiredToken", expired.awsErrorDetails().errorCode());
        // A fresh session works again.
        assertNotNull(session(prod, TaskPolicy.AUDIT).getAccountSummary(r -> {}));
    }

    @Test
    void otherServicesGetNamedErrorsNotHangs() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String auth =
                "AWS4-HMAC-SHA256 Credential="
                        + sb.managementCredentials().accessKeyId()
                        + "/20261122/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=0";
        var ec2 =
                http.send(
                        java.net.http.HttpRequest.newBuilder(sb.endpoint().resolve("/"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Authorization", auth.formatted("ec2"))
                                .POST(
                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                "Action=DescribeInstances&Version=2016-11-15"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, ec2.statusCode());
        assertTrue(
                ec2.body().contains("<Code>InvalidAction</Code>")
                        && ec2.body().contains("ec2:DescribeInstances"),
                ec2.body());
        var ssm =
                http.send(
                        java.net.http.HttpRequest.newBuilder(sb.endpoint().resolve("/"))
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .header("X-Amz-Target", "AmazonSSM.GetParameter")
                                .header("Authorization", auth.formatted("ssm"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, ssm.statusCode());
        assertTrue(
                ssm.body().contains("UnknownOperationException")
                        && ssm.body().contains("AmazonSSM.GetParameter"),
                ssm.body());
    }

    @Test
    void unknownQueryActionsAreNamed() {
        IamClient iam = clients.managementIam();
        var e = assertThrows(IamException.class, () -> iam.listUsers(r -> {}));
        assertEquals("InvalidAction", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("iam:ListUsers"));
        assertNull(
                e.awsErrorDetails()
                        .sdkHttpResponse()
                        .firstMatchingHeader("Retry-After")
                        .orElse(null));
    }
}
