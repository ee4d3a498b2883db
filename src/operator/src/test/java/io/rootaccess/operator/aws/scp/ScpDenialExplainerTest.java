package io.rootaccess.operator.aws.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ScpDenialExplainerTest {
    private static final String FULL_ACCESS =
            """
            {"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""";
    private static final String DENY_ROOT =
            """
            {"Statement":{"Sid":"NoRoot","Effect":"Deny","Action":"*","Resource":"*",
              "Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}}""";

    /** Only serviceControlPoliciesFor is used by the explainer. */
    private static OrganizationDirectory directory(Supplier<List<ServiceControlPolicy>> scps) {
        return new OrganizationDirectory() {
            public OrganizationInfo describeOrganization() {
                throw new UnsupportedOperationException();
            }

            public AccountInfo describeAccount(String accountId) {
                throw new UnsupportedOperationException();
            }

            public OrganizationSnapshot snapshot() {
                throw new UnsupportedOperationException();
            }

            public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
                return scps.get();
            }
        };
    }

    @Test
    void namesTheNearestDenyingScpAndTheFix() {
        var explainer =
                new ScpDenialExplainer(
                        directory(
                                () ->
                                        List.of(
                                                new ServiceControlPolicy(
                                                        "p-FullAWSAccess",
                                                        "FullAWSAccess",
                                                        "111122223333",
                                                        FULL_ACCESS),
                                                new ServiceControlPolicy(
                                                        "p-deny1",
                                                        "deny-root",
                                                        "ou-ab12-cdef3456",
                                                        DENY_ROOT),
                                                new ServiceControlPolicy(
                                                        "p-deny2",
                                                        "deny-root-too",
                                                        "r-ab12",
                                                        DENY_ROOT))));
        PolicyDenial denial = explainer.explain("111122223333", "iam:DeleteLoginProfile");
        assertEquals("p-deny1", denial.policyId());
        assertEquals("ou-ab12-cdef3456", denial.targetId());
        assertTrue(
                denial.fix().contains("\"Null\": {\"aws:AssumedRoot\": \"true\"}"), denial.fix());
        assertTrue(denial.fix().contains("NoRoot"), denial.fix());
        assertTrue(denial.message().contains("deny-root"), denial.message());
    }

    @Test
    void noMatchingScpGivesANullPolicy() {
        var explainer =
                new ScpDenialExplainer(
                        directory(
                                () ->
                                        List.of(
                                                new ServiceControlPolicy(
                                                        "p-FullAWSAccess",
                                                        "FullAWSAccess",
                                                        "r-ab12",
                                                        FULL_ACCESS))));
        PolicyDenial denial = explainer.explain("111122223333", "iam:DeleteLoginProfile");
        assertNull(denial.policyId());
        assertTrue(denial.message().contains("no service control policy"), denial.message());
    }

    @Test
    void unreadableScpsGiveANullPolicyButRetryableErrorsPropagate() {
        var denied =
                new ScpDenialExplainer(
                        directory(
                                () -> {
                                    throw new AwsException(
                                            AwsErrorKind.ACCESS_DENIED,
                                            "organizations:ListPoliciesForTarget",
                                            "AccessDenied",
                                            "no");
                                }));
        assertNull(denied.explain("111122223333", "iam:GetAccountSummary").policyId());
        var throttled =
                new ScpDenialExplainer(
                        directory(
                                () -> {
                                    throw new AwsException(
                                            AwsErrorKind.THROTTLED,
                                            "organizations:ListParents",
                                            "TooManyRequestsException",
                                            "slow");
                                }));
        assertThrows(
                AwsException.class,
                () -> throttled.explain("111122223333", "iam:GetAccountSummary"));
    }
}
