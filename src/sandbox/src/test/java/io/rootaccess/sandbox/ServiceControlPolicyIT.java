package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;

/** SCPs evaluated against root sessions, through the SDK. */
class ServiceControlPolicyIT {
    static final String DENY_ROOT =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]}}}]}""";
    static final String DENY_ROOT_EXCEPT_ASSUMED =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]},"Null":{"aws:AssumedRoot":"true"}}}]}""";
    static final String DENY_PASSWORDS =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:CreateLoginProfile","iam:UpdateLoginProfile"],"Resource":"*"}]}""";
    static final String DENY_ALL_BUT_READS =
            """
            {"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:Get*","iam:List*"],"Resource":"*",
              "Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::%s:root"}}}]}""";

    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    StsClient sts;
    String prod;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        clients = new SdkClients(sb);
        sts = clients.managementSts();
        prod = org.accountIdByName("prod-app").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    IamClient session(TaskPolicy policy) {
        return clients.iam(
                SdkClients.of(
                        sts.assumeRoot(
                                r ->
                                        r.targetPrincipal(prod)
                                                .taskPolicyArn(p -> p.arn(policy.arn())))));
    }

    @Test
    void denyRootScpOnAnOuBlocksTheAuditAndTheAwsExemptionUnblocksIt() {
        String workloads = org.organizationalUnitIdByName("Workloads").orElseThrow();
        String scp = org.createServiceControlPolicy("deny-root", DENY_ROOT);
        org.attachPolicy(scp, workloads); // prod-app is in Workloads/Prod: inherited
        IamClient audit = session(TaskPolicy.AUDIT);
        var denied = assertThrows(IamException.class, () -> audit.getAccountSummary(r -> {}));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        String message = denied.awsErrorDetails().errorMessage();
        assertTrue(
                message.startsWith(
                        "User: arn:aws:sts::"
                                + prod
                                + ":root is not authorized to perform: iam:GetAccountSummary"),
                message);
        assertTrue(message.contains("with an explicit deny in a service control policy"), message);
        assertTrue(message.endsWith(scp), message);

        // The dev account (other branch of the tree... also under Workloads) and legacy (root)
        // differ:
        String legacy = org.accountIdByName("legacy").orElseThrow();
        IamClient legacyAudit =
                clients.iam(
                        SdkClients.of(
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(legacy)
                                                        .taskPolicyArn(
                                                                p ->
                                                                        p.arn(
                                                                                TaskPolicy.AUDIT
                                                                                        .arn())))));
        assertNotNull(legacyAudit.getAccountSummary(r -> {}).summaryMap());

        String exempt =
                org.createServiceControlPolicy(
                        "deny-root-except-sessions", DENY_ROOT_EXCEPT_ASSUMED);
        org.detachPolicy(scp, workloads);
        org.attachPolicy(exempt, workloads);
        assertNotNull(audit.getAccountSummary(r -> {}).summaryMap());
    }

    @Test
    void scpOnTheRootAppliesToEveryMemberButNotTheManagementAccount() {
        org.attachPolicy(org.createServiceControlPolicy("deny-root", DENY_ROOT), org.rootId());
        assertThrows(
                IamException.class, () -> session(TaskPolicy.AUDIT).getAccountSummary(r -> {}));
        // The management account's own identity is never subject to SCPs.
        org.setFeatureEnabled("RootSessions", true);
        assertNotNull(clients.managementIam().listOrganizationsFeatures(r -> {}).enabledFeatures());
    }

    @Test
    void denyCreateLoginProfileBreaksPasswordRecovery() {
        org.attachPolicy(org.createServiceControlPolicy("no-passwords", DENY_PASSWORDS), prod);
        org.rootUser(prod).setPassword(false);
        IamClient create = session(TaskPolicy.CREATE_PASSWORD);
        var denied = assertThrows(IamException.class, () -> create.createLoginProfile(r -> {}));
        assertTrue(denied.awsErrorDetails().errorMessage().contains("iam:CreateLoginProfile"));
        assertFalse(org.rootUser(prod).hasPassword());
        // Reading is not denied by that SCP.
        assertEquals(
                "NoSuchEntity",
                assertThrows(IamException.class, () -> create.getLoginProfile(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
    }

    @Test
    void notActionAndArnEqualsConditions() {
        org.attachPolicy(
                org.createServiceControlPolicy(
                        "read-only-root", DENY_ALL_BUT_READS.formatted(prod)),
                prod);
        IamClient delete = session(TaskPolicy.DELETE);
        assertEquals(1, delete.listAccessKeys(r -> {}).accessKeyMetadata().size());
        assertThrows(IamException.class, () -> delete.deleteLoginProfile(r -> {}));
        assertTrue(org.rootUser(prod).hasPassword());
    }

    @Test
    void evaluatorOperators() {
        ScpDocument doc =
                ScpDocument.parse(
                        """
                {"Statement":{"Effect":"Deny","Action":"s3:Delete*","Resource":"arn:aws:s3:::locked-*",
                 "Condition":{"StringNotEquals":{"aws:PrincipalAccount":"111111111111"},"BoolIfExists":{"aws:AssumedRoot":"true"}}}}""");
        var ctx = new java.util.HashMap<String, String>();
        ctx.put("aws:PrincipalAccount", "222222222222");
        assertTrue(doc.denies("s3:DeleteBucketPolicy", "arn:aws:s3:::locked-1", ctx));
        assertFalse(doc.denies("s3:GetBucketPolicy", "arn:aws:s3:::locked-1", ctx));
        assertFalse(doc.denies("s3:DeleteBucketPolicy", "arn:aws:s3:::open", ctx));
        ctx.put("aws:AssumedRoot", "false");
        assertFalse(doc.denies("s3:DeleteBucketPolicy", "arn:aws:s3:::locked-1", ctx));
        ctx.put("aws:AssumedRoot", "true");
        ctx.put("aws:PrincipalAccount", "111111111111");
        assertFalse(doc.denies("s3:DeleteBucketPolicy", "arn:aws:s3:::locked-1", ctx));
        assertTrue(ScpDocument.wildcard("IAM:Delete*", "iam:DeleteAccessKey", true));
        assertThrows(
                IllegalArgumentException.class,
                () -> ScpDocument.parse("{\"Version\":\"2012-10-17\"}"));
    }
}
