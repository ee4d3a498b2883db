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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.sandbox.CallLog;
import io.rootaccess.operator.sandbox.SandboxOrganization;
import io.rootaccess.operator.testing.SandboxResource;
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
 * after it (100 s at 10,000 accounts), and the walk being partial never costs safety. A fresh
 * operator (its own profile, so the organization was never read) walks slowly (organizations-read
 * at 2/s) through six OUs under the root, one account each; the policy excludes the account of the
 * third. Checked: no root session before the walk has listed the excluded account (an exclusion not
 * found yet may protect an account about to be found), the first one before the walk ends, a child
 * of an account the walk has not reached is neither deleted nor replaced (a restarted operator
 * keeps its children), and the policy ends Ready with the excluded account untouched.
 */
@QuarkusTest
@TestProfile(FirstWalkIT.SlowWalk.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(SandboxResource.class)
class FirstWalkIT {
    public static class SlowWalk implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "rootaccess.aws.rate-limits.organizations-read.rate", "2",
                    "rootaccess.aws.rate-limits.organizations-read.burst", "1",
                    "rootaccess.aws.rate-limits.organizations-read.ceiling", "2");
        }
    }

    private static final int OUS = 6;
    private static final int EXCLUDED_OU = 2; // the third, 0-based

    @Inject KubernetesClient client;

    @Test
    void accountsStartBeforeTheWalkEndsAndNothingIsConcludedFromWhatItHasNotFound()
            throws Exception {
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        org.setFeatureEnabled("RootSessions", true);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < OUS; i++) {
            String ou = org.createOrganizationalUnit(org.rootId(), "Walk-" + i);
            String account = org.createAccount("walk-" + i, ou);
            org.rootUser(account).setPassword(true);
            accounts.add(account);
        }
        String excluded = accounts.get(EXCLUDED_OU);
        String last = accounts.get(OUS - 1);
        // the walk lists each parent's accounts after its OUs, top-down: the root, the default
        // organization's Security and Workloads, then Walk-0..5, then Prod under Workloads
        long listingsBeforeExcluded = 1 + 2 + EXCLUDED_OU + 1;
        long listingsOfTheWholeWalk = 1 + 2 + OUS + 1;

        CallLog calls = sandbox().calls();
        AtomicLong listingsAtFirstSession = new AtomicLong(-1);
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher =
                new Thread(
                        () -> {
                            while (watching.get() && listingsAtFirstSession.get() < 0) {
                                long listings = calls.count("organizations:ListAccountsForParent");
                                if (calls.count("sts:AssumeRoot") > 0) {
                                    listingsAtFirstSession.set(listings);
                                }
                                try {
                                    Thread.sleep(10);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
        watcher.start();

        PolicyCluster cluster = new PolicyCluster(client, "first-walk");
        RootAccessPolicy created =
                cluster.create(
                        policy(
                                "everything",
                                RootCredentialsState.Absent,
                                s -> {
                                    s.targets.all = true;
                                    s.exclude = new ExcludeSpec();
                                    s.exclude.accountIds = List.of(excluded);
                                    s.rollout = new io.rootaccess.operator.api.policy.RolloutSpec();
                                    s.rollout.maxInFlight = 50;
                                }));
        // a child this policy already has for an account the walk reaches last, as a restarted
        // operator finds its children
        MemberAccountRootState kept =
                client.resource(
                                Children.desired(
                                        created, last, DesiredState.of(created.getSpec()), true))
                        .create();

        cluster.awaitStatus(
                "everything",
                Duration.ofSeconds(90),
                p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
        watching.set(false);
        watcher.join();

        long atFirst = listingsAtFirstSession.get();
        assertTrue(
                atFirst >= listingsBeforeExcluded,
                "no root session before the walk found the excluded account (listings at the first"
                        + " AssumeRoot: "
                        + atFirst
                        + ")");
        assertTrue(
                atFirst < listingsOfTheWholeWalk,
                "the first root session comes before the walk ends (listings at the first"
                        + " AssumeRoot: "
                        + atFirst
                        + " of "
                        + listingsOfTheWholeWalk
                        + ")");
        MemberAccountRootState now =
                client.resources(MemberAccountRootState.class)
                        .inNamespace("first-walk")
                        .withName(kept.getMetadata().getName())
                        .get();
        assertEquals(
                kept.getMetadata().getUid(),
                now.getMetadata().getUid(),
                "the child of an account not reached yet was kept, not deleted and made again");
        assertFalse(org.rootUser(last).hasPassword());
        assertTrue(org.rootUser(excluded).hasPassword(), "the excluded account is untouched");
        assertEquals(0, calls.assumeRootCountByAccount().getOrDefault(excluded, 0L));
        cluster.deleteAll();
    }
}
