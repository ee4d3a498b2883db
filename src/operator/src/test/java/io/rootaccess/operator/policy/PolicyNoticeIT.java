package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.SandboxTimeProfile;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * spec.rollout.notice through a policy, on the sandbox's clock (RemovalNoticeIT's profile): every
 * child is Scheduled and nothing is removed; excluding an account cancels it for good; moving the
 * clock past the notice removes the others' credentials.
 */
@QuarkusTest
@TestProfile(SandboxTimeProfile.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(SandboxResource.class)
class PolicyNoticeIT {
    static final List<String> CREDENTIAL_CHANGES = PolicyRolloutIT.CREDENTIAL_CHANGES;

    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
    }

    static long credentialChanges(String account) {
        return CREDENTIAL_CHANGES.stream()
                .mapToLong(op -> sandbox().calls().count(op, account))
                .sum();
    }

    MemberAccountRootState child(String accountId) {
        return cluster.children("owners").stream()
                .filter(c -> accountId.equals(c.getSpec().accountId))
                .findFirst()
                .orElse(null);
    }

    boolean phase(String accountId, AccountPhase phase) {
        MemberAccountRootState c = child(accountId);
        return c != null && c.getStatus() != null && c.getStatus().phase == phase;
    }

    @Test
    void everyAccountIsScheduledExcludingOneCancelsItTheOthersGoWhenTheNoticeEnds() {
        cluster = new PolicyCluster(client, "policy-notice");
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String ou = org.createOrganizationalUnit(org.rootId(), "owners-" + suffix);
        String kept = org.createAccount("notice-kept-" + suffix, ou);
        String removed = org.createAccount("notice-removed-" + suffix, ou);
        org.rootUser(kept).setPassword(true);
        org.rootUser(removed).setPassword(true);
        Instant start = sandbox().clock().instant();

        cluster.create(
                policy(
                        "owners",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ou, true));
                            s.rootCredentials.auditInterval = "2s";
                            s.rollout = new RolloutSpec();
                            s.rollout.maxInFlight = 1; // Scheduled holds the slot; both notices run
                            s.rollout.notice = "7d";
                        }));
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                phase(kept, AccountPhase.Scheduled)
                                        && phase(removed, AccountPhase.Scheduled));
        for (String id : List.of(kept, removed)) {
            MemberAccountRootState c = child(id);
            assertEquals("7d", c.getSpec().notice);
            long off =
                    Duration.between(
                                    start.plus(Duration.ofDays(7)),
                                    Instant.parse(c.getStatus().scheduledAt))
                            .abs()
                            .toSeconds();
            assertTrue(off < 60, c.getStatus().scheduledAt);
            assertEquals(0, credentialChanges(id));
        }

        // excluding the account cancels: its child goes, nothing is ever removed there
        cluster.edit(
                "owners",
                s -> {
                    s.exclude = new ExcludeSpec();
                    s.exclude.accountIds = List.of(kept);
                });
        await().atMost(PolicyCluster.WAIT)
                .until(() -> cluster.childAccounts("owners").equals(Set.of(removed)));

        sandbox().advanceClock(Duration.ofDays(7).plusMinutes(1));
        await().atMost(PolicyCluster.WAIT).until(() -> phase(removed, AccountPhase.Compliant));
        assertFalse(org.rootUser(removed).hasPassword());
        assertTrue(credentialChanges(removed) >= 1);
        assertTrue(org.rootUser(kept).hasPassword(), "the excluded account keeps its password");
        assertEquals(0, credentialChanges(kept));
    }
}
