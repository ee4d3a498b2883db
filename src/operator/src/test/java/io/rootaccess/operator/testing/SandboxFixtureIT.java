package io.rootaccess.operator.testing;

import static io.rootaccess.operator.testing.Policies.policy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The shared per-test fixture against the running operator: two fixtures never share a name, an OU
 * or an account, and closing one returns only once the operator released what the test made.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class SandboxFixtureIT {
    @Inject KubernetesClient client;

    @Test
    void twoFixturesShareNothingAndClosingWaitsForTheOperatorToLetGo() {
        SandboxAccounts.centralizedRootAccessOn(SandboxResource.sandbox().organization());
        SandboxFixture first = SandboxFixture.create(client, "fixture", 2);
        SandboxFixture second = SandboxFixture.create(client, "fixture", 2);
        try {
            assertNotEquals(first.namespace(), second.namespace());
            assertNotEquals(first.ou(), second.ou());
            assertTrue(first.accounts().stream().noneMatch(second.accounts()::contains));
            assertEquals(
                    List.copyOf(first.accounts()),
                    first.org().accountIds().stream()
                            .filter(a -> first.ou().equals(first.org().parentOf(a)))
                            .toList());

            RootAccessPolicy audit =
                    first.create(policy("audit").audit().targetingOu(first.ou()).build());
            assertEquals(Mode.DryRun, audit.getSpec().mode, "DryRun unless asked");
            // the operator took the policy (its finalizer) and made a child per account of the OU
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    client.resources(MemberAccountRootState.class)
                                                    .inNamespace(first.namespace())
                                                    .list()
                                                    .getItems()
                                                    .size()
                                            == 2);
            RootAccessPolicy stored =
                    client.resources(RootAccessPolicy.class)
                            .inNamespace(first.namespace())
                            .withName("audit")
                            .get();
            assertTrue(!stored.getMetadata().getFinalizers().isEmpty(), "the operator holds it");
            assertTrue(
                    client.resources(MemberAccountRootState.class)
                            .inNamespace(second.namespace())
                            .list()
                            .getItems()
                            .isEmpty(),
                    "nothing of the first fixture in the second");
        } finally {
            first.close();
        }
        // close returned: nothing is left for the operator to release, and the namespace is gone
        assertTrue(
                client.resources(RootAccessPolicy.class)
                        .inNamespace(first.namespace())
                        .list()
                        .getItems()
                        .isEmpty());
        assertTrue(
                client.resources(MemberAccountRootState.class)
                        .inNamespace(first.namespace())
                        .list()
                        .getItems()
                        .isEmpty());
        assertNull(client.namespaces().withName(first.namespace()).get());
        second.close();
    }

    /** A finalizer nobody removes: close does not return as if the namespace were clean. */
    @Test
    void closingWaitsForEveryFinalizerWithABound() {
        SandboxFixture fixture = SandboxFixture.create(client, "fixture-held", 0);
        RootAccessPolicy held = policy("held").build();
        held.getMetadata().setFinalizers(List.of("test.rootaccess.io/held"));
        fixture.create(held);
        assertThrows(ConditionTimeoutException.class, () -> fixture.close(Duration.ofSeconds(1)));
        RootAccessPolicy stored =
                client.resources(RootAccessPolicy.class)
                        .inNamespace(fixture.namespace())
                        .withName("held")
                        .get();
        assertNotNull(stored, "still there, held by its finalizer");
        client.resources(RootAccessPolicy.class)
                .inNamespace(fixture.namespace())
                .withName("held")
                .edit(
                        p -> {
                            p.getMetadata()
                                    .setFinalizers(
                                            p.getMetadata().getFinalizers().stream()
                                                    .filter(f -> !f.startsWith("test."))
                                                    .toList());
                            return p;
                        });
        fixture.close();
        assertNull(client.namespaces().withName(fixture.namespace()).get());
    }
}
