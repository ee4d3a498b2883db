package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.AccountStates.accountState;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxAccounts;
import io.rootaccess.operator.testing.SandboxFixture;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plan checked against the SCPs on the account's path before acting: what they allow is done,
 * what they deny is never attempted (counted in the sandbox's call log) and all of it is named at
 * once with the policy and statement to change. The real operator on the mock API server, the real
 * SDK clients against the sandbox over HTTP; own namespace, own OUs and accounts, every SCP
 * detached at the end.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class ScpPreflightIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String ROOT_ARN =
            "\"Condition\":{\"StringLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:root\"}}";

    /** rootaccess.organization-refresh-interval of the test configuration. */
    static final Duration REFRESH = Duration.ofSeconds(2);

    static final List<String> DENIED_DELETES =
            List.of(
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice");

    @Inject KubernetesClient client;

    Sandbox sb;
    SandboxOrganization org;
    SandboxFixture fixture;

    @BeforeEach
    void setUp() {
        sb = sandbox();
        org = sb.organization();
        SandboxAccounts.centralizedRootAccessOn(org);
        fixture = SandboxFixture.create(client, org, "scp-preflight", 0);
    }

    @AfterEach
    void cleanUp() {
        fixture.close(); // detaches the SCPs, waits until the account states are gone
    }

    /**
     * An SCP whose NotAction list exempts only the login-profile actions and the reads: the
     * password is deleted, every other delete is denied, named at once and never attempted.
     */
    @Test
    void aNotActionScpLetsThePasswordGoAndNamesEveryDeniedDeleteWithoutTryingIt() {
        String ou = org.createOrganizationalUnit(org.rootId(), "preflight-" + SUFFIX);
        String id = account("notaction", ou);
        SandboxRootUser root = org.rootUser(id);
        List<String> keys = root.accessKeyIds();
        String scp =
                attach(
                        "deny-root-but-login-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyRootButLoginProfile","Effect":"Deny",
                 "NotAction":["iam:GetLoginProfile","iam:DeleteLoginProfile","iam:CreateLoginProfile",
                              "iam:UpdateLoginProfile","iam:List*","iam:Get*"],
                 "Resource":"*",%s}]}"""
                                .formatted(ROOT_ARN),
                        ou); // on the account's OU: read before its first pass
        create(id);

        MemberAccountRootStateStatus st = awaitStatus(id, AccountPhase.Blocked);
        assertFalse(root.hasPassword(), "the SCP allows iam:DeleteLoginProfile");
        assertEquals(1, sb.calls().okCount("iam:DeleteLoginProfile", id));
        assertEquals(keys, root.accessKeyIds(), "key deletion is denied: kept");
        assertEquals(1, root.activeMfaSerials().size(), "MFA deactivation is denied: kept");
        for (String denied : DENIED_DELETES) {
            assertEquals(0, sb.calls().count(denied, id), denied + " is never attempted");
            assertTrue(st.attention.contains(denied), denied + " in: " + st.attention);
        }
        assertTrue(st.attention.contains(scp), st.attention);
        assertTrue(st.attention.contains("statement DenyRootButLoginProfile"), st.attention);
        var stalled = Conditions.find(st.conditions, ConditionTypes.STALLED).orElseThrow();
        assertEquals(AccountReasons.BLOCKED_BY_POLICY, stalled.getReason());
        assertTrue(
                st.lastActions.stream()
                        .anyMatch(
                                a ->
                                        "iam:DeleteAccessKey".equals(a.action)
                                                && Remediator.NOT_DONE.equals(a.result)),
                "the held-back delete is recorded: " + st.lastActions);
    }

    /**
     * SCPs on two nested OUs and on the account each deny one delete: all three are named with
     * their policy and statement (by Sid, or by position when it has none), the rest is done.
     */
    @Test
    void denialsAlongAMultiOuPathAreNamedTogetherWithTheirStatements() {
        String parent = org.createOrganizationalUnit(org.rootId(), "preflight-a-" + SUFFIX);
        String child = org.createOrganizationalUnit(parent, "preflight-b-" + SUFFIX);
        String id = account("multi-ou", child);
        SandboxRootUser root = org.rootUser(id);
        List<String> keys = root.accessKeyIds();
        String onParent =
                attach(
                        "no-root-key-deletes-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"NoKeyDeletes","Effect":"Deny",
                 "Action":"iam:DeleteAccessKey","Resource":"*",%s}]}"""
                                .formatted(ROOT_ARN),
                        parent);
        String onChild =
                attach(
                        "no-root-cert-deletes-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
                 {"Effect":"Deny","Action":"iam:DeleteSigningCertificate","Resource":"*",%s}]}"""
                                .formatted(ROOT_ARN),
                        child);
        String onAccount =
                attach(
                        "no-root-mfa-changes-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"KeepMfa","Effect":"Deny",
                 "Action":"iam:DeactivateMFADevice","Resource":"*",%s}]}"""
                                .formatted(ROOT_ARN),
                        id);
        create(id);

        MemberAccountRootStateStatus st = awaitStatus(id, AccountPhase.Blocked);
        assertFalse(root.hasPassword(), "nothing denies the password's deletion");
        assertEquals(keys, root.accessKeyIds());
        assertEquals(1, root.signingCertificateIds().size());
        assertEquals(1, root.activeMfaSerials().size());
        // the OUs' SCPs are read before the first pass: their denials are never attempted; the
        // account's own attachments cost a call per account, so they are read once it met a
        // denial: its own SCP's action is met by the call at most once, then named like the others
        for (String denied : DENIED_DELETES) {
            long attempts = sb.calls().count(denied, id);
            if (denied.equals("iam:DeactivateMFADevice")) {
                assertTrue(attempts <= 1, denied + " attempted " + attempts + " times");
            } else {
                assertEquals(0, attempts, denied + " is never attempted");
            }
            assertTrue(st.attention.contains(denied), denied + " in: " + st.attention);
        }
        for (String named :
                List.of(
                        onParent,
                        parent,
                        "statement NoKeyDeletes",
                        onChild,
                        child,
                        "statement number 2 (no Sid)",
                        onAccount,
                        "statement KeepMfa")) {
            assertTrue(st.attention.contains(named), named + " in: " + st.attention);
        }
    }

    /**
     * The password's deletion is denied: MFA devices stay active (never a password without MFA),
     * the other credentials go.
     */
    @Test
    void aDeniedPasswordDeletionKeepsMfaAndTheOtherDeletesStillRun() {
        String ou = org.createOrganizationalUnit(org.rootId(), "preflight-pw-" + SUFFIX);
        String id = account("password", ou);
        SandboxRootUser root = org.rootUser(id);
        String scp =
                attach(
                        "keep-root-password-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"KeepPassword","Effect":"Deny",
                 "Action":"iam:DeleteLoginProfile","Resource":"*",%s}]}"""
                                .formatted(ROOT_ARN),
                        ou);
        create(id);

        MemberAccountRootStateStatus st = awaitStatus(id, AccountPhase.Blocked);
        assertTrue(root.hasPassword());
        assertEquals(1, root.activeMfaSerials().size(), "MFA stays while the password does");
        assertTrue(root.accessKeyIds().isEmpty(), "allowed: deleted");
        assertTrue(root.signingCertificateIds().isEmpty(), "allowed: deleted");
        assertEquals(0, sb.calls().count("iam:DeleteLoginProfile", id));
        assertEquals(0, sb.calls().count("iam:DeactivateMFADevice", id));
        assertTrue(st.attention.contains(scp), st.attention);
        assertTrue(st.attention.contains("MFA devices stay active"), st.attention);
    }

    /**
     * The SCP reads are shared: accounts under one OU cost one ListPoliciesForTarget each (their
     * own attachments), the OU's, the root's and the documents are read once per refresh interval,
     * and no ListParents (the path comes from the organization cache).
     */
    @Test
    void scpReadsAreSharedAcrossAccounts() {
        int accounts = 12;
        String ou = org.createOrganizationalUnit(org.rootId(), "preflight-many-" + SUFFIX);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            ids.add(account("many" + i, ou));
        }
        attach(
                "no-root-key-deletes-many-" + SUFFIX,
                """
                {"Version":"2012-10-17","Statement":[{"Sid":"NoKeyDeletes","Effect":"Deny",
                 "Action":"iam:DeleteAccessKey","Resource":"*",%s}]}"""
                        .formatted(ROOT_ARN),
                ou);
        long listed = sb.calls().count("organizations:ListPoliciesForTarget");
        long described = sb.calls().count("organizations:DescribePolicy");
        long parents = sb.calls().count("organizations:ListParents");
        long started = System.nanoTime();
        ids.forEach(this::create);
        ids.forEach(id -> awaitStatus(id, AccountPhase.Blocked));
        long intervals = (System.nanoTime() - started) / REFRESH.toNanos() + 1;

        long extraListed = sb.calls().count("organizations:ListPoliciesForTarget") - listed;
        long extraDescribed = sb.calls().count("organizations:DescribePolicy") - described;
        long extraParents = sb.calls().count("organizations:ListParents") - parents;
        System.out.printf(
                "SCP pre-flight for %d accounts: %d ListPoliciesForTarget, %d DescribePolicy,"
                        + " %d ListParents in %d refresh intervals%n",
                accounts, extraListed, extraDescribed, extraParents, intervals);
        for (String id : ids) {
            assertEquals(0, sb.calls().count("iam:DeleteAccessKey", id));
            assertFalse(org.rootUser(id).hasPassword());
        }
        // uncached, each account would read its whole path: 3 ListPoliciesForTarget, 2 ListParents
        // and one DescribePolicy per policy on it. Cached, on a first pass: no read per account
        // (its own attachments are read once it met a denial), the OU's and the root's and each
        // document once per refresh interval (2 s in tests), plus
        // one spare per interval: an interval that began before the count was taken (seen: 19 for
        // 12 accounts in 3 intervals under CI load; uncached that is 36).
        assertEquals(0, extraParents, "the path comes from the organization cache");
        assertTrue(
                extraListed <= 3 * intervals && extraListed < accounts,
                "ListPoliciesForTarget: " + extraListed + " in " + intervals + " intervals");
        // one read per policy and interval (passes missing the cache together share it); uncached
        // every account reads each one (24)
        assertTrue(
                extraDescribed <= 3 * intervals && extraDescribed < 2 * accounts,
                "DescribePolicy: " + extraDescribed + " in " + intervals + " intervals");
    }

    // ---- helpers ----

    String attach(String name, String document, String target) {
        return fixture.attachScp(name, document, target);
    }

    /** A fresh member account with every kind of root credential. */
    String account(String name, String parent) {
        return SandboxAccounts.withEveryCredential(
                org,
                "preflight-"
                        + name
                        + "-"
                        + SUFFIX
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 4),
                parent);
    }

    void create(String accountId) {
        // one pass each (audit every hour): the counts are of that pass
        client.resource(
                        accountState(accountId)
                                .inNamespace(fixture.namespace())
                                .enforce()
                                .auditInterval("1h")
                                .build())
                .create();
    }

    MemberAccountRootStateStatus awaitStatus(String accountId, AccountPhase phase) {
        await().atMost(WAIT)
                .until(
                        () -> {
                            MemberAccountRootState m = get(accountId);
                            return m != null
                                    && m.getStatus() != null
                                    && m.getStatus().phase == phase;
                        });
        return get(accountId).getStatus();
    }

    MemberAccountRootState get(String accountId) {
        return client.resources(MemberAccountRootState.class)
                .inNamespace(fixture.namespace())
                .withName("account-" + accountId)
                .get();
    }
}
