package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.PolicyCluster.excludedReasons;
import static io.rootaccess.operator.policy.PolicyCluster.hasReason;
import static io.rootaccess.operator.policy.PolicyCluster.isTrue;
import static io.rootaccess.operator.policy.PolicyCluster.message;
import static io.rootaccess.operator.policy.PolicyCluster.policy;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.TagSelector;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Targeting and children, end to end: policies written to the (mock) API server, the real operator
 * (policy and account controllers) acting through the real SDK clients on the sandbox. Shares the
 * default profile, so it works on accounts and OUs of its own and never targets all accounts.
 *
 * <pre>
 * root
 * ├── Targeting            a1, a3 (team=blue)
 * │   └── Nested           a2
 * └── a4 (team=red)
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class PolicyTargetingIT {
    static String top;
    static String nested;
    static String a1;
    static String a2;
    static String a3;
    static String a4;
    static String unsaid;

    @Inject KubernetesClient client;
    PolicyCluster cluster;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        top = org.createOrganizationalUnit(org.rootId(), "Targeting");
        nested = org.createOrganizationalUnit(top, "Nested");
        a1 = org.createAccount("targeting-a1", top);
        a2 = org.createAccount("targeting-a2", nested);
        a3 = org.createAccount("targeting-a3", top);
        org.tagAccount(a3, "team", "blue");
        a4 = org.createAccount("targeting-a4", org.rootId());
        org.tagAccount(a4, "team", "red");
        unsaid = org.createAccount("targeting-no-mode", org.rootId());
        org.rootUser(unsaid).setPassword(true);
        org.rootUser(unsaid).addAccessKey(null);
    }

    @BeforeEach
    void namespace() {
        cluster = new PolicyCluster(client, "policy-targeting");
    }

    @AfterEach
    void cleanUp() {
        cluster.deleteAll();
    }

    @Test
    void explicitAccountIdsGetOneLabelledOwnedChildEachAndTheManagementAccountIsExcluded() {
        String management = sandbox().organization().managementAccountId();
        RootAccessPolicy created =
                cluster.create(
                        policy(
                                "by-ids",
                                RootCredentialsState.Absent,
                                s -> s.targets.accountIds = List.of(a4, a1, management)));

        RootAccessPolicy ready = cluster.awaitReady("by-ids");
        assertTrue(
                hasReason(ready, "Ready", "True", PolicyReasons.COMPLIANT),
                () -> message(ready, "Ready"));
        assertEquals(2, ready.getStatus().selected);
        assertEquals(2, ready.getStatus().compliant);
        assertEquals(sandbox().organization().id(), ready.getStatus().organizationId);
        assertEquals(Targeting.REASON_MANAGEMENT_ACCOUNT, excludedReasons(ready).get(management));
        assertEquals(Set.of(a1, a4), cluster.childAccounts("by-ids"));
        for (MemberAccountRootState child : cluster.children("by-ids")) {
            String account = child.getSpec().accountId;
            assertEquals(ChildNames.of(account, "by-ids"), child.getMetadata().getName());
            assertEquals("by-ids", child.getMetadata().getLabels().get(ApiGroup.LABEL_POLICY));
            assertEquals(account, child.getMetadata().getLabels().get(ApiGroup.LABEL_ACCOUNT_ID));
            OwnerReference owner = child.getMetadata().getOwnerReferences().get(0);
            assertEquals(created.getMetadata().getUid(), owner.getUid());
            assertEquals("RootAccessPolicy", owner.getKind());
            assertEquals(Boolean.TRUE, owner.getController());
            assertEquals(RootCredentialsState.Absent, child.getSpec().rootCredentials.state);
            assertEquals(Boolean.FALSE, child.getSpec().suspend);
        }
    }

    @Test
    void aPolicyThatDoesNotSayModeOnlyPlansAndRemovesNothing() {
        // written as a user writes it (kubectl apply of YAML without spec.mode), not through the
        // Java class, whose field default would fill the mode in before it reaches the API server
        GenericKubernetesResource written = new GenericKubernetesResource();
        written.setApiVersion("rootaccess.io/v1alpha1");
        written.setKind("RootAccessPolicy");
        written.setMetadata(new ObjectMetaBuilder().withName("no-mode").build());
        written.setAdditionalProperty(
                "spec",
                Map.of(
                        "targets", Map.of("accountIds", List.of(unsaid)),
                        "rootCredentials", Map.of("state", "Absent")));
        client.genericKubernetesResources("rootaccess.io/v1alpha1", "RootAccessPolicy")
                .inNamespace(cluster.namespace())
                .resource(written)
                .create();

        RootAccessPolicy ready = cluster.awaitReady("no-mode");
        assertTrue(
                hasReason(ready, "Ready", "True", PolicyReasons.PLANNED),
                () -> message(ready, "Ready"));
        MemberAccountRootState child = cluster.children("no-mode").get(0);
        assertEquals(Mode.DryRun, child.getSpec().mode);
        assertFalse(child.getStatus().plan == null || child.getStatus().plan.isEmpty(), "a plan");
        SandboxRootUser root = sandbox().organization().rootUser(unsaid);
        assertTrue(root.hasPassword(), "the password is still there");
        assertEquals(1, root.accessKeyIds().size(), "the access key is still there");
    }

    @Test
    void organizationalUnitSelectsDirectChildrenOrAllDescendants() {
        cluster.create(
                policy(
                        "ou-direct",
                        RootCredentialsState.Audit,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(top, false))));
        cluster.awaitReady("ou-direct");
        assertEquals(Set.of(a1, a3), cluster.childAccounts("ou-direct"));
        cluster.delete("ou-direct");

        cluster.create(
                policy(
                        "ou-all",
                        RootCredentialsState.Audit,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(top, true))));
        RootAccessPolicy ready = cluster.awaitReady("ou-all");
        assertEquals(Set.of(a1, a2, a3), cluster.childAccounts("ou-all"));
        assertEquals(3, ready.getStatus().selected);
        assertEquals(3, ready.getStatus().compliant, "Audit: compliant = audited");
    }

    @Test
    void tagsSelectByKeyOrByKeyAndValue() {
        cluster.create(
                policy(
                        "tag-key",
                        RootCredentialsState.Audit,
                        s -> s.targets.tags = List.of(new TagSelector("team", null))));
        cluster.awaitReady("tag-key");
        assertEquals(Set.of(a3, a4), cluster.childAccounts("tag-key"));
        cluster.delete("tag-key");

        cluster.create(
                policy(
                        "tag-value",
                        RootCredentialsState.Audit,
                        s -> s.targets.tags = List.of(new TagSelector("team", "blue"))));
        RootAccessPolicy ready = cluster.awaitReady("tag-value");
        assertEquals(Set.of(a3), cluster.childAccounts("tag-value"));
        assertEquals(1, ready.getStatus().selected);
    }

    /**
     * Tags are read after the shape, one slow call per account. Until an account's tags are known
     * no policy may act on it: here a lower-priority policy would otherwise delete the password a
     * break-glass tag policy keeps.
     */
    @Test
    void noPolicyActsOnAnAccountWhoseTagsAreStillBeingRead() {
        SandboxOrganization org = sandbox().organization();
        String ou = org.createOrganizationalUnit(org.rootId(), "TagWait");
        String glass = org.createAccount("tagwait-glass", ou);
        String plain = org.createAccount("tagwait-plain", ou);
        org.tagAccount(glass, "tagwait", "break-glass");
        org.rootUser(glass).setPassword(true);
        org.rootUser(plain).setPassword(true);
        sandbox()
                .faults()
                .latency("organizations:ListTagsForResource", java.time.Duration.ofMillis(1500));
        try {
            cluster.create(
                    policy(
                            "tagwait-recovery",
                            RootCredentialsState.RecoveryAllowed,
                            s -> {
                                s.targets.tags = List.of(new TagSelector("tagwait", "break-glass"));
                                s.priority = 10;
                            }));
            cluster.awaitStatus(
                    "tagwait-recovery",
                    java.time.Duration.ofSeconds(20),
                    p -> hasReason(p, "Reconciling", "True", PolicyReasons.READING_TAGS));
            cluster.create(
                    policy(
                            "tagwait-absent",
                            RootCredentialsState.Absent,
                            s ->
                                    s.targets.organizationalUnits =
                                            List.of(new OrganizationalUnitTarget(ou, true))));
            cluster.awaitStatus("tagwait-absent", p -> p.getStatus().observedGeneration != null);
            sandbox()
                    .faults()
                    .clear(); // its first pass has run while the tags were slow: let the rest go
            // fast

            cluster.awaitReady("tagwait-recovery");
            RootAccessPolicy absent =
                    cluster.awaitStatus(
                            "tagwait-absent",
                            java.time.Duration.ofSeconds(60),
                            p ->
                                    isTrue(p, "Ready")
                                            && Integer.valueOf(1).equals(p.getStatus().selected));
            assertEquals(Set.of(glass), cluster.childAccounts("tagwait-recovery"));
            assertEquals(Set.of(plain), cluster.childAccounts("tagwait-absent"));
            assertEquals(PolicyReasons.OVERRIDDEN, excludedReasons(absent).get(glass));
            assertTrue(
                    org.rootUser(glass).hasPassword(),
                    "the break-glass password was never deleted");
            assertEquals(0, sandbox().calls().count("iam:DeleteLoginProfile", glass));
            assertTrue(!org.rootUser(plain).hasPassword(), "the other account converged");
        } finally {
            sandbox().faults().clear();
            cluster.deleteAll();
            org.removeAccount(glass);
            org.removeAccount(plain);
        }
    }

    @Test
    void anAccountWithAHandWrittenResourceIsLeftToItAndTakenBackWhenItGoes() {
        MemberAccountRootState own = new MemberAccountRootState();
        own.setMetadata(
                new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                        .withName("by-hand-" + a4)
                        .withNamespace(cluster.namespace())
                        .build());
        own.setSpec(new io.rootaccess.operator.api.account.MemberAccountRootStateSpec());
        own.getSpec().accountId = a4;
        own.getSpec().rootCredentials = new io.rootaccess.operator.api.RootCredentialsSpec();
        own.getSpec().rootCredentials.state = RootCredentialsState.Audit;
        var mars = client.resources(MemberAccountRootState.class).inNamespace(cluster.namespace());
        mars.resource(own).create();
        try {
            cluster.create(
                    policy(
                            "around-hand",
                            RootCredentialsState.Absent,
                            s -> s.targets.accountIds = List.of(a1, a4)));
            RootAccessPolicy ready = cluster.awaitReady("around-hand");
            assertEquals(Set.of(a1), cluster.childAccounts("around-hand"));
            assertEquals(Targeting.REASON_OWN_RESOURCE, excludedReasons(ready).get(a4));
            assertTrue(
                    message(ready, "Ready").contains("1 selected"), () -> message(ready, "Ready"));
            assertNotNull(
                    mars.withName(own.getMetadata().getName()).get(),
                    "the policy never touches it");

            mars.withName(own.getMetadata().getName()).delete();
            RootAccessPolicy taken =
                    cluster.awaitStatus(
                            "around-hand",
                            p ->
                                    isTrue(p, "Ready")
                                            && Integer.valueOf(2).equals(p.getStatus().selected));
            assertEquals(Set.of(a1, a4), cluster.childAccounts("around-hand"));
            assertEquals(2, taken.getStatus().compliant);
        } finally {
            mars.withName(own.getMetadata().getName()).delete();
        }
    }

    @Test
    void noTargetsSelectsNothingAndSaysSo() {
        cluster.create(policy("no-targets", RootCredentialsState.Absent, s -> {}));
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "no-targets",
                        p -> hasReason(p, "Stalled", "True", PolicyReasons.NO_TARGETS));
        assertTrue(hasReason(stalled, "Ready", "False", PolicyReasons.NO_TARGETS));
        assertEquals(0, stalled.getStatus().selected);
        assertTrue(cluster.children("no-targets").isEmpty());
    }

    @Test
    void exclusionsByIdAndOrganizationalUnitAndInactiveAccountsAreReportedWithTheReason() {
        SandboxOrganization org = sandbox().organization();
        String suspended = org.createAccount("targeting-suspended", top);
        org.setAccountState(suspended, "SUSPENDED");
        try {
            cluster.create(
                    policy(
                            "excluding",
                            RootCredentialsState.Audit,
                            s -> {
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(top, true));
                                s.exclude = new ExcludeSpec();
                                s.exclude.accountIds = List.of(a1);
                                s.exclude.organizationalUnits =
                                        ExcludedOrganizationalUnit.of(nested);
                            }));
            RootAccessPolicy ready =
                    cluster.awaitStatus(
                            "excluding",
                            p -> isTrue(p, "Ready") && excludedReasons(p).containsKey(suspended));
            assertEquals(Set.of(a3), cluster.childAccounts("excluding"));
            assertEquals(1, ready.getStatus().selected);
            assertEquals(Targeting.REASON_EXCLUDED, excludedReasons(ready).get(a1));
            assertEquals(Targeting.REASON_EXCLUDED_OU, excludedReasons(ready).get(a2));
            assertEquals(Targeting.REASON_NOT_ACTIVE, excludedReasons(ready).get(suspended));
            assertEquals(3, ready.getStatus().excluded);
        } finally {
            org.removeAccount(suspended);
        }
    }

    /**
     * Issue 12.2: the known targets proceed, but a policy that names what is not there is never
     * Ready.
     */
    @Test
    void unknownTargetsLetTheKnownOnesProceedButKeepThePolicyFromReady() {
        cluster.create(
                policy(
                        "unknown",
                        RootCredentialsState.Audit,
                        s -> {
                            s.targets.accountIds = List.of(a4, "999999999999");
                            s.targets.organizationalUnits =
                                    List.of(new OrganizationalUnitTarget("ou-zzzz-zzzzzzzz", true));
                        }));
        RootAccessPolicy stalled =
                cluster.awaitStatus(
                        "unknown",
                        p ->
                                hasReason(p, "Stalled", "True", PolicyReasons.UNKNOWN_TARGET)
                                        && Integer.valueOf(1).equals(p.getStatus().compliant));
        assertTrue(hasReason(stalled, "Ready", "False", PolicyReasons.UNKNOWN_TARGET));
        assertTrue(
                message(stalled, "Ready").contains("account 999999999999"),
                () -> message(stalled, "Ready"));
        assertTrue(message(stalled, "Ready").contains("organizationalUnit ou-zzzz-zzzzzzzz"));
        assertEquals(Set.of(a4), cluster.childAccounts("unknown"));
        assertEquals(
                List.of("account 999999999999", "organizationalUnit ou-zzzz-zzzzzzzz"),
                stalled.getStatus().unknownTargets);

        cluster.create(
                policy(
                        "only-unknown",
                        RootCredentialsState.Audit,
                        s -> s.targets.accountIds = List.of("999999999998")));
        RootAccessPolicy empty =
                cluster.awaitStatus(
                        "only-unknown",
                        p -> hasReason(p, "Ready", "False", PolicyReasons.UNKNOWN_TARGET));
        assertTrue(message(empty, "Ready").contains("999999999998"), () -> message(empty, "Ready"));
        assertTrue(cluster.children("only-unknown").isEmpty());

        // fixing the spec makes it Ready
        cluster.edit(
                "unknown",
                s -> {
                    s.targets.accountIds = List.of(a4);
                    s.targets.organizationalUnits = null;
                });
        cluster.awaitStatus("unknown", p -> hasReason(p, "Ready", "True", PolicyReasons.COMPLIANT));
    }

    @Test
    void readyAfterASpecChangeMeansTheNewSpecHolds() {
        SandboxOrganization org = sandbox().organization();
        String account = org.createAccount("targeting-ready", org.rootId());
        org.rootUser(account).setPassword(true);
        // named right after it joined: the operator reads the organization again instead of
        // reporting it unknown
        cluster.create(
                policy(
                        "changes",
                        RootCredentialsState.Audit,
                        s -> s.targets.accountIds = List.of(account)));
        RootAccessPolicy audited = cluster.awaitReady("changes");
        assertEquals(1, audited.getStatus().selected, () -> message(audited, "Ready"));
        assertTrue(org.rootUser(account).hasPassword(), "Audit changes nothing");

        // every status the policy goes through: `kubectl wait --for=condition=Ready` may wake up on
        // any of them
        List<String> earlyReady = new java.util.concurrent.CopyOnWriteArrayList<>();
        sandbox().faults().latency("iam:DeleteLoginProfile", java.time.Duration.ofMillis(1500));
        try (var watch =
                client.resources(RootAccessPolicy.class)
                        .inNamespace(cluster.namespace())
                        .withName("changes")
                        .watch(
                                new io.fabric8.kubernetes.client.Watcher<RootAccessPolicy>() {
                                    @Override
                                    public void eventReceived(Action action, RootAccessPolicy p) {
                                        if (Long.valueOf(2L).equals(p.getMetadata().getGeneration())
                                                && isTrue(p, "Ready")
                                                && org.rootUser(account).hasPassword()) {
                                            earlyReady.add(message(p, "Ready"));
                                        }
                                    }

                                    @Override
                                    public void onClose(
                                            io.fabric8.kubernetes.client.WatcherException cause) {}
                                })) {
            cluster.edit("changes", s -> s.rootCredentials.state = RootCredentialsState.Absent);
            RootAccessPolicy ready = cluster.awaitReady("changes");
            assertEquals(2L, ready.getMetadata().getGeneration());
            assertTrue(!org.rootUser(account).hasPassword());
            assertEquals(
                    List.of(),
                    earlyReady,
                    "Ready=True for the new generation while the password was still there");
        } finally {
            sandbox().faults().clear();
        }
    }

    @Test
    void accountsJoiningAndLeavingTheOrganizationGetAndLoseTheirChildWhileTheOperatorRuns() {
        SandboxOrganization org = sandbox().organization();
        cluster.create(
                policy(
                        "follows-org",
                        RootCredentialsState.Absent,
                        s ->
                                s.targets.organizationalUnits =
                                        List.of(new OrganizationalUnitTarget(nested, true))));
        cluster.awaitReady("follows-org");
        assertEquals(Set.of(a2), cluster.childAccounts("follows-org"));

        String joined = org.createAccount("targeting-joined", nested);
        org.rootUser(joined)
                .setPassword(true); // created outside the operator's reach: it has to remove it
        RootAccessPolicy grown =
                cluster.awaitStatus(
                        "follows-org",
                        p ->
                                isTrue(p, "Ready")
                                        && Integer.valueOf(2).equals(p.getStatus().selected));
        assertEquals(2, grown.getStatus().compliant);
        assertEquals(Set.of(a2, joined), cluster.childAccounts("follows-org"));
        assertTrue(!org.rootUser(joined).hasPassword(), "the new account converged on its own");

        long summariesBefore = sandbox().calls().count("iam:GetAccountSummary", joined);
        org.removeAccount(joined);
        RootAccessPolicy shrunk =
                cluster.awaitStatus(
                        "follows-org",
                        p ->
                                isTrue(p, "Ready")
                                        && Integer.valueOf(1).equals(p.getStatus().selected));
        assertEquals(1, shrunk.getStatus().compliant);
        assertEquals(Set.of(a2), cluster.childAccounts("follows-org"));
        assertEquals(
                summariesBefore,
                sandbox().calls().count("iam:GetAccountSummary", joined),
                "removing the child of an account that left the organization touches no AWS API of that account");
    }
}
