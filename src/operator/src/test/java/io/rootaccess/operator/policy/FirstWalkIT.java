package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: accounts are worked on as the operator's first walk of the organization finds them, not
 * after it (100 s at 10,000 accounts), and the walk being partial never costs safety. The operator
 * forgets what it read of the organization (as a freshly started one), and the sandbox answers the
 * walk's listing calls slowly (ListOrganizationalUnitsForParent and ListAccountsForParent, {@link
 * #LISTING_LATENCY} each) while the walk goes through six OUs under the root, one account each.
 * Policy "everything" selects all and excludes the account of the third OU: its existence is
 * confirmed with one DescribeAccount, so the first root session comes before the walk ends, the
 * excluded account gets none, and the policy never says UnknownExclusion on the way. Policy "typo"
 * (higher priority) selects the last OU and excludes an account that does not exist: it starts
 * nothing, and once the walk is complete it is Stalled with UnknownExclusion. A child "everything"
 * already has for the account of the fifth OU (as a restarted operator finds its children) is
 * neither deleted nor replaced before the walk reaches it.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class FirstWalkIT {
    /**
     * Per listing call: the walk (about 20 listings) then takes several seconds, longer than the
     * operator needs to open the first root session once an account is found.
     */
    static final Duration LISTING_LATENCY = Duration.ofMillis(400);

    private static final int OUS = 6;
    private static final String NAMESPACE = "first-walk";

    @Inject KubernetesClient client;

    @Test
    void accountsStartBeforeTheWalkEndsAndNothingIsConcludedFromWhatItHasNotFound()
            throws Exception {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        List<String> ous = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < OUS; i++) {
            String ou = org.createOrganizationalUnit(org.rootId(), "Walk-" + i);
            String account = org.createAccount("walk-" + i, ou);
            org.rootUser(account).setPassword(true);
            ous.add(ou);
            accounts.add(account);
        }
        String excluded = accounts.get(2);
        String keptAccount = accounts.get(4);
        String typoTarget = accounts.get(5);
        String typo = "000000000009";
        // the walk lists each parent's accounts after its OUs, top-down: the root, the default
        // organization's Security and Workloads, then Walk-0..5, then Prod under Workloads
        long listingsOfTheWholeWalk = 1 + 2 + OUS + 1;

        CallLog calls = sandbox().calls();
        sandbox()
                .faults()
                .latency("organizations:ListOrganizationalUnitsForParent", LISTING_LATENCY)
                .latency("organizations:ListAccountsForParent", LISTING_LATENCY);
        // as a freshly started operator: its next read of the organization is its first walk
        SandboxResource.forgetOrganization();
        long listingsBefore = calls.count("organizations:ListAccountsForParent");
        AtomicLong listingsAtFirstSession = new AtomicLong(-1);
        AtomicBoolean saidUnknownExclusion = new AtomicBoolean();
        AtomicBoolean typoStalledEarly = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher =
                new Thread(
                        () -> {
                            while (watching.get()) {
                                long listings =
                                        calls.count("organizations:ListAccountsForParent")
                                                - listingsBefore;
                                Map<String, Long> sessions = calls.assumeRootCountByAccount();
                                if (listingsAtFirstSession.get() < 0
                                        && accounts.stream()
                                                .anyMatch(a -> sessions.getOrDefault(a, 0L) > 0)) {
                                    listingsAtFirstSession.set(listings);
                                }
                                RootAccessPolicy p =
                                        client.resources(RootAccessPolicy.class)
                                                .inNamespace(NAMESPACE)
                                                .withName("everything")
                                                .get();
                                if (p != null
                                        && hasReason(
                                                p,
                                                "Stalled",
                                                "True",
                                                PolicyReasons.UNKNOWN_EXCLUSION)) {
                                    saidUnknownExclusion.set(true);
                                }
                                RootAccessPolicy t =
                                        client.resources(RootAccessPolicy.class)
                                                .inNamespace(NAMESPACE)
                                                .withName("typo")
                                                .get();
                                if (t != null
                                        && listings < listingsOfTheWholeWalk
                                        && hasReason(
                                                t,
                                                "Stalled",
                                                "True",
                                                PolicyReasons.UNKNOWN_EXCLUSION)) {
                                    typoStalledEarly.set(true);
                                }
                                try {
                                    Thread.sleep(20);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        watcher.start();

        PolicyCluster cluster = new PolicyCluster(client, NAMESPACE);
        cluster.create(
                policy(
                        "typo",
                        RootCredentialsState.Absent,
                        s -> {
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget(ous.get(5), true));
                            s.exclude = new ExcludeSpec();
                            s.exclude.accountIds = List.of(typo);
                            s.priority = 10;
                        }));
        RootAccessPolicy everything =
                cluster.create(
                        policy(
                                "everything",
                                RootCredentialsState.Absent,
                                s -> {
                                    s.targets.all = true;
                                    s.exclude = new ExcludeSpec();
                                    s.exclude.accountIds = List.of(excluded);
                                    s.rollout = new RolloutSpec();
                                    s.rollout.maxInFlight = 50;
                                }));
        // a child this policy already has for an account the walk reaches late, as a restarted
        // operator finds its children
        MemberAccountRootState kept =
                client.resource(
                                Children.desired(
                                        everything,
                                        keptAccount,
                                        DesiredState.of(everything.getSpec()),
                                        true))
                        .create();

        cluster.awaitStatus(
                "everything",
                Duration.ofSeconds(90),
                p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "typo",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.UNKNOWN_EXCLUSION));
        watching.set(false);
        watcher.join();

        long atFirst = listingsAtFirstSession.get();
        assertTrue(
                atFirst >= 0 && atFirst < listingsOfTheWholeWalk,
                "the first root session comes before the walk ends (listings at the first"
                        + " AssumeRoot: "
                        + atFirst
                        + " of "
                        + listingsOfTheWholeWalk
                        + ")");
        assertTrue(
                calls.count("organizations:DescribeAccount") >= 2,
                "both exclusions were asked about while the walk ran");
        assertFalse(
                saidUnknownExclusion.get(), "an exclusion not reached yet is not reported unknown");
        assertFalse(
                typoStalledEarly.get(),
                "an unknown exclusion is only reported once the whole organization was read");
        assertTrue(PolicyCluster.message(stalled, "Stalled").contains(typo));
        assertTrue(cluster.children("typo").isEmpty(), "a policy with a typo starts nothing");
        assertTrue(org.rootUser(typoTarget).hasPassword());
        assertEquals(0, calls.assumeRootCountByAccount().getOrDefault(typoTarget, 0L));
        MemberAccountRootState now =
                client.resources(MemberAccountRootState.class)
                        .inNamespace(NAMESPACE)
                        .withName(kept.getMetadata().getName())
                        .get();
        assertEquals(
                kept.getMetadata().getUid(),
                now.getMetadata().getUid(),
                "the child of an account not reached yet was kept, not deleted and made again");
        assertFalse(org.rootUser(keptAccount).hasPassword());
        assertTrue(org.rootUser(excluded).hasPassword(), "the excluded account is untouched");
        assertEquals(0, calls.assumeRootCountByAccount().getOrDefault(excluded, 0L));
        assertEquals(
                List.of(),
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(e -> "everything".equals(e.getInvolvedObject().getName()))
                        .filter(e -> PolicyReasons.EVENT_SELECTION_CHANGED.equals(e.getReason()))
                        .map(e -> e.getMessage())
                        .toList(),
                "the selection growing with the walk is not a change");
        cluster.deleteAll();
    }
}
