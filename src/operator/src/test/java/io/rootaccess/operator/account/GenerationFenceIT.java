package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.Policies.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generation fence: a policy whose 100 released children are converging is switched to DryRun.
 * The sandbox stamps every credential change as it arrives; after the API server accepted the
 * switch only the calls already on their way may arrive: each child asks its policy's intent, from
 * the informer cache, right before each mutating call.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class GenerationFenceIT {
    static final String NS = "generation-fence";
    static final int ACCOUNTS = 100;

    /**
     * The bound: calls already sent when the switch was accepted, one per pass in flight, plus
     * those started while the informer delivers the new generation (milliseconds, more on a loaded
     * machine). Measured on the 2-core machine with 200 accounts: 19 (lightly loaded) and 36 (load
     * average 33), without the fence 691 of the 800 changes after the switch; with 100 accounts: 35
     * (idle), without the fence 249 of the 400.
     */
    static final int BOUND = 60;

    static final Set<String> CREDENTIAL_CHANGES =
            Set.of(
                    "iam:DeleteLoginProfile",
                    "iam:CreateLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice");

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        client.resources(RootAccessPolicy.class).inNamespace(NS).delete();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    @Test
    void switchingToDryRunStopsInFlightChildrenAtTheirNextCall() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String ou =
                org.createOrganizationalUnit(
                        org.rootId(), "fence-" + UUID.randomUUID().toString().substring(0, 6));
        for (int i = 0; i < ACCOUNTS; i++) {
            SandboxRootUser root = org.rootUser(org.createAccount("fence-" + i, ou));
            root.setPassword(true);
            root.addAccessKey(Instant.now().minus(Duration.ofDays(400)));
            root.addAccessKey(Instant.now().minus(Duration.ofDays(400)));
            root.addSigningCertificate();
        }
        // 4 changes per account, each a little slow: the convergence takes a while
        CREDENTIAL_CHANGES.forEach(op -> sandbox().faults().latency(op, Duration.ofMillis(30)));
        ConcurrentLinkedQueue<Long> changes = new ConcurrentLinkedQueue<>();
        sandbox()
                .faults()
                .hook(
                        (operation, accountId) -> {
                            if (CREDENTIAL_CHANGES.contains(operation)) {
                                changes.add(System.nanoTime());
                            }
                        });

        client.resource(
                        policy("fenced")
                                .inNamespace(NS)
                                .absent()
                                .enforce()
                                .targetingOu(ou)
                                .maxInFlight(ACCOUNTS)
                                .build())
                .create();

        // mid-convergence: some accounts done, most not
        await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> changes.size() >= 30);
        switchToDryRun();
        long accepted = System.nanoTime();
        int before = changes.size();
        // mid-convergence: enough changes still to come that, without the fence, far more than the
        // bound would arrive after the switch (on a loaded machine the edit itself takes a while)
        int toCome = 4 * ACCOUNTS - before;
        assertTrue(toCome > 2 * BOUND, "switched mid-convergence: " + before + " changes made");

        // the policy rewrote every child to DryRun: from then on no child acts on the old spec
        await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            List<MemberAccountRootState> children =
                                    client.resources(MemberAccountRootState.class)
                                            .inNamespace(NS)
                                            .list()
                                            .getItems();
                            return children.size() == ACCOUNTS
                                    && children.stream()
                                            .allMatch(c -> c.getSpec().mode == Mode.DryRun);
                        });
        long after = changes.stream().filter(t -> t > accepted).count();
        System.out.printf(
                "generation fence: %d credential changes before the switch, %d after it%n",
                before, after);
        assertTrue(
                after <= BOUND,
                after + " credential changes arrived after the switch to DryRun was accepted");
    }

    /** The edit kubectl makes: read, change, write; again on a conflict with a status write. */
    private RootAccessPolicy switchToDryRun() {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(RootAccessPolicy.class)
                        .inNamespace(NS)
                        .withName("fenced")
                        .edit(
                                p -> {
                                    p.getSpec().mode = Mode.DryRun;
                                    return p;
                                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }
}
