package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.config.OperatorNamespace;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.MockApiServer;
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
@QuarkusTestResource(MockApiServer.class)
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
                            s.rootCredentials.auditInterval = "1s";
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

    /** Names kept literal: the cancel and the start are a contract with people and tools. */
    static final String CANCELS = "root-access-operator-removal-cancels";

    static final String NOTICES = "root-access-operator-removal-notices";

    String readyReason(String accountId) {
        MemberAccountRootState c = child(accountId);
        return c == null || c.getStatus() == null
                ? null
                : Conditions.find(c.getStatus().conditions, ConditionTypes.READY)
                        .map(x -> x.getReason())
                        .orElse(null);
    }

    /**
     * A cancel and a notice start survive the child being re-created: both are keyed by account id
     * in the operator's namespace, not on the child. The cancelled account keeps its password past
     * the notice, the other's removal happens at the time first announced (not a new full notice),
     * and an unreadable cancel value ("yes") cancels and is named on the child.
     */
    @Test
    void aCancelAndANoticeStartSurviveTheChildBeingRecreated() {
        cluster = new PolicyCluster(client, "policy-notice-recreate");
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String ou = org.createOrganizationalUnit(org.rootId(), "recreate-" + suffix);
        String cancelled = org.createAccount("recreate-cancelled-" + suffix, ou);
        String unreadable = org.createAccount("recreate-unreadable-" + suffix, ou);
        String noticed = org.createAccount("recreate-noticed-" + suffix, ou);
        for (String id : List.of(cancelled, unreadable, noticed)) {
            org.rootUser(id).setPassword(true);
        }
        cluster.create(
                policy(
                        "owners",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ou, true));
                            s.rootCredentials.auditInterval = "1s";
                            s.rollout = new RolloutSpec();
                            s.rollout.maxInFlight = 3;
                            s.rollout.notice = "7d";
                        }));
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                phase(cancelled, AccountPhase.Scheduled)
                                        && phase(unreadable, AccountPhase.Scheduled)
                                        && phase(noticed, AccountPhase.Scheduled));
        String scheduledAt = child(noticed).getStatus().scheduledAt;

        // the cancel, as the removal-canceller role writes it: one key of the operator's ConfigMap
        String ns = OperatorNamespace.of(client);
        await().atMost(PolicyCluster.WAIT)
                .until(() -> client.configMaps().inNamespace(ns).withName(CANCELS).get() != null);
        client.configMaps()
                .inNamespace(ns)
                .withName(CANCELS)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\""
                                + cancelled
                                + "\":\"true\",\""
                                + unreadable
                                + "\":\"yes\"}}");
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                AccountReasons.REMOVAL_CANCELLED.equals(readyReason(cancelled))
                                        && AccountReasons.REMOVAL_CANCELLED.equals(
                                                readyReason(unreadable)));
        assertTrue(
                child(unreadable).getStatus().attention.contains("unreadable"),
                child(unreadable).getStatus().attention);
        ConfigMap notices = client.configMaps().inNamespace(ns).withName(NOTICES).get();
        assertTrue(
                notices != null && notices.getData().containsKey(noticed),
                "the notice start is kept in the operator's ConfigMap");

        // re-create every child: delete them, the policy creates them again
        for (MemberAccountRootState c : cluster.children("owners")) {
            client.resource(c).delete();
        }
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                cluster.children("owners").size() == 3
                                        && cluster.children("owners").stream()
                                                .allMatch(
                                                        c ->
                                                                c.getStatus() != null
                                                                        && c.getStatus().phase
                                                                                != null
                                                                        && c.getStatus().phase
                                                                                != AccountPhase
                                                                                        .Pending)
                                        && phase(noticed, AccountPhase.Scheduled));
        assertEquals(
                scheduledAt,
                child(noticed).getStatus().scheduledAt,
                "the re-created child keeps the notice start: no new full notice, no earlier one");
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                AccountReasons.REMOVAL_CANCELLED.equals(readyReason(cancelled))
                                        && AccountReasons.REMOVAL_CANCELLED.equals(
                                                readyReason(unreadable)));

        sandbox().advanceClock(Duration.ofDays(7).plusMinutes(1));
        await().atMost(PolicyCluster.WAIT).until(() -> phase(noticed, AccountPhase.Compliant));
        assertFalse(org.rootUser(noticed).hasPassword());
        // two more audits of the cancelled ones after the notice would have ended
        Instant after = sandbox().clock().instant().plusSeconds(2);
        await().atMost(PolicyCluster.WAIT)
                .until(
                        () ->
                                List.of(cancelled, unreadable).stream()
                                        .allMatch(
                                                id ->
                                                        child(id).getStatus().lastAuditTime != null
                                                                && Instant.parse(
                                                                                child(id)
                                                                                        .getStatus()
                                                                                        .lastAuditTime)
                                                                        .isAfter(after)));
        for (String id : List.of(cancelled, unreadable)) {
            assertTrue(org.rootUser(id).hasPassword(), id + " keeps its password: cancelled");
            assertEquals(0, credentialChanges(id), id);
            assertEquals(AccountReasons.REMOVAL_CANCELLED, readyReason(id));
        }
        // lifting the cancel ("false") starts a new full notice
        client.configMaps()
                .inNamespace(ns)
                .withName(CANCELS)
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"" + cancelled + "\":\"false\"}}");
        await().atMost(PolicyCluster.WAIT).until(() -> phase(cancelled, AccountPhase.Scheduled));
        assertTrue(org.rootUser(cancelled).hasPassword());
    }
}
