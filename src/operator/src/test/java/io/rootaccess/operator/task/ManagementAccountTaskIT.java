package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.testing.GuardedProfile;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.9, the management account's id in a task: with the organization guard configured
 * (rootaccess.expected-organization-id and -management-account-id) the operator knows the
 * management account without reading the organization, so such a task is refused in its first pass
 * (Failed, Stalled/ManagementAccount) with no AWS call of its own: the sandbox sees only the
 * guard's organizations:DescribeOrganization, and the organization snapshot is never read. A
 * hand-written MemberAccountRootState naming it likewise. Before, the refusal came after the
 * organization's accounts and OUs were listed.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@QuarkusTestResource(MockApiServer.class)
class ManagementAccountTaskIT {
    static final String NS = "management-account-task";

    @Inject KubernetesClient client;
    @Inject OrganizationGuard guard;
    @Inject OrganizationCache organization;

    @Test
    void theManagementAccountIsRefusedWithoutReadingTheOrganization() {
        Namespaces.ensure(client, NS);
        // as a freshly started operator: nothing read of the organization (another class sharing
        // this application may have read it), so only the guard's configuration can name the
        // management account
        SandboxResource.forgetOrganization();
        assertTrue(organization.peek().isEmpty(), "nothing has read the organization yet");
        Map<String, Long> before = sandbox().calls().snapshot();
        assertTrue(guard.verdict().allowed(), "the guard accepts the sandbox's organization");
        String management = sandbox().organization().managementAccountId();

        for (TaskType type : TaskType.values()) {
            String name = "management-" + type.name().toLowerCase();
            client.resource(Tasks.of(NS, name, management, type, Tasks.anyTarget(type))).create();
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> stalled(name) != null);
            PrivilegedRootTask t =
                    client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).get();
            assertEquals(TaskPhase.Failed, t.getStatus().phase, name);
            assertTrue(stalled(name).getMessage().contains(management), name);
        }
        // the same for a hand-written MemberAccountRootState naming it
        client.resource(accountState("management-state", management)).create();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> accountStalled("management-state") != null);
        assertTrue(accountStalled("management-state").getMessage().contains(management));

        // since the test started: no call beyond the guard's own reads of the organization (its
        // first and a re-read every 30 s)
        Map<String, Long> caused = new TreeMap<>(sandbox().calls().snapshot());
        caused.replaceAll((op, n) -> n - before.getOrDefault(op, 0L));
        caused.values().removeIf(n -> n == 0);
        assertTrue(
                caused.getOrDefault("organizations:DescribeOrganization", 0L) >= 1,
                "the guard read the organization: " + caused);
        caused.remove("organizations:DescribeOrganization");
        assertEquals(Map.of(), caused, "AWS calls for tasks naming the management account");
        assertTrue(organization.peek().isEmpty(), "the organization was not read for them");
    }

    private static MemberAccountRootState accountState(String name, String account) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        MemberAccountRootStateSpec s = new MemberAccountRootStateSpec();
        s.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        s.accountId = account;
        s.rootCredentials = new RootCredentialsSpec();
        s.rootCredentials.state = RootCredentialsState.Absent;
        m.setSpec(s);
        return m;
    }

    private Condition accountStalled(String name) {
        MemberAccountRootState m =
                client.resources(MemberAccountRootState.class).inNamespace(NS).withName(name).get();
        if (m == null || m.getStatus() == null || m.getStatus().conditions == null) {
            return null;
        }
        return m.getStatus().conditions.stream()
                .filter(
                        c ->
                                "Stalled".equals(c.getType())
                                        && "True".equals(c.getStatus())
                                        && AccountReasons.MANAGEMENT_ACCOUNT.equals(c.getReason()))
                .findFirst()
                .orElse(null);
    }

    private Condition stalled(String name) {
        PrivilegedRootTask t =
                client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).get();
        if (t == null || t.getStatus() == null || t.getStatus().conditions == null) {
            return null;
        }
        return t.getStatus().conditions.stream()
                .filter(
                        c ->
                                "Stalled".equals(c.getType())
                                        && "True".equals(c.getStatus())
                                        && TaskReasons.MANAGEMENT_ACCOUNT.equals(c.getReason()))
                .findFirst()
                .orElse(null);
    }
}
