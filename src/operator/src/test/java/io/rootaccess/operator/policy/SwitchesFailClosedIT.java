package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.DEV_APP;
import static io.rootaccess.operator.testing.SandboxResource.LEGACY;
import static io.rootaccess.operator.testing.SandboxResource.PROD_APP;
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
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.1: DryRun never changes the organization switches (or the delegated administrator), it
 * reports the plan; two Enforce policies that disagree about a switch act on neither and are both
 * Stalled with Conflict. A fresh organization (testing.ClassBoundary): it watches the
 * organization-wide switches, which no other test may touch meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class SwitchesFailClosedIT {
    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new PolicyCluster(client, "switches-fail-closed");
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
    }

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
    }

    private static OrganizationSpec sessions(FeatureState state) {
        OrganizationSpec o = new OrganizationSpec();
        o.rootSessions = state;
        return o;
    }

    private static OrganizationSpec admin(String accountId) {
        OrganizationSpec o = new OrganizationSpec();
        o.delegatedAdministrator = new DelegatedAdministratorSpec();
        o.delegatedAdministrator.accountId = accountId;
        return o;
    }

    /**
     * Waits for at least two more switch reads (two refreshes), so a writer would have had its
     * chance.
     */
    private static void twoMoreSwitchReads(CallLog calls) {
        long before = calls.count("iam:ListOrganizationsFeatures");
        await().atMost(PolicyCluster.WAIT)
                .until(() -> calls.count("iam:ListOrganizationsFeatures") >= before + 2);
    }

    @Test
    void dryRunReportsPlannedSwitchChangesAndMakesNoMutatingCall() {
        CallLog calls = sandbox().calls();
        calls.reset();
        String admin = accountId(LEGACY); // never registered by the other tests
        var adminBefore = sandbox().organization().delegatedAdministrator();
        List<String> expected = new java.util.ArrayList<>();
        adminBefore.ifPresent(a -> expected.add("deregister delegated administrator " + a));
        expected.add("disable RootSessions");
        expected.add("register delegated administrator " + admin);
        cluster.create(
                policy(
                        "dry-switches",
                        RootCredentialsState.Absent,
                        s -> {
                            s.mode = Mode.DryRun;
                            s.organization = admin(admin);
                            s.organization.rootSessions = FeatureState.Disabled;
                            s.targets.accountIds = List.of(accountId(PROD_APP));
                        }));
        RootAccessPolicy ready =
                cluster.awaitStatus(
                        "dry-switches",
                        p ->
                                isTrue(p, "Ready")
                                        && p.getStatus().plannedOrganizationChanges != null);
        assertEquals(expected, ready.getStatus().plannedOrganizationChanges);
        assertTrue(
                hasReason(ready, "Ready", "True", PolicyReasons.PLANNED),
                () -> message(ready, "Ready"));
        assertTrue(
                message(ready, "Ready").contains("disable RootSessions"),
                () -> message(ready, "Ready"));
        twoMoreSwitchReads(calls);

        assertEquals(0, calls.count("iam:DisableOrganizationsRootSessions"));
        assertEquals(0, calls.count("organizations:RegisterDelegatedAdministrator"));
        // the sandbox counts sts:AssumeRoot as mutating; DryRun opens audit sessions, which change
        // nothing
        assertEquals(
                0,
                calls.mutatingCount() - calls.count("sts:AssumeRoot"),
                () -> "DryRun made mutating calls: " + calls.snapshot());
        assertEquals(
                Set.of("RootCredentialsManagement", "RootSessions"),
                sandbox().organization().enabledFeatures());
        assertEquals(adminBefore, sandbox().organization().delegatedAdministrator());
        assertTrue(
                sandbox().organization().rootUser(accountId(PROD_APP)).hasPassword(),
                "DryRun kept the password");
    }

    @Test
    void opposingSwitchPoliciesActOnNeitherUntilOneGoes() {
        CallLog calls = sandbox().calls();
        cluster.create(
                policy("sessions-on", null, s -> s.organization = sessions(FeatureState.Enabled)));
        cluster.awaitReady("sessions-on");
        calls.reset();
        cluster.create(
                policy(
                        "sessions-off",
                        null,
                        s -> s.organization = sessions(FeatureState.Disabled)));

        RootAccessPolicy off =
                cluster.awaitStatus(
                        "sessions-off",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.CONFLICT));
        RootAccessPolicy on =
                cluster.awaitStatus(
                        "sessions-on",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.CONFLICT));
        assertTrue(isTrue(off, "Conflict") && isTrue(on, "Conflict"));
        assertTrue(
                message(off, "Conflict").contains("switches-fail-closed/sessions-on"),
                () -> message(off, "Conflict"));
        assertTrue(
                message(on, "Conflict").contains("switches-fail-closed/sessions-off"),
                () -> message(on, "Conflict"));
        assertFalse(isTrue(off, "Ready"));
        assertEquals(List.of("disable RootSessions"), off.getStatus().plannedOrganizationChanges);
        twoMoreSwitchReads(calls);
        assertEquals(
                0,
                calls.mutatingCount(),
                () -> "a switch flipped during the conflict: " + calls.snapshot());
        assertTrue(sandbox().organization().enabledFeatures().contains("RootSessions"));

        // the conflict ends: the remaining policy acts, once
        cluster.delete("sessions-on");
        cluster.awaitStatus("sessions-off", p -> isTrue(p, "Ready") && !isTrue(p, "Conflict"));
        assertFalse(sandbox().organization().enabledFeatures().contains("RootSessions"));
        assertEquals(1, calls.count("iam:DisableOrganizationsRootSessions"));
        assertEquals(0, calls.count("iam:EnableOrganizationsRootSessions"));
    }

    @Test
    void differentDelegatedAdministratorsActOnNeither() {
        CallLog calls = sandbox().calls();
        String first = accountId(SECURITY_TOOLING);
        try {
            cluster.create(policy("admin-a", null, s -> s.organization = admin(first)));
            cluster.awaitReady("admin-a");
            assertEquals(first, sandbox().organization().delegatedAdministrator().orElseThrow());
            calls.reset();
            cluster.create(
                    policy("admin-b", null, s -> s.organization = admin(accountId(DEV_APP))));
            RootAccessPolicy b =
                    cluster.awaitStatus(
                            "admin-b",
                            p -> hasReason(p, "Stalled", "True", PolicyReasons.CONFLICT));
            RootAccessPolicy a =
                    cluster.awaitStatus(
                            "admin-a",
                            p -> hasReason(p, "Stalled", "True", PolicyReasons.CONFLICT));
            assertTrue(message(a, "Conflict").contains("admin-b"), () -> message(a, "Conflict"));
            assertTrue(message(b, "Conflict").contains("admin-a"), () -> message(b, "Conflict"));
            twoMoreSwitchReads(calls);
            assertEquals(0, calls.count("organizations:RegisterDelegatedAdministrator"));
            assertEquals(0, calls.count("organizations:DeregisterDelegatedAdministrator"));
            assertEquals(first, sandbox().organization().delegatedAdministrator().orElseThrow());
        } finally {
            cluster.deleteAll();
        }
    }
}
