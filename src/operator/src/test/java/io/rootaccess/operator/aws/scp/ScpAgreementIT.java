package io.rootaccess.operator.aws.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SdkClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The operator explains SCP denials (aws ScpDenialExplainer/ScpMatcher); the sandbox enforces SCPs
 * (ScpDocument). The two are written independently; here the same documents go through both, for
 * root sessions (the only principal the operator explains), and they must agree on denied vs not.
 * The sandbox side is exercised on the wire: a real SDK call inside a root session of the right
 * task policy, in an account the SCP is attached to.
 */
class ScpAgreementIT {
    static final List<String> ACTIONS =
            List.of(
                    "iam:GetAccountSummary",
                    "iam:GetLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:CreateLoginProfile",
                    "s3:DeleteBucketPolicy",
                    "sqs:SetQueueAttributes");
    static final Set<String> ALL = Set.copyOf(ACTIONS);
    static final Set<String> NONE = Set.of();

    /**
     * A document ({ACCOUNT} = the account it is attached to) and the actions AWS denies a root
     * session there.
     */
    record Case(String name, String document, Set<String> denied) {}

    static String deny(String actionPart, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S1\",\"Effect\":\"Deny\","
                + actionPart
                + ",\"Resource\":\"*\""
                + (condition == null ? "" : ",\"Condition\":" + condition)
                + "}]}";
    }

    static final List<Case> CASES =
            List.of(
                    new Case(
                            "deny-everything-to-root",
                            deny(
                                    "\"Action\":\"*\"",
                                    "{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}"),
                            ALL),
                    new Case(
                            "deny-root-but-exempt-root-sessions (AWS sample)",
                            deny(
                                    "\"Action\":\"*\"",
                                    "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"},\"Null\":{\"aws:AssumedRoot\":\"true\"}}"),
                            NONE),
                    new Case(
                            "deny-create-password",
                            deny(
                                    "\"Action\":[\"iam:CreateLoginProfile\",\"iam:UpdateLoginProfile\"]",
                                    null),
                            Set.of("iam:CreateLoginProfile")),
                    new Case(
                            "deny-iam-deletes-wildcard",
                            deny("\"Action\":\"iam:Delete*\"", null),
                            Set.of("iam:DeleteAccessKey")),
                    new Case(
                            "deny-all-but-iam-reads (NotAction)",
                            deny("\"NotAction\":[\"iam:Get*\",\"iam:List*\"]", null),
                            Set.of(
                                    "iam:DeleteAccessKey",
                                    "iam:CreateLoginProfile",
                                    "s3:DeleteBucketPolicy",
                                    "sqs:SetQueueAttributes")),
                    new Case(
                            "allow-only",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                            NONE),
                    new Case(
                            "deny-s3-in-root-sessions (Bool aws:AssumedRoot)",
                            deny(
                                    "\"Action\":\"s3:*\"",
                                    "{\"Bool\":{\"aws:AssumedRoot\":\"true\"}}"),
                            Set.of("s3:DeleteBucketPolicy")),
                    new Case(
                            "deny-iam-only-in-root-sessions (Null aws:AssumedRoot false)",
                            deny(
                                    "\"Action\":\"iam:*\"",
                                    "{\"Null\":{\"aws:AssumedRoot\":\"false\"}}"),
                            Set.of(
                                    "iam:GetAccountSummary",
                                    "iam:GetLoginProfile",
                                    "iam:DeleteAccessKey",
                                    "iam:CreateLoginProfile")),
                    new Case(
                            "deny-unless-admin-role (ArnNotLike)",
                            deny(
                                    "\"Action\":\"*\"",
                                    "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/Admin\"}}"),
                            ALL),
                    new Case(
                            "deny-another-accounts-root (ArnEquals)",
                            deny(
                                    "\"Action\":\"*\"",
                                    "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::999999999999:root\"}}"),
                            NONE),
                    new Case(
                            "deny-everyone-but-this-root (StringNotEquals)",
                            deny(
                                    "\"Action\":\"sqs:*\"",
                                    "{\"StringNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::{ACCOUNT}:root\"}}"),
                            NONE),
                    new Case(
                            "action-case-and-?-wildcard",
                            deny(
                                    "\"Action\":[\"IAM:getaccountsummary\",\"iam:?reateLoginProfile\"]",
                                    null),
                            Set.of("iam:GetAccountSummary", "iam:CreateLoginProfile")),
                    new Case(
                            "allow-and-deny-statements",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                                    + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"sqs:SetQueueAttributes\",\"Resource\":\"*\"}]}",
                            Set.of("sqs:SetQueueAttributes")),
                    new Case(
                            "deny-root-for-any-value (ForAnyValue:StringLike)",
                            deny(
                                    "\"Action\":[\"s3:*\",\"sqs:*\"]",
                                    "{\"ForAnyValue:StringLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::*:root\"]}}"),
                            Set.of("s3:DeleteBucketPolicy", "sqs:SetQueueAttributes")),
                    // Once over-reported by the operator (it ignored Resource and these condition
                    // keys):
                    new Case(
                            "deny-on-another-bucket (Resource)",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                                    + "\"Action\":\"s3:DeleteBucketPolicy\",\"Resource\":\"arn:aws:s3:::someone-elses-bucket\"}]}",
                            NONE),
                    new Case(
                            "deny-for-another-account (aws:PrincipalAccount)",
                            deny(
                                    "\"Action\":\"iam:*\"",
                                    "{\"StringEquals\":{\"aws:PrincipalAccount\":\"999999999999\"}}"),
                            NONE),
                    new Case(
                            "deny-outside-root-sessions (StringEquals aws:AssumedRoot false)",
                            deny(
                                    "\"Action\":\"iam:*\"",
                                    "{\"StringEquals\":{\"aws:AssumedRoot\":\"false\"}}"),
                            NONE));

    static Sandbox sb;
    static SdkClients clients;
    static SandboxOrganization org;

    @BeforeAll
    static void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        org.enableCentralRootAccess();
        clients = new SdkClients(sb);
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        sb.close();
    }

    @Test
    void sandboxAndOperatorAgreeAndBothMatchAws() {
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (Case c : CASES) {
            for (String action : ACTIONS) {
                Decisions d = decide(c, action);
                compared++;
                if (d.sandbox != d.operator || d.sandbox != c.denied.contains(action)) {
                    disagreements.add(
                            c.name
                                    + " / "
                                    + action
                                    + ": AWS "
                                    + (c.denied.contains(action) ? "denies" : "allows")
                                    + ", sandbox "
                                    + (d.sandbox ? "denies" : "allows")
                                    + ", operator "
                                    + (d.operator ? "names an SCP" : "names none"));
                }
            }
        }
        assertEquals(CASES.size() * ACTIONS.size(), compared);
        assertEquals(List.of(), disagreements);
    }

    record Decisions(boolean sandbox, boolean operator) {}

    private static final Map<String, TaskPolicy> SESSION =
            Map.of(
                    "iam:GetAccountSummary",
                    TaskPolicy.AUDIT,
                    "iam:GetLoginProfile",
                    TaskPolicy.AUDIT,
                    "iam:DeleteAccessKey",
                    TaskPolicy.DELETE,
                    "iam:CreateLoginProfile",
                    TaskPolicy.CREATE_PASSWORD,
                    "s3:DeleteBucketPolicy",
                    TaskPolicy.S3_UNLOCK,
                    "sqs:SetQueueAttributes",
                    TaskPolicy.SQS_UNLOCK);

    private static int accounts;

    /**
     * A fresh account with only this SCP attached, then the action in a root session, and the
     * operator's explanation.
     */
    private static Decisions decide(Case c, String action) {
        String account = org.createAccount("scp-" + (++accounts), org.rootId());
        String document = c.document.replace("{ACCOUNT}", account);
        String policyId = org.createServiceControlPolicy("p-" + accounts, document);
        org.attachPolicy(policyId, account);
        org.rootUser(account).setPassword(true);
        String bucket = "bucket-" + account;
        org.createBucket(account, bucket, "{\"Statement\":[]}");
        String queueUrl = org.createQueue(account, "queue", "{\"Statement\":[]}");

        StsClient sts = clients.managementSts();
        AwsCredentials session =
                SdkClients.of(
                        sts.assumeRoot(
                                r ->
                                        r.targetPrincipal(account)
                                                .taskPolicyArn(
                                                        p -> p.arn(SESSION.get(action).arn()))));
        Map<String, Consumer<AwsCredentials>> calls =
                Map.of(
                        "iam:GetAccountSummary", s -> clients.iam(s).getAccountSummary(r -> {}),
                        "iam:GetLoginProfile", s -> clients.iam(s).getLoginProfile(r -> {}),
                        "iam:DeleteAccessKey",
                                s ->
                                        clients.iam(s)
                                                .deleteAccessKey(
                                                        r -> r.accessKeyId("AKIAEXAMPLEGONE00000")),
                        "iam:CreateLoginProfile", s -> clients.iam(s).createLoginProfile(r -> {}),
                        "s3:DeleteBucketPolicy",
                                s -> clients.s3(s).deleteBucketPolicy(r -> r.bucket(bucket)),
                        "sqs:SetQueueAttributes",
                                s ->
                                        clients.sqs(s)
                                                .setQueueAttributes(
                                                        r ->
                                                                r.queueUrl(queueUrl)
                                                                        .attributes(
                                                                                Map.of(
                                                                                        QueueAttributeName
                                                                                                .POLICY,
                                                                                        ""))));
        boolean sandboxDenies;
        try {
            calls.get(action).accept(session);
            sandboxDenies = false;
        } catch (AwsServiceException e) {
            String message = String.valueOf(e.awsErrorDetails().errorMessage());
            sandboxDenies =
                    e.awsErrorDetails().errorCode().startsWith("AccessDenied")
                            && message.contains("service control policy");
            if (e.statusCode() >= 500
                    || !sandboxDenies
                            && e.awsErrorDetails().errorCode().startsWith("AccessDenied")) {
                throw new AssertionError(
                        c.name
                                + " / "
                                + action
                                + ": unexpected "
                                + e.statusCode()
                                + " "
                                + e.awsErrorDetails().errorCode()
                                + ": "
                                + message);
            }
        }

        ScpDenialExplainer explainer =
                new ScpDenialExplainer(
                        directory(
                                List.of(
                                        new ServiceControlPolicy(
                                                policyId, "p-" + accounts, account, document))));
        // The operator knows the bucket of an unlock task; other calls are explained without a
        // resource.
        String resource = action.startsWith("s3:") ? "arn:aws:s3:::" + bucket : null;
        boolean operatorDenies = explainer.explain(account, action, resource).policyId() != null;
        return new Decisions(sandboxDenies, operatorDenies);
    }

    /** The explainer only reads serviceControlPoliciesFor. */
    private static OrganizationDirectory directory(List<ServiceControlPolicy> scps) {
        return new OrganizationDirectory() {
            @Override
            public OrganizationInfo describeOrganization() {
                throw new UnsupportedOperationException();
            }

            @Override
            public AccountInfo describeAccount(String accountId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public OrganizationSnapshot snapshot() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
                return scps;
            }
        };
    }
}
