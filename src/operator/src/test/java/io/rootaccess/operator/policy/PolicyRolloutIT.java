package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.excludedReasons;
import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollout, DryRun and conflicts with the real operator on the sandbox (default profile, accounts of
 * its own). The accounts start with a root password, so an Enforce pass has something to remove.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class PolicyRolloutIT {
    /**
     * Calls that change a root user: none may happen in DryRun, or for an account nobody may act
     * on.
     */
    static final List<String> CREDENTIAL_CHANGES =
            List.of(
                    "iam:DeleteLoginProfile",
                    "iam:CreateLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice");

    static String rolloutOu;
    static final List<String> rollout = new ArrayList<>();
    static String c1;
    static String c2;

    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        rolloutOu = org.createOrganizationalUnit(org.rootId(), "Rollout");
        for (int i = 1; i <= 5; i++) {
            String id = org.createAccount("rollout-" + i, rolloutOu);
            org.rootUser(id).setPassword(true);
            rollout.add(id);
        }
        rollout.sort(String::compareTo);
        String conflictOu = org.createOrganizationalUnit(org.rootId(), "Conflict");
        c1 = org.createAccount("conflict-1", conflictOu);
        c2 = org.createAccount("conflict-2", conflictOu);
        org.rootUser(c1).setPassword(true);
        org.rootUser(c2).setPassword(true);
    }

    @BeforeEach
    void namespace() {
        cluster = new PolicyCluster(client, "policy-rollout");
    }

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        cluster.deleteAll();
    }

    static long credentialChanges(String account) {
        return CREDENTIAL_CHANGES.stream()
                .mapToLong(op -> sandbox().calls().count(op, account))
                .sum();
    }

    @Test
    void
            dryRunPlansEveryAccountWithoutChangingAnyThenPausedEnforceWaitsThenResumesInOrderWithinMaxInFlight() {
        cluster.create(
                policy(
                        "rollout",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(rolloutOu, true));
                            s.mode = Mode.DryRun;
                        }));
        RootAccessPolicy planned = cluster.awaitReady("rollout");
        assertTrue(
                hasReason(planned, "Ready", "True", PolicyReasons.PLANNED),
                () -> message(planned, "Ready"));
        assertEquals(5, planned.getStatus().selected);
        assertEquals(5, planned.getStatus().nonCompliant);
        for (MemberAccountRootState child : cluster.children("rollout")) {
            assertEquals(Mode.DryRun, child.getSpec().mode);
            assertEquals(AccountPhase.NonCompliant, child.getStatus().phase);
            assertNotNull(child.getStatus().plan, "a DryRun child shows its plan");
        }
        for (String id : rollout) {
            assertEquals(0, credentialChanges(id), "DryRun changes nothing in " + id);
            assertTrue(sandbox().organization().rootUser(id).hasPassword());
        }

        // Enforce, but paused: Ready must drop at once (kubectl wait must not see the DryRun
        // verdict)
        RootAccessPolicy edited =
                cluster.edit(
                        "rollout",
                        s -> {
                            s.mode = Mode.Enforce;
                            s.rollout = new RolloutSpec();
                            s.rollout.maxInFlight = 2;
                            s.rollout.paused = true;
                        });
        assertEquals(2L, edited.getMetadata().getGeneration());
        RootAccessPolicy paused =
                cluster.awaitStatus("rollout", p -> Boolean.TRUE.equals(p.getStatus().paused));
        assertTrue(
                hasReason(paused, "Ready", "False", PolicyReasons.PAUSED),
                () -> message(paused, "Ready"));
        assertTrue(hasReason(paused, "Reconciling", "False", PolicyReasons.PAUSED));
        assertTrue(hasReason(paused, "Stalled", "False", PolicyReasons.PAUSED));
        assertEquals(5, paused.getStatus().waiting);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                cluster.children("rollout").stream()
                                        .allMatch(
                                                c ->
                                                        Boolean.TRUE.equals(c.getSpec().suspend)
                                                                && c.getSpec().mode
                                                                        == Mode.Enforce));
        rollout.forEach(
                id -> assertEquals(0, credentialChanges(id), "paused: nothing released in " + id));

        // resume, slowly enough to watch: at most 2 accounts released and not settled at any time,
        // in id order
        sandbox().faults().latency("iam:DeleteLoginProfile", Duration.ofMillis(600));
        Set<String> releaseOrder = new LinkedHashSet<>();
        AtomicInteger mostInFlight = new AtomicInteger();
        cluster.edit("rollout", s -> s.rollout.paused = false);
        await().atMost(PolicyCluster.WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            Map<String, MemberAccountRootState> byAccount = new TreeMap<>();
                            cluster.children("rollout")
                                    .forEach(c -> byAccount.put(c.getSpec().accountId, c));
                            int inFlight = 0;
                            for (MemberAccountRootState c : byAccount.values()) {
                                if (!Boolean.TRUE.equals(c.getSpec().suspend)) {
                                    releaseOrder.add(c.getSpec().accountId);
                                    if (c.getStatus() == null
                                            || c.getStatus().phase != AccountPhase.Compliant) {
                                        inFlight++;
                                    }
                                }
                            }
                            mostInFlight.accumulateAndGet(inFlight, Math::max);
                            RootAccessPolicy p = cluster.get("rollout");
                            return isTrue(p, "Ready")
                                    && Integer.valueOf(5).equals(p.getStatus().compliant);
                        });
        assertEquals(rollout, List.copyOf(releaseOrder), "released in account-id order");
        assertTrue(mostInFlight.get() <= 2, "maxInFlight 2, saw " + mostInFlight.get());
        assertTrue(mostInFlight.get() >= 1);
        for (String id : rollout) {
            assertFalse(sandbox().organization().rootUser(id).hasPassword(), id);
            assertEquals(1, sandbox().calls().count("iam:DeleteLoginProfile", id), id);
        }
        RootAccessPolicy done = cluster.get("rollout");
        assertEquals(0, done.getStatus().waiting);
        assertEquals(null, done.getStatus().paused);
    }

    @Test
    void pauseInTheMiddleHoldsTheRestAndResumesWhereItStopped() {
        SandboxOrganization org = sandbox().organization();
        String ou = org.createOrganizationalUnit(org.rootId(), "Paced");
        List<String> accounts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String id = org.createAccount("paced-" + i, ou);
            org.rootUser(id).setPassword(true);
            accounts.add(id);
        }
        accounts.sort(String::compareTo);
        sandbox().faults().latency("iam:DeleteLoginProfile", Duration.ofMillis(800));
        cluster.create(
                policy(
                        "paced",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ou, true));
                            s.rollout = new RolloutSpec();
                            s.rollout.maxInFlight = 1;
                        }));
        await().atMost(PolicyCluster.WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !org.rootUser(accounts.get(0)).hasPassword());
        cluster.edit("paced", s -> s.rollout.paused = true);
        RootAccessPolicy paused =
                cluster.awaitStatus(
                        "paced",
                        p ->
                                Boolean.TRUE.equals(p.getStatus().paused)
                                        && hasReason(p, "Ready", "False", PolicyReasons.PAUSED));
        int releasedAtPause =
                (int) cluster.children("paced").stream().filter(c -> !c.getSpec().suspend).count();
        assertTrue(
                releasedAtPause >= 1 && releasedAtPause < 4,
                "released at pause: " + releasedAtPause);
        assertEquals(4 - releasedAtPause, paused.getStatus().waiting);
        // nothing more is released while paused (released ones finish)
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                cluster.children("paced").stream()
                                                .filter(c -> !c.getSpec().suspend)
                                                .count()
                                        == releasedAtPause);
        for (String id : accounts.subList(releasedAtPause, 4)) {
            assertTrue(org.rootUser(id).hasPassword(), "waiting account " + id + " untouched");
            assertTrue(
                    cluster.children("paced").stream()
                            .anyMatch(c -> c.getSpec().accountId.equals(id) && c.getSpec().suspend),
                    "the accounts after the pause point are the suspended ones");
        }

        cluster.edit("paced", s -> s.rollout.paused = false);
        RootAccessPolicy done = cluster.awaitReady("paced");
        assertEquals(4, done.getStatus().compliant);
        accounts.forEach(id -> assertFalse(org.rootUser(id).hasPassword(), id));
    }

    @Test
    void equalPriorityConflictActsOnNobodyThenPriorityDecides() {
        // the harmless one first: a policy can only see a conflict with policies that exist when it
        // acts
        cluster.create(
                policy(
                        "just-look",
                        RootCredentialsState.Audit,
                        s -> s.targets.accountIds = List.of(c1)));
        cluster.awaitReady("just-look");
        assertEquals(Set.of(c1), cluster.childAccounts("just-look"));
        cluster.create(
                policy(
                        "remove-all",
                        RootCredentialsState.Absent,
                        s -> s.targets.accountIds = List.of(c1, c2)));

        RootAccessPolicy removeAll =
                cluster.awaitStatus(
                        "remove-all",
                        p ->
                                isTrue(p, "Conflict")
                                        && Integer.valueOf(1).equals(p.getStatus().compliant));
        RootAccessPolicy justLook = cluster.awaitStatus("just-look", p -> isTrue(p, "Conflict"));
        await().atMost(PolicyCluster.WAIT)
                .until(() -> cluster.childAccounts("just-look").isEmpty());
        assertTrue(
                message(removeAll, "Conflict").contains(c1)
                        && message(removeAll, "Conflict").contains("just-look"),
                () -> message(removeAll, "Conflict"));
        assertTrue(
                message(justLook, "Conflict").contains(c1)
                        && message(justLook, "Conflict").contains("remove-all"),
                () -> message(justLook, "Conflict"));
        assertTrue(
                hasReason(removeAll, "Stalled", "True", PolicyReasons.CONFLICT),
                () -> message(removeAll, "Stalled"));
        assertFalse(isTrue(justLook, "Ready"));
        assertEquals(
                Set.of(c2),
                cluster.childAccounts("remove-all"),
                "nobody acts on the contested account");
        assertEquals(c1, removeAll.getStatus().attention.get(0).accountId);
        assertEquals(PolicyReasons.CONFLICT, removeAll.getStatus().attention.get(0).reason);
        assertTrue(sandbox().organization().rootUser(c1).hasPassword());
        assertEquals(0, credentialChanges(c1));
        assertFalse(
                sandbox().organization().rootUser(c2).hasPassword(),
                "the uncontested account converges");

        // priority decides: the Audit policy wins c1, the other one yields it
        cluster.edit("just-look", s -> s.priority = 10);
        RootAccessPolicy winner = cluster.awaitStatus("just-look", p -> isTrue(p, "Ready"));
        assertTrue(hasReason(winner, "Conflict", "False", PolicyReasons.NO_CONFLICT));
        assertEquals(Set.of(c1), cluster.childAccounts("just-look"));
        RootAccessPolicy loser =
                cluster.awaitStatus(
                        "remove-all",
                        p ->
                                isTrue(p, "Ready")
                                        && hasReason(
                                                p, "Conflict", "False", PolicyReasons.NO_CONFLICT));
        assertEquals(PolicyReasons.OVERRIDDEN, excludedReasons(loser).get(c1));
        assertEquals(1, loser.getStatus().selected);
        assertTrue(sandbox().organization().rootUser(c1).hasPassword(), "Audit changes nothing");

        // and back: the Absent policy outranks it, takes the account over and removes the password
        cluster.edit("remove-all", s -> s.priority = 20);
        RootAccessPolicy takeover =
                cluster.awaitStatus(
                        "remove-all",
                        p ->
                                isTrue(p, "Ready")
                                        && Integer.valueOf(2).equals(p.getStatus().compliant));
        assertEquals(Set.of(c1, c2), cluster.childAccounts("remove-all"));
        assertFalse(sandbox().organization().rootUser(c1).hasPassword());
        assertEquals(2, takeover.getStatus().selected);
        cluster.awaitStatus(
                "just-look", p -> PolicyReasons.OVERRIDDEN.equals(excludedReasons(p).get(c1)));
        assertTrue(cluster.childAccounts("just-look").isEmpty());
    }
}
