package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.Policies;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PrivilegedRootTask honours the exclusions of the policies that include its account: with the
 * real operator and the sandbox over HTTP, a task for an account a policy lists in
 * spec.exclude.accountIds, or one in an OU it lists in spec.exclude.organizationalUnits, is refused
 * (Failed, ExcludedByPolicy, naming the policy) with no root session in that account and the bucket
 * policy left in place; the same task for an account the policy keeps runs.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class TaskExclusionIT {
    static final String NS = "task-exclusions";

    /** Generous: a bound, not a pause (the first pass waits for the organization's first walk). */
    static final Duration WAIT = Duration.ofSeconds(90);

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

    static String ou;
    static String excludedOu;
    static String listed;
    static String inExcludedOu;
    static String kept;

    @Inject KubernetesClient client;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        ou = org.createOrganizationalUnit(org.rootId(), "excl-" + SUFFIX);
        excludedOu = org.createOrganizationalUnit(ou, "excl-sub-" + SUFFIX);
        listed = org.createAccount("excl-listed-" + SUFFIX, ou);
        inExcludedOu = org.createAccount("excl-in-ou-" + SUFFIX, excludedOu);
        kept = org.createAccount("excl-kept-" + SUFFIX, ou);
        for (String account : List.of(listed, inExcludedOu, kept)) {
            org.createBucket(account, bucket(account), Tasks.LOCKED);
        }
    }

    @AfterEach
    void deleteResources() {
        client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
        client.resources(RootAccessPolicy.class).inNamespace(NS).delete();
    }

    @Test
    void aTaskForAnAccountItsPolicyExcludesIsRefused() {
        Namespaces.ensure(client, NS);
        client.resource(auditPolicy()).create();
        // the policy is in the operator's caches once it has a status naming both exclusions
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                client.resources(RootAccessPolicy.class)
                                        .inNamespace(NS)
                                        .withName("audit-ou")
                                        .get(),
                        p ->
                                p.getStatus() != null
                                        && p.getStatus().excludedAccounts != null
                                        && p.getStatus().excludedAccounts.size() == 2);

        for (String account : List.of(listed, inExcludedOu)) {
            String name = "unlock-" + account;
            client.resource(Tasks.s3(NS, name, account, bucket(account))).create();
            PrivilegedRootTask t = awaitTask(name, TaskPhase.Failed);
            Condition stalled = stalled(t);
            assertEquals(TaskReasons.EXCLUDED_BY_POLICY, stalled.getReason(), name);
            assertTrue(
                    stalled.getMessage().contains("RootAccessPolicy " + NS + "/audit-ou"),
                    stalled.getMessage());
            assertTrue(
                    sandbox().organization().bucketPolicy(account, bucket(account)).isPresent(),
                    "the bucket policy of " + account + " is still there");
            assertNull(
                    sandbox().calls().assumeRootCountByAccount().get(account),
                    "no root session in " + account);
        }
        assertTrue(stalled(task("unlock-" + inExcludedOu)).getMessage().contains(excludedOu));

        // the account the policy keeps: the task runs
        client.resource(Tasks.s3(NS, "unlock-kept", kept, bucket(kept))).create();
        PrivilegedRootTask done = awaitTask("unlock-kept", TaskPhase.Succeeded, TaskPhase.Failed);
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
    }

    /** Bucket names are global: one per account. */
    private static String bucket(String account) {
        return "excl-" + SUFFIX + "-" + account;
    }

    /** Audits the OU, leaving out one account by id and a child OU. */
    private static RootAccessPolicy auditPolicy() {
        return Policies.policy("audit-ou")
                .inNamespace(NS)
                .audit()
                .targetingOu(ou)
                .excludingAccounts(listed)
                .excludingOus(excludedOu)
                .build();
    }

    private PrivilegedRootTask awaitTask(String name, TaskPhase... ends) {
        List<TaskPhase> phases = List.of(ends);
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> task(name),
                        t ->
                                t != null
                                        && t.getStatus() != null
                                        && phases.contains(t.getStatus().phase));
    }

    private PrivilegedRootTask task(String name) {
        return client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).get();
    }

    private static Condition stalled(PrivilegedRootTask t) {
        return t.getStatus().conditions.stream()
                .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not Stalled: " + t.getStatus().conditions));
    }
}
