package io.rootaccess.operator.aws.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScpPreflightTest {
    static final String ACCOUNT = "111122223333";
    static final String ROOT_ONLY =
            "\"Condition\":{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}";
    static final List<String> PLAN =
            List.of(
                    "iam:DeleteLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice");

    static ServiceControlPolicy scp(String id, String target, String document) {
        return new ServiceControlPolicy(id, id + "-name", target, document);
    }

    @Test
    void aNotActionListExemptingTheLoginProfileDeniesEveryOtherDelete() {
        var policies =
                List.of(
                        scp(
                                "p-notaction",
                                ACCOUNT,
                                """
                                {"Statement":[{"Sid":"DenyRootButLoginProfile","Effect":"Deny",
                                 "NotAction":["iam:*LoginProfile","iam:List*","iam:Get*"],
                                 "Resource":"*",%s}]}"""
                                        .formatted(ROOT_ONLY)));
        Map<String, PolicyDenial> denied = ScpPreflight.evaluate(policies, ACCOUNT, PLAN);
        assertEquals(PLAN.subList(1, 4), List.copyOf(denied.keySet()));
        for (PolicyDenial d : denied.values()) {
            assertEquals("p-notaction", d.policyId());
            assertTrue(d.fix().contains("statement DenyRootButLoginProfile"), d.fix());
        }
    }

    @Test
    void eachActionIsNamedWithTheNearestStatementOnThePathBySidOrPosition() {
        var policies =
                List.of(
                        scp(
                                "p-account",
                                ACCOUNT,
                                """
                                {"Statement":{"Sid":"KeepMfa","Effect":"Deny",
                                 "Action":"iam:DeactivateMFADevice","Resource":"*"}}"""),
                        scp(
                                "p-child",
                                "ou-ab12-child",
                                """
                                {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                                 {"Effect":"Deny","Action":["iam:DeleteSigningCertificate",
                                   "iam:DeactivateMFADevice"],"Resource":"*",%s}]}"""
                                        .formatted(ROOT_ONLY)),
                        scp(
                                "p-parent",
                                "ou-ab12-parent",
                                """
                                {"Statement":{"Sid":"NoKeyDeletes","Effect":"Deny",
                                 "Action":"iam:Delete*Key","Resource":"*"}}"""),
                        // exempts root sessions: denies nothing to the operator
                        scp(
                                "p-root",
                                "r-ab12",
                                """
                                {"Statement":{"Effect":"Deny","Action":"*","Resource":"*",
                                 "Condition":{"Null":{"aws:AssumedRoot":"true"}}}}"""));
        Map<String, PolicyDenial> denied = ScpPreflight.evaluate(policies, ACCOUNT, PLAN);

        assertEquals(3, denied.size(), denied.toString());
        assertEquals("p-parent", denied.get("iam:DeleteAccessKey").policyId());
        assertTrue(denied.get("iam:DeleteAccessKey").fix().contains("statement NoKeyDeletes"));
        assertEquals("p-child", denied.get("iam:DeleteSigningCertificate").policyId());
        assertTrue(
                denied.get("iam:DeleteSigningCertificate")
                        .fix()
                        .contains("statement number 2 (no Sid)"),
                denied.get("iam:DeleteSigningCertificate").fix());
        assertEquals(
                "p-account", denied.get("iam:DeactivateMFADevice").policyId(), "nearest first");
        assertEquals("ou-ab12-child", denied.get("iam:DeleteSigningCertificate").targetId());
    }

    @Test
    void unreadableScpsDenyNothingAndSaySo() {
        OrganizationDirectory denying =
                new OrganizationDirectory() {
                    public OrganizationInfo describeOrganization() {
                        throw new UnsupportedOperationException();
                    }

                    public AccountInfo describeAccount(String accountId) {
                        throw new UnsupportedOperationException();
                    }

                    public OrganizationSnapshot snapshot() {
                        throw new UnsupportedOperationException();
                    }

                    public List<ServiceControlPolicy> serviceControlPoliciesFor(String id) {
                        throw new AwsException(
                                AwsErrorKind.ACCESS_DENIED,
                                "organizations:ListPoliciesForTarget",
                                "AccessDeniedException",
                                "denied");
                    }
                };
        var verdict = new ScpPreflight(ScpPaths.uncached(denying)).evaluate(ACCOUNT, PLAN, true);
        assertTrue(verdict.denied().isEmpty());
        assertTrue(
                verdict.unreadable().orElseThrow().contains("organizations:ListPoliciesForTarget"),
                verdict.toString());
    }
}
