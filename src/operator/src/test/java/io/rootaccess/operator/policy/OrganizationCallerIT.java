package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.SECURITY_TOOLING;
import static io.rootaccess.operator.testing.SandboxResource.accountId;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator running with the wrong identity: a member account's administrator, first without any
 * delegation (AccessDenied), then as the IAM delegated administrator (may read, may not enable
 * features). The sandbox moves the operator's access key to a member account ({@code
 * security-tooling}) for this class, and a fresh organization afterwards gives it back to the
 * management account.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationCallerIT {

    /**
     * The identity mistake a real installation can make: the operator's credentials belong to a
     * member account's administrator. The operator forgets what it read as the management account.
     */
    @BeforeAll
    static void theOperatorsKeyBelongsToAMemberAccount() {
        Sandbox sb = sandbox();
        sb.assignAccessKey(sb.managementCredentials(), accountId(SECURITY_TOOLING));
        SandboxResource.forgetOrganization();
    }

    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @BeforeEach
    void namespace() {
        cluster = new PolicyCluster(client, "policy-caller");
    }

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
    }

    static RootAccessPolicy enableRootCredentialsManagement(String name) {
        OrganizationSpec o = new OrganizationSpec();
        o.rootCredentialsManagement = FeatureState.Enabled;
        return policy(name, null, s -> s.organization = o);
    }

    @Test
    @Order(1)
    void aMemberAccountWithoutDelegationIsDeniedAndTheConditionNamesTheAction() {
        cluster.create(enableRootCredentialsManagement("denied"));
        RootAccessPolicy stalled =
                cluster.awaitStatus("denied", p -> hasReason(p, "Stalled", "True", "AccessDenied"));
        assertFalse(isTrue(stalled, "Ready"));
        String text = message(stalled, "Stalled");
        assertTrue(
                Pattern.compile("organizations:[A-Za-z]+ was denied").matcher(text).find(), text);
        assertTrue(text.contains("deploy/"), "says where the IAM policy is: " + text);
        assertEquals(0, sandbox().calls().mutatingCount());
    }

    @Test
    @Order(2)
    void theDelegatedAdministratorReadsButCannotEnableAFeature() {
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setDelegatedAdministrator(accountId(SECURITY_TOOLING));

        cluster.create(enableRootCredentialsManagement("not-management"));
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "not-management",
                        p -> hasReason(p, "Stalled", "True", "NotManagementAccount"));
        String text = message(stalled, "Stalled");
        assertTrue(text.contains("iam:EnableOrganizationsRootCredentialsManagement"), text);
        assertTrue(text.contains("rootaccess.aws.role-arn"), text);
        assertFalse(org.enabledFeatures().contains("RootCredentialsManagement"));
        assertEquals(
                org.id(),
                stalled.getStatus().organizationId,
                "the delegated administrator may read the organization");

        // once the management account has enabled it, the same policy has nothing to change and is
        // Ready
        org.setFeatureEnabled("RootCredentialsManagement", true);
        cluster.awaitStatus(
                "not-management", p -> hasReason(p, "Ready", "True", PolicyReasons.SWITCHES_ONLY));
    }
}
