package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.excludedReasons;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.task.TaskReasons;
import io.rootaccess.operator.testing.AccountStates;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator-wide protected accounts (rootaccess.protected-accounts, set for the tests in
 * application.properties to {@link #PROTECTED}, an id no sandbox draws): with the real operator and
 * the sandbox over HTTP, a policy whose targets name the account never selects it (reported on the
 * policy), a hand-written MemberAccountRootState and a task for it are refused, and the sandbox
 * records no sts:AssumeRoot for it while it does for its neighbour in the same OU.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class ProtectedAccountIT {
    static final String PROTECTED = "999900000001";
    static final String NS = "protected-accounts";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);

    /** Generous: a bound, not a pause (the first pass waits for the organization's first walk). */
    static final Duration WAIT = Duration.ofSeconds(90);

    static String ou;
    static String neighbour;

    @Inject KubernetesClient client;
    @Inject ProtectedAccounts protectedAccounts;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        ou = org.createOrganizationalUnit(org.rootId(), "protected-" + SUFFIX);
        org.createAccount(PROTECTED, "protected-" + SUFFIX, ou);
        org.rootUser(PROTECTED).setPassword(true);
        neighbour = org.createAccount("neighbour-" + SUFFIX, ou);
        org.rootUser(neighbour).setPassword(true);
    }

    @AfterAll
    static void removeAccount() {
        sandbox().organization().removeAccount(PROTECTED);
    }

    @Test
    void noPolicyStateOrTaskOpensARootSessionInAProtectedAccount() {
        assertEquals(List.of(PROTECTED), List.copyOf(protectedAccounts.ids()), "test config");
        PolicyCluster cluster = new PolicyCluster(client, NS);
        try {
            // a policy naming the account explicitly and through its OU
            RootAccessPolicy p =
                    policy(
                            "protected-ou",
                            RootCredentialsState.Absent,
                            s -> {
                                s.mode = Mode.DryRun; // plans only: audits the neighbour
                                OrganizationalUnitTarget target = new OrganizationalUnitTarget();
                                target.id = ou;
                                s.targets.organizationalUnits = List.of(target);
                                s.targets.accountIds = List.of(PROTECTED);
                            });
            cluster.create(p);
            RootAccessPolicy seen =
                    cluster.awaitStatus(
                            "protected-ou",
                            WAIT,
                            r ->
                                    r.getStatus().excludedAccounts != null
                                            && cluster.children("protected-ou").stream()
                                                    .anyMatch(
                                                            c ->
                                                                    c.getStatus() != null
                                                                            && c.getStatus().phase
                                                                                    == AccountPhase
                                                                                            .NonCompliant));
            assertEquals(
                    PolicyReasons.PROTECTED_ACCOUNT,
                    excludedReasons(seen).get(PROTECTED),
                    "reason");
            assertEquals(1, seen.getStatus().protectedAccounts);
            assertEquals(1, seen.getStatus().selected, "only the neighbour is selected");
            assertEquals(java.util.Set.of(neighbour), cluster.childAccounts("protected-ou"));
            assertTrue(
                    PolicyCluster.message(seen, "Ready").contains("1 protected")
                            || PolicyCluster.message(seen, "Reconciling").contains("1 protected"),
                    "the policy's message says an account is protected: " + seen.getStatus());

            // a hand-written MemberAccountRootState for it, in Enforce: refused
            client.resource(accountState("protected-state", PROTECTED)).create();
            MemberAccountRootState refused =
                    await().atMost(WAIT)
                            .pollInterval(Duration.ofMillis(100))
                            .until(
                                    () ->
                                            client.resources(MemberAccountRootState.class)
                                                    .inNamespace(NS)
                                                    .withName("protected-state")
                                                    .get(),
                                    m ->
                                            stalled(
                                                            m == null || m.getStatus() == null
                                                                    ? null
                                                                    : m.getStatus().conditions)
                                                    != null);
            assertEquals(AccountPhase.Refused, refused.getStatus().phase);
            assertEquals(
                    AccountReasons.PROTECTED_ACCOUNT,
                    stalled(refused.getStatus().conditions).getReason());

            // a task of each type for it: refused
            for (TaskType type : TaskType.values()) {
                String name = "protected-" + type.name().toLowerCase();
                client.resource(Tasks.of(NS, name, PROTECTED, type, Tasks.anyTarget(type)))
                        .create();
                PrivilegedRootTask t =
                        await().atMost(WAIT)
                                .pollInterval(Duration.ofMillis(100))
                                .until(
                                        () ->
                                                client.resources(PrivilegedRootTask.class)
                                                        .inNamespace(NS)
                                                        .withName(name)
                                                        .get(),
                                        task ->
                                                task != null
                                                        && task.getStatus() != null
                                                        && task.getStatus().phase
                                                                == TaskPhase.Failed);
                assertEquals(
                        TaskReasons.PROTECTED_ACCOUNT,
                        stalled(t.getStatus().conditions).getReason(),
                        name);
                assertTrue(stalled(t.getStatus().conditions).getMessage().contains(PROTECTED));
            }

            assertNull(
                    sandbox().calls().assumeRootCountByAccount().get(PROTECTED),
                    "no root session was opened in the protected account");
            assertTrue(
                    sandbox().calls().assumeRootCountByAccount().getOrDefault(neighbour, 0L) > 0,
                    "its neighbour was audited: the operator did open sessions");
            assertTrue(sandbox().organization().rootUser(PROTECTED).hasPassword());
            assertFalse(
                    sandbox().calls().mutatingCountByAccount().containsKey(PROTECTED),
                    "nothing changed in the protected account");
        } finally {
            client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
            client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
            cluster.deleteAll();
        }
    }

    private static MemberAccountRootState accountState(String name, String account) {
        return AccountStates.accountState(account).named(name).inNamespace(NS).enforce().build();
    }

    private static Condition stalled(List<Condition> conditions) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
                        .findFirst()
                        .orElse(null);
    }
}
