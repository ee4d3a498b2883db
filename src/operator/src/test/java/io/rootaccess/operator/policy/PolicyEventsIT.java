package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events on policies with the real operator on the sandbox: the selection growing, a conflict found
 * and cleared, an organization switch turned off and on; each is one Event on the policy.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class PolicyEventsIT {
    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        new PolicyCluster(client, "policy-events").deleteAll();
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
    }

    @Test
    void selectionConflictAndSwitchChangesAreEventsOnThePolicy() {
        PolicyCluster cluster = new PolicyCluster(client, "policy-events");
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String ou = org.createOrganizationalUnit(org.rootId(), "Events");
        org.createAccount("events-1", ou);

        cluster.create(
                policy(
                        "watch",
                        RootCredentialsState.Audit,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(ou, true))));
        cluster.awaitStatus(
                "watch",
                p -> isTrue(p, "Ready") && Integer.valueOf(1).equals(p.getStatus().selected));

        org.createAccount("events-2", ou);
        Event selection = awaitEvent("watch", PolicyReasons.EVENT_SELECTION_CHANGED);
        assertEquals("Normal", selection.getType());
        assertTrue(
                selection.getMessage().contains("2 account(s) selected (was 1)"),
                selection.getMessage());

        cluster.create(
                policy(
                        "rival",
                        RootCredentialsState.Absent,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(ou, true))));
        Event found = awaitEvent("watch", PolicyReasons.EVENT_CONFLICT_FOUND);
        assertEquals("Warning", found.getType());
        cluster.delete("rival");
        assertEquals("Normal", awaitEvent("watch", PolicyReasons.EVENT_CONFLICT_CLEARED).getType());

        org.setTrustedAccessForIam(false);
        Event off = awaitEvent("watch", PolicyReasons.EVENT_ORGANIZATION_SWITCH_CHANGED);
        assertTrue(
                off.getMessage().contains("trusted access for IAM changed from true to false"),
                off.getMessage());
    }

    private Event awaitEvent(String policy, String reason) {
        RootAccessPolicy p =
                client.resources(RootAccessPolicy.class)
                        .inNamespace("policy-events")
                        .withName(policy)
                        .get();
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> find(p, reason), Optional::isPresent)
                .get();
    }

    private Optional<Event> find(RootAccessPolicy p, String reason) {
        return client.v1().events().inNamespace("policy-events").list().getItems().stream()
                .filter(
                        e ->
                                reason.equals(e.getReason())
                                        && p.getMetadata()
                                                .getUid()
                                                .equals(e.getInvolvedObject().getUid()))
                .findFirst();
    }
}
