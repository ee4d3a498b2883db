package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.excludedReasons;
import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.SECURITY_TOOLING;
import static io.rootaccess.operator.testing.SandboxResource.accountId;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Organization-wide state with the real operator against an organization of its own
 * (testing.ClassBoundary: it flips the switches, the feature set and selects every account). The
 * steps build on each other, from a blank organization to an unreachable endpoint, so they run in
 * order.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationWidePolicyIT {
    private static final Logger LOG = Logger.getLogger(OrganizationWidePolicyIT.class);

    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @BeforeEach
    void namespace() {
        cluster = new PolicyCluster(client, "policy-organization");
    }

    static OrganizationSpec allSwitchesOn(String delegatedAdministrator) {
        OrganizationSpec o = new OrganizationSpec();
        o.trustedAccess = FeatureState.Enabled;
        o.rootCredentialsManagement = FeatureState.Enabled;
        o.rootSessions = FeatureState.Enabled;
        if (delegatedAdministrator != null) {
            o.delegatedAdministrator = new DelegatedAdministratorSpec();
            o.delegatedAdministrator.accountId = delegatedAdministrator;
        }
        return o;
    }

    static RootAccessPolicy switchesOnly(String name, OrganizationSpec organization) {
        return policy(name, null, s -> s.organization = organization);
    }

    @Test
    @Order(1)
    void enablesEverySwitchFromABlankOrganizationWithOneCallEach() {
        SandboxOrganization org = sandbox().organization();
        assertFalse(org.trustedAccessForIam());
        assertTrue(org.enabledFeatures().isEmpty());
        String admin = accountId(SECURITY_TOOLING);

        cluster.create(switchesOnly("switches", allSwitchesOn(admin)));
        RootAccessPolicy ready = cluster.awaitReady("switches");
        assertTrue(hasReason(ready, "Ready", "True", PolicyReasons.SWITCHES_ONLY));

        assertTrue(org.trustedAccessForIam());
        assertEquals(Set.of("RootCredentialsManagement", "RootSessions"), org.enabledFeatures());
        assertEquals(admin, org.delegatedAdministrator().orElseThrow());
        CallLog calls = sandbox().calls();
        assertEquals(1, calls.count("organizations:EnableAWSServiceAccess"));
        assertEquals(1, calls.count("iam:EnableOrganizationsRootCredentialsManagement"));
        assertEquals(1, calls.count("iam:EnableOrganizationsRootSessions"));
        assertEquals(1, calls.count("organizations:RegisterDelegatedAdministrator"));

        assertEquals(org.id(), ready.getStatus().organizationId);
        assertEquals(org.managementAccountId(), ready.getStatus().managementAccountId);
        assertEquals(Boolean.TRUE, ready.getStatus().trustedAccess);
        assertEquals(
                List.of("RootCredentialsManagement", "RootSessions"),
                ready.getStatus().enabledFeatures);
        assertEquals(admin, ready.getStatus().delegatedAdministrator);
    }

    @Test
    @Order(2)
    void aConvergedOrganizationIsReReadButNeverWrittenTo() {
        CallLog calls = sandbox().calls();
        calls.reset();
        // the switches are re-read once per refresh interval (2 s in tests): wait for two such
        // passes; every switch is awaited, since the three reads of one pass are not simultaneous
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                calls.count("organizations:ListAWSServiceAccessForOrganization")
                                                >= 2
                                        && calls.count("iam:ListOrganizationsFeatures") >= 2
                                        && calls.count("organizations:ListDelegatedAdministrators")
                                                >= 2);
        Map<String, Long> seen = new TreeMap<>(calls.snapshot());
        LOG.infof("calls during two converged passes (organization re-reads included): %s", seen);
        assertEquals(
                0,
                calls.mutatingCount(),
                () -> "mutating calls on a converged organization: " + seen);
        assertTrue(isTrue(cluster.get("switches"), "Ready"));
    }

    @Test
    @Order(3)
    void disablingAFeatureCallsForThatFeatureOnly() {
        CallLog calls = sandbox().calls();
        calls.reset();
        cluster.edit("switches", s -> s.organization.rootSessions = FeatureState.Disabled);
        RootAccessPolicy ready =
                cluster.awaitStatus(
                        "switches",
                        p ->
                                isTrue(p, "Ready")
                                        && List.of("RootCredentialsManagement")
                                                .equals(p.getStatus().enabledFeatures));
        assertEquals(
                Set.of("RootCredentialsManagement"), sandbox().organization().enabledFeatures());
        assertEquals(1, calls.count("iam:DisableOrganizationsRootSessions"));
        assertEquals(1, calls.mutatingCount(), () -> "only the difference: " + calls.snapshot());
        assertEquals(Boolean.TRUE, ready.getStatus().trustedAccess);
    }

    @Test
    @Order(4)
    void consolidatedBillingStallsWithTheFixAndRecoversOnItsOwn() {
        SandboxOrganization org = sandbox().organization();
        org.setFeatureSet("CONSOLIDATED_BILLING");
        try {
            RootAccessPolicy stalled =
                    cluster.awaitStatus(
                            "switches",
                            p ->
                                    hasReason(
                                            p,
                                            "Stalled",
                                            "True",
                                            "OrganizationNotInAllFeaturesMode"));
            assertFalse(isTrue(stalled, "Ready"));
            assertTrue(
                    message(stalled, "Stalled").contains("EnableAllFeatures"),
                    () -> message(stalled, "Stalled"));
        } finally {
            org.setFeatureSet("ALL");
        }
        cluster.awaitStatus(
                "switches", p -> hasReason(p, "Ready", "True", PolicyReasons.SWITCHES_ONLY));
    }

    @Test
    @Order(5)
    void throttlingKeepsThePolicyReconcilingUntilItConverges() {
        // "switches" wants RootSessions Disabled: two policies disagreeing about a switch act on
        // neither (Conflict)
        cluster.edit("switches", s -> s.organization.rootSessions = null);
        sandbox().faults().throttle("organizations:ListAWSServiceAccessForOrganization", 1.0);
        try {
            OrganizationSpec o = new OrganizationSpec();
            o.rootSessions = FeatureState.Enabled;
            cluster.create(switchesOnly("throttled", o));
            RootAccessPolicy throttled =
                    cluster.awaitStatus(
                            "throttled", p -> hasReason(p, "Reconciling", "True", "Throttled"));
            assertFalse(isTrue(throttled, "Ready"));
            assertFalse(isTrue(throttled, "Stalled"));
            assertTrue(
                    message(throttled, "Reconciling")
                            .contains("organizations:ListAWSServiceAccessForOrganization"),
                    () -> message(throttled, "Reconciling"));
        } finally {
            sandbox().faults().clear();
        }
        cluster.awaitReady("throttled");
        assertTrue(sandbox().organization().enabledFeatures().contains("RootSessions"));
        cluster.delete("throttled");
    }

    @Test
    @Order(6)
    void allMemberAccountsButNeverTheManagementAccount() {
        SandboxOrganization org = sandbox().organization();
        List<String> members =
                org.accountIds().stream()
                        .filter(id -> !id.equals(org.managementAccountId()))
                        .toList();
        cluster.create(policy("everyone", RootCredentialsState.Audit, s -> s.targets.all = true));
        RootAccessPolicy ready = cluster.awaitReady("everyone");
        assertEquals(members.size(), ready.getStatus().selected);
        assertEquals(members.size(), ready.getStatus().compliant);
        assertEquals(Set.copyOf(members), cluster.childAccounts("everyone"));
        assertEquals(
                Targeting.REASON_MANAGEMENT_ACCOUNT,
                excludedReasons(ready).get(org.managementAccountId()));
        cluster.delete("everyone");
    }

    @Test
    @Order(7)
    void anUnreachableEndpointKeepsThePolicyReconciling() {
        sandbox().close(); // last step: from here on nothing answers on the endpoint
        RootAccessPolicySpec unchanged = cluster.get("switches").getSpec();
        assertTrue(unchanged.organization.rootCredentialsManagement == FeatureState.Enabled);
        // a spec change makes the next pass read the switches at once
        cluster.edit("switches", s -> s.organization.rootSessions = FeatureState.Enabled);
        RootAccessPolicy unreachable =
                cluster.awaitStatus(
                        "switches",
                        p -> hasReason(p, "Reconciling", "True", "EndpointUnreachable"));
        assertFalse(isTrue(unreachable, "Ready"));
        assertTrue(
                message(unreachable, "Reconciling").contains("rootaccess.aws.endpoint"),
                () -> message(unreachable, "Reconciling"));
        cluster.deleteAll();
    }
}
