package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.2, the case seen by a new user: {@code spec.exclude.accountIds} names an account that
 * does not exist (a one-digit typo of the account meant to be protected). The policy must change no
 * account at all, hold the children it already has, say Stalled/UnknownExclusion with the id, and
 * resume once the spec is fixed.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class UnknownExclusionIT {
    @Inject KubernetesClient client;
    PolicyCluster cluster;
    String ou;
    String protectedAccount;
    String other;

    @BeforeEach
    void seed() {
        cluster = new PolicyCluster(client, "unknown-exclusion");
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        ou = org.createOrganizationalUnit(org.rootId(), "ExcludeTypo-" + System.nanoTime());
        protectedAccount = org.createAccount("exclude-protected-" + System.nanoTime(), ou);
        other = org.createAccount("exclude-other-" + System.nanoTime(), ou);
        org.rootUser(protectedAccount).setPassword(true);
        org.rootUser(other).setPassword(true);
    }

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
        sandbox().organization().removeAccount(protectedAccount);
        sandbox().organization().removeAccount(other);
    }

    /** A twelve-digit id one digit away from {@code id} that the organization does not have. */
    private static String typoOf(String id) {
        SandboxOrganization org = sandbox().organization();
        for (int i = id.length() - 1; i >= 0; i--) {
            for (char d = '0'; d <= '9'; d++) {
                String candidate = id.substring(0, i) + d + id.substring(i + 1);
                if (d != id.charAt(i) && !org.accountIds().contains(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no typo free for " + id);
    }

    @Test
    void aTypoInAnExclusionChangesNoAccountUntilFixed() {
        SandboxOrganization org = sandbox().organization();
        String typo = typoOf(protectedAccount);
        // first a policy that only audits: it has a child per account
        cluster.create(
                policy(
                        "typo",
                        RootCredentialsState.Audit,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(ou, true))));
        cluster.awaitReady("typo");
        assertEquals(Set.of(protectedAccount, other), cluster.childAccounts("typo"));

        long deletesBefore = sandbox().calls().count("iam:DeleteLoginProfile");
        cluster.edit(
                "typo",
                s -> {
                    s.rootCredentials.state = RootCredentialsState.Absent;
                    s.exclude = new ExcludeSpec();
                    s.exclude.accountIds = List.of(typo);
                    s.exclude.organizationalUnits =
                            ExcludedOrganizationalUnit.of("ou-zzzz-zzzzzzzz");
                });
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "typo",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.UNKNOWN_EXCLUSION));
        assertFalse(isTrue(stalled, "Ready"));
        assertTrue(
                message(stalled, "Stalled").contains("account " + typo),
                () -> message(stalled, "Stalled"));
        assertTrue(message(stalled, "Stalled").contains("organizationalUnit ou-zzzz-zzzzzzzz"));
        // held: both children stay, suspended (audit only); a few audit rounds later nothing was
        // removed
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                cluster.children("typo").stream()
                                        .allMatch(c -> Boolean.TRUE.equals(c.getSpec().suspend)));
        assertEquals(Set.of(protectedAccount, other), cluster.childAccounts("typo"));
        for (MemberAccountRootState child : cluster.children("typo")) {
            assertEquals(RootCredentialsState.Absent, child.getSpec().rootCredentials.state);
        }
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertTrue(
                org.rootUser(protectedAccount).hasPassword(),
                "the account meant to be protected kept its password");
        assertTrue(
                org.rootUser(other).hasPassword(),
                "no account is changed while an exclusion is unknown");
        assertEquals(deletesBefore, sandbox().calls().count("iam:DeleteLoginProfile"));
        assertTrue(
                hasReason(cluster.get("typo"), "Stalled", "True", PolicyReasons.UNKNOWN_EXCLUSION));

        // the fix: the real id; the policy resumes, and the protected account keeps its password
        cluster.edit(
                "typo",
                s -> {
                    s.exclude.accountIds = List.of(protectedAccount);
                    s.exclude.organizationalUnits = null;
                });
        RootAccessPolicy ready =
                cluster.awaitStatus(
                        "typo", p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
        assertEquals(1, ready.getStatus().selected);
        assertEquals(Set.of(other), cluster.childAccounts("typo"));
        assertFalse(org.rootUser(other).hasPassword());
        assertTrue(org.rootUser(protectedAccount).hasPassword());
    }

    @Test
    void anUnknownExclusionOnANewPolicyCreatesNoChild() {
        String typo = typoOf(other);
        cluster.create(
                policy(
                        "fresh-typo",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ou, true));
                            s.exclude = new ExcludeSpec();
                            s.exclude.accountIds = List.of(typo);
                        }));
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "fresh-typo",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.UNKNOWN_EXCLUSION));
        assertTrue(message(stalled, "Stalled").contains(typo));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertTrue(cluster.children("fresh-typo").isEmpty());
        assertTrue(sandbox().organization().rootUser(other).hasPassword());
        assertTrue(sandbox().organization().rootUser(protectedAccount).hasPassword());
    }
}
