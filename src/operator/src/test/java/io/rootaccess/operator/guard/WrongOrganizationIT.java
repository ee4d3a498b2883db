package io.rootaccess.operator.guard;

import static io.rootaccess.operator.testing.SandboxResource.PROD_APP;
import static io.rootaccess.operator.testing.SandboxResource.accountId;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.TargetsSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.reconcile.ErrorReasons;
import io.rootaccess.operator.testing.ClassBoundary;
import io.rootaccess.operator.testing.GuardedProfile;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.3: the operator configured for another organization than its credentials see (the guard
 * set to the default organization, the sandbox presenting another one to the same credentials).
 * Everything that would change the organization is applied at once (switches, an Absent policy over
 * all accounts, an unlock task, a hand-written account state): every resource ends
 * Stalled/WrongOrganization, and the only AWS operation the sandbox saw is
 * organizations:DescribeOrganization.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@QuarkusTestResource(MockApiServer.class)
class WrongOrganizationIT {
    static final String NS = "wrong-organization";

    /** The organization the guard expects: the default one. */
    static String expected;

    @BeforeAll
    static void anotherOrganization() {
        expected = sandbox().organization().id();
        SandboxResource.anotherOrganization(4242);
    }

    @Inject KubernetesClient client;

    /**
     * Gone before the default organization is back: the policy over every account would otherwise
     * converge them, in the calls of the next class sharing this application.
     */
    @AfterEach
    void nothingLeftToActOnTheDefaultOrganization() {
        ClassBoundary.deleteEverything(client);
    }

    @Test
    void nothingBeyondReadingTheOrganizationAndEveryResourceStalled() {
        Namespaces.ensure(client, NS);
        String account = accountId(PROD_APP);
        sandbox()
                .organization()
                .createBucket(
                        account, "guard-locked", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        assertTrue(sandbox().organization().rootUser(account).hasPassword());

        RootAccessPolicy policy = new RootAccessPolicy();
        policy.setMetadata(
                new ObjectMetaBuilder().withName("everything").withNamespace(NS).build());
        policy.setSpec(new RootAccessPolicySpec());
        policy.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        policy.getSpec().mode = Mode.Enforce;
        policy.getSpec().organization = new OrganizationSpec();
        policy.getSpec().organization.trustedAccess = FeatureState.Enabled;
        policy.getSpec().organization.rootCredentialsManagement = FeatureState.Enabled;
        policy.getSpec().rootCredentials = new RootCredentialsSpec();
        policy.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        policy.getSpec().targets = new TargetsSpec();
        policy.getSpec().targets.all = true;
        client.resource(policy).create();

        PrivilegedRootTask task = new PrivilegedRootTask();
        task.setMetadata(new ObjectMetaBuilder().withName("unlock").withNamespace(NS).build());
        task.setSpec(new PrivilegedRootTaskSpec());
        task.getSpec().accountId = account;
        task.getSpec().type = TaskType.UnlockS3BucketPolicy;
        task.getSpec().bucketName = "guard-locked";
        client.resource(task).create();

        MemberAccountRootState mars = new MemberAccountRootState();
        mars.setMetadata(new ObjectMetaBuilder().withName("by-hand").withNamespace(NS).build());
        mars.setSpec(new MemberAccountRootStateSpec());
        mars.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        mars.getSpec().accountId = account;
        mars.getSpec().rootCredentials = new RootCredentialsSpec();
        mars.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        client.resource(mars).create();

        awaitStalled(
                () ->
                        client.resources(RootAccessPolicy.class)
                                .inNamespace(NS)
                                .withName("everything")
                                .get(),
                p -> p.getStatus() == null ? null : p.getStatus().conditions);
        awaitStalled(
                () ->
                        client.resources(PrivilegedRootTask.class)
                                .inNamespace(NS)
                                .withName("unlock")
                                .get(),
                t -> t.getStatus() == null ? null : t.getStatus().conditions);
        awaitStalled(
                () ->
                        client.resources(MemberAccountRootState.class)
                                .inNamespace(NS)
                                .withName("by-hand")
                                .get(),
                m -> m.getStatus() == null ? null : m.getStatus().conditions);
        RootAccessPolicy stalled =
                client.resources(RootAccessPolicy.class)
                        .inNamespace(NS)
                        .withName("everything")
                        .get();
        String message =
                stalled.getStatus().conditions.stream()
                        .filter(c -> "Stalled".equals(c.getType()))
                        .findFirst()
                        .orElseThrow()
                        .getMessage();
        assertNotEquals(expected, sandbox().organization().id());
        assertTrue(
                message.contains(sandbox().organization().id()) && message.contains(expected),
                message);

        // a few more passes' worth of time: still nothing but the organization read
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        Map<String, Long> seen = sandbox().calls().snapshot();
        assertEquals(
                Set.of("organizations:DescribeOrganization"),
                seen.keySet(),
                () -> "calls: " + seen);
        assertTrue(sandbox().organization().rootUser(account).hasPassword(), "nothing changed");
        assertTrue(sandbox().organization().bucketPolicy(account, "guard-locked").isPresent());
        assertTrue(
                client.resources(MemberAccountRootState.class)
                        .inNamespace(NS)
                        .withLabel("rootaccess.io/policy")
                        .list()
                        .getItems()
                        .isEmpty(),
                "no child created");
    }

    private static <T extends HasMetadata> void awaitStalled(
            Supplier<T> get, Function<T, List<Condition>> conditions) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        get::get,
                        r -> {
                            List<Condition> list = r == null ? null : conditions.apply(r);
                            return list != null
                                    && list.stream()
                                            .anyMatch(
                                                    c ->
                                                            "Stalled".equals(c.getType())
                                                                    && "True".equals(c.getStatus())
                                                                    && ErrorReasons
                                                                            .WRONG_ORGANIZATION
                                                                            .equals(c.getReason())
                                                                    && Objects.equals(
                                                                            c
                                                                                    .getObservedGeneration(),
                                                                            r.getMetadata()
                                                                                    .getGeneration()));
                        });
    }
}
