package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, fail closed on an invalid spec: a Ready policy edited into a spec the operator refuses
 * (the mock API server, like a cluster with an old CRD, has no schema to stop it) must not leave
 * its children converging on the previous spec. A credential put back in a child account while the
 * spec is invalid stays; once the spec is fixed it is removed. Before, the children kept auditing
 * and remediating with the old spec (every 2 s here) and removed it at once.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class InvalidSpecHoldIT {
    @Inject KubernetesClient client;
    PolicyCluster cluster;
    String ou;
    String first;
    String second;

    @BeforeEach
    void seed() {
        cluster = new PolicyCluster(client, "invalid-spec-hold");
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        ou = org.createOrganizationalUnit(org.rootId(), "InvalidHold-" + System.nanoTime());
        first = org.createAccount("invalid-hold-1-" + System.nanoTime(), ou);
        second = org.createAccount("invalid-hold-2-" + System.nanoTime(), ou);
        org.rootUser(first).setPassword(true);
        org.rootUser(second).setPassword(true);
    }

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
        sandbox().organization().removeAccount(first);
        sandbox().organization().removeAccount(second);
    }

    @Test
    void anInvalidSpecHoldsTheChildrenUntilFixed() {
        SandboxOrganization org = sandbox().organization();
        cluster.create(
                policy(
                        "hold",
                        RootCredentialsState.Absent,
                        s -> {
                            s.rootCredentials.auditInterval = "2s"; // children re-audit often
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ou, true));
                        }));
        RootAccessPolicy ready =
                cluster.awaitStatus(
                        "hold", p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
        assertEquals(
                ready.getMetadata().getGeneration(),
                ready.getStatus().childrenGeneration,
                "every child carries the policy's generation: they may act");
        assertEquals(Set.of(first, second), cluster.childAccounts("hold"));
        assertFalse(org.rootUser(first).hasPassword());

        // a spec the operator refuses (the CRD's pattern would; the mock server has no schema)
        cluster.edit("hold", s -> s.rootCredentials.protectKeysUsedWithin = "1x");
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "hold", p -> hasReason(p, "Stalled", "True", PolicyReasons.INVALID_SPEC));
        assertFalse(isTrue(stalled, "Ready"));
        assertTrue(message(stalled, "Stalled").contains("1x"), () -> message(stalled, "Stalled"));
        assertNull(stalled.getStatus().childrenGeneration, "held: the fence is withdrawn");
        // held: every child suspended, and each has seen its suspended spec
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                cluster.children("hold").stream()
                                        .allMatch(
                                                c ->
                                                        Boolean.TRUE.equals(c.getSpec().suspend)
                                                                && c.getStatus() != null
                                                                && Objects.equals(
                                                                        c.getStatus()
                                                                                .observedGeneration,
                                                                        c.getMetadata()
                                                                                .getGeneration())));
        assertTrue(
                message(cluster.get("hold"), "Stalled").contains("held"),
                () -> message(cluster.get("hold"), "Stalled"));
        for (MemberAccountRootState child : cluster.children("hold")) {
            // the previous desired state is kept, only not acted on
            assertEquals(RootCredentialsState.Absent, child.getSpec().rootCredentials.state);
        }

        // someone puts a password back while the spec is invalid: several audit rounds, no delete
        long deletes = sandbox().calls().count("iam:DeleteLoginProfile");
        org.rootUser(first).setPassword(true);
        await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);
        assertTrue(
                org.rootUser(first).hasPassword(), "nothing is removed while the spec is invalid");
        assertEquals(deletes, sandbox().calls().count("iam:DeleteLoginProfile"));
        assertEquals(Set.of(first, second), cluster.childAccounts("hold"));

        // the fix: the policy resumes and the password goes
        cluster.edit("hold", s -> s.rootCredentials.protectKeysUsedWithin = null);
        await().atMost(PolicyCluster.WAIT).until(() -> !org.rootUser(first).hasPassword());
        RootAccessPolicy fixed =
                cluster.awaitStatus(
                        "hold", p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
        assertEquals(fixed.getMetadata().getGeneration(), fixed.getStatus().childrenGeneration);
        assertTrue(
                cluster.children("hold").stream()
                        .noneMatch(c -> Boolean.TRUE.equals(c.getSpec().suspend)));
    }
}
