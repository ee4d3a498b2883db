package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxAccounts;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MemberAccountRootState end to end, written by hand (no policy): the real operator on the mock API
 * server, the real SDK clients against the sandbox over HTTP. Own namespace and own accounts (fresh
 * names), so it shares the default test profile; organization-wide changes are undone at once.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class MemberAccountRootStateSandboxIT {
    static final String NS = "mars-test";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final ObjectMapper JSON = new ObjectMapper();
    static String ou;

    /**
     * The member accounts the tests use, created before the first test: the operator acts on an
     * account once its organization snapshot has it (re-read every 2 s in tests), so an account
     * created in a test would make that test wait for the next read.
     */
    static final java.util.Deque<String> ACCOUNTS =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    static final int TESTS_WITH_AN_ACCOUNT = 14;

    @Inject KubernetesClient client;

    Sandbox sb;
    SandboxOrganization org;

    @BeforeAll
    static void centralizedRootAccessOn() {
        SandboxOrganization org = sandbox().organization();
        SandboxAccounts.centralizedRootAccessOn(org);
        ou = org.createOrganizationalUnit(org.rootId(), "mars-" + SUFFIX);
        for (int i = 0; i < TESTS_WITH_AN_ACCOUNT; i++) {
            ACCOUNTS.add(org.createAccount("mars-" + i + "-" + SUFFIX, ou));
        }
    }

    @BeforeEach
    void namespace() {
        sb = sandbox();
        org = sb.organization();
        Namespaces.ensure(client, NS);
    }

    /** The operator watches every namespace and other classes share it: leave nothing behind. */
    @AfterEach
    void cleanUp() {
        sb.faults().clear();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
        await().atMost(WAIT)
                .until(
                        () ->
                                client.resources(MemberAccountRootState.class)
                                        .inNamespace(NS)
                                        .list()
                                        .getItems()
                                        .isEmpty());
    }

    // ---- helpers ----

    /** A member account no other test has used (one made before the tests, if any is left). */
    String freshAccount(String name) {
        String id = ACCOUNTS.poll();
        return id != null
                ? id
                : org.createAccount(
                        name + "-" + SUFFIX + "-" + UUID.randomUUID().toString().substring(0, 4),
                        ou);
    }

    /** A fresh member account with every kind of root credential. */
    String fullyCredentialedAccount(String name) {
        String id = freshAccount(name);
        SandboxAccounts.giveEveryCredential(org.rootUser(id));
        return id;
    }

    MemberAccountRootState create(
            String accountId,
            RootCredentialsState state,
            Consumer<MemberAccountRootStateSpec> shape) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder().withName("account-" + accountId).withNamespace(NS).build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = accountId;
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = state;
        shape.accept(spec);
        m.setSpec(spec);
        return client.resource(m).create();
    }

    MemberAccountRootState get(String accountId) {
        return client.resources(MemberAccountRootState.class)
                .inNamespace(NS)
                .withName("account-" + accountId)
                .get();
    }

    MemberAccountRootStateStatus awaitStatus(
            String accountId, Predicate<MemberAccountRootStateStatus> done) {
        await().atMost(WAIT)
                .until(
                        () -> {
                            MemberAccountRootState m = get(accountId);
                            return m != null && m.getStatus() != null && done.test(m.getStatus());
                        });
        return get(accountId).getStatus();
    }

    static Predicate<MemberAccountRootStateStatus> phase(AccountPhase phase) {
        return s -> s.phase == phase;
    }

    static boolean ready(MemberAccountRootStateStatus s) {
        return Conditions.isTrue(s.conditions, ConditionTypes.READY);
    }

    long inSession(String operation, String accountId) {
        return sb.calls().count(operation, accountId);
    }

    long mutatingIn(String accountId) {
        return List.of(
                        "iam:DeleteLoginProfile",
                        "iam:DeleteAccessKey",
                        "iam:DeleteSigningCertificate",
                        "iam:DeactivateMFADevice",
                        "iam:CreateLoginProfile")
                .stream()
                .mapToLong(op -> inSession(op, accountId))
                .sum();
    }

    String eventsFor(String accountId) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> ("account-" + accountId).equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .reduce("", (a, b) -> a + "\n" + b);
    }

    void assertNoSecrets(String accountId) throws Exception {
        String everything =
                JSON.writeValueAsString(get(accountId).getStatus()) + eventsFor(accountId);
        assertFalse(
                everything.contains(sb.managementCredentials().secretAccessKey()),
                "management secret leaked");
        assertFalse(everything.toLowerCase().contains("sessiontoken"), everything);
        assertFalse(everything.toLowerCase().contains("secretaccesskey"), everything);
    }

    // ---- the desired states ----

    @Test
    void absentRemovesEveryCredentialAndRecordsEachAction() throws Exception {
        String id = fullyCredentialedAccount("absent");
        create(id, RootCredentialsState.Absent, s -> {});

        MemberAccountRootStateStatus st = awaitStatus(id, phase(AccountPhase.Compliant));
        SandboxRootUser root = org.rootUser(id);
        assertFalse(root.hasPassword());
        assertTrue(root.accessKeyIds().isEmpty());
        assertTrue(root.signingCertificateIds().isEmpty());
        assertTrue(root.activeMfaSerials().isEmpty());
        assertTrue(ready(st), st.conditions.toString());
        assertTrue(Conditions.isTrue(st.conditions, ConditionTypes.COMPLIANT));
        assertNotNull(st.lastAuditTime);
        // one record per removed credential (password, 2 keys, certificate, MFA), each with the
        // session's key id
        List<ActionRecord> records = st.lastActions;
        assertEquals(5, records.size(), records.toString());
        assertTrue(
                records.stream()
                        .allMatch(
                                r ->
                                        r.sessionAccessKeyId != null
                                                && r.sessionAccessKeyId.startsWith("ASIA")),
                "session key ids for CloudTrail");
        assertEquals(0, st.credentials.accessKeysPresent);
        String events = eventsFor(id);
        assertTrue(events.contains("ASIA"), "events name the session key id: " + events);
        assertNoSecrets(id);
    }

    @Test
    void onlyTheDeclaredCredentialTypesAreRemoved() {
        String id = fullyCredentialedAccount("some");
        create(
                id,
                RootCredentialsState.Absent,
                s ->
                        s.rootCredentials.credentialTypes =
                                List.of(
                                        CredentialType.Password,
                                        CredentialType.SigningCertificates));

        awaitStatus(id, phase(AccountPhase.Compliant));
        SandboxRootUser root = org.rootUser(id);
        assertFalse(root.hasPassword());
        assertTrue(root.signingCertificateIds().isEmpty());
        assertEquals(2, root.accessKeyIds().size(), "access keys were not declared");
        assertEquals(1, root.activeMfaSerials().size(), "MFA was not declared");
    }

    @Test
    void recoveryAllowedCreatesALoginProfileAndLeavesIt() {
        String id = freshAccount("recovery");
        org.rootUser(id).setPassword(false);
        create(id, RootCredentialsState.RecoveryAllowed, s -> {});

        awaitStatus(id, phase(AccountPhase.Compliant));
        assertTrue(
                org.rootUser(id).hasPassword(), "login profile (without a known password) exists");
        assertEquals(1, inSession("iam:CreateLoginProfile", id));
    }

    @Test
    void auditObservesAndReportsWithoutChangingAnything() {
        String id = fullyCredentialedAccount("audit");
        create(id, RootCredentialsState.Audit, s -> {});

        MemberAccountRootStateStatus st =
                awaitStatus(id, s -> s.lastAuditTime != null && s.credentials != null && ready(s));
        assertEquals(0, mutatingIn(id));
        assertTrue(st.credentials.passwordPresent);
        assertTrue(st.credentials.accessKeysPresent >= 1, "the summary says keys are present");
        assertEquals(2, st.credentials.accessKeys.size(), "details: key ids and last use");
        assertEquals(1, st.credentials.signingCertificatesPresent);
        assertEquals(1, st.credentials.mfaDevicesPresent);
        assertTrue(org.rootUser(id).hasCredentials());
    }

    @Test
    void dryRunWritesThePlanAndMakesNoMutatingCall() {
        String id = fullyCredentialedAccount("dryrun");
        create(id, RootCredentialsState.Absent, s -> s.mode = Mode.DryRun);

        MemberAccountRootStateStatus st = awaitStatus(id, s -> s.plan != null && !s.plan.isEmpty());
        assertEquals(5, st.plan.size(), st.plan.toString());
        assertTrue(
                st.plan.stream().anyMatch(p -> p.action.contains("DeleteLoginProfile")),
                st.plan.toString());
        assertEquals(0, mutatingIn(id));
        assertTrue(org.rootUser(id).hasPassword());
    }

    // ---- drift, safety ----

    @Test
    void driftIsRemediatedAtTheNextAudit() {
        String id = fullyCredentialedAccount("drift");
        create(id, RootCredentialsState.Absent, s -> s.rootCredentials.auditInterval = "1s");
        awaitStatus(id, phase(AccountPhase.Compliant));

        org.rootUser(id).setPassword(true); // someone restored the password through the console
        await().atMost(WAIT).until(() -> !org.rootUser(id).hasPassword());
        assertEquals(
                2,
                inSession("iam:DeleteLoginProfile", id),
                "removed twice: at first and after the drift");
        awaitStatus(id, phase(AccountPhase.Compliant));
    }

    @Test
    void theManagementAccountIsRefused() {
        String management = org.managementAccountId();
        long assumes = sb.calls().count("sts:AssumeRoot");
        create(management, RootCredentialsState.Absent, s -> {});

        MemberAccountRootStateStatus st = awaitStatus(management, phase(AccountPhase.Refused));
        assertFalse(ready(st));
        assertTrue(
                Conditions.find(st.conditions, ConditionTypes.READY)
                        .orElseThrow()
                        .getMessage()
                        .contains("management account"),
                st.conditions.toString());
        assertEquals(
                assumes,
                sb.calls().count("sts:AssumeRoot"),
                "no root session for the management account");
    }

    @Test
    void aSuspendedAccountIsSkipped() {
        // not from the pool made before the tests: the operator has already seen those ACTIVE, and
        // the claim is about an account it first sees suspended
        String id = org.createAccount("suspended-" + SUFFIX, ou);
        org.setAccountState(id, "SUSPENDED");
        SandboxAccounts.giveEveryCredential(org.rootUser(id));
        create(id, RootCredentialsState.Absent, s -> {});

        MemberAccountRootStateStatus st = awaitStatus(id, s -> "SUSPENDED".equals(s.accountState));
        assertEquals(0, inSession("iam:GetAccountSummary", id), "not even audited");
        assertTrue(org.rootUser(id).hasPassword());
        assertFalse(st.phase == AccountPhase.Compliant);
    }

    @Test
    void aRecentlyUsedKeyIsProtectedAndReported() {
        String id = freshAccount("recent-key");
        SandboxRootUser root = org.rootUser(id);
        root.setPassword(true);
        String recent = root.addAccessKey(Instant.now().minus(Duration.ofDays(1)));
        String old = root.addAccessKey(Instant.now().minus(Duration.ofDays(300)));
        create(
                id,
                RootCredentialsState.Absent,
                s -> s.rootCredentials.protectKeysUsedWithin = "30d");

        MemberAccountRootStateStatus st =
                awaitStatus(
                        id,
                        s ->
                                s.attention != null
                                        && s.attention.contains(recent)
                                        && !org.rootUser(id).accessKeyIds().contains(old));
        assertEquals(List.of(recent), root.accessKeyIds(), "the recently used key stays");
        assertFalse(root.hasPassword());
        assertFalse(st.phase == AccountPhase.Compliant, "needs attention, not compliant");
    }

    // ---- errors ----

    @Test
    void anScpDenyingRootBlocksNamingItAndTheExemptionUnblocks() {
        String id = fullyCredentialedAccount("scp");
        String scp =
                SandboxAccounts.attachScp(
                        org,
                        "deny-root-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
                 "Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}""",
                        id);
        create(id, RootCredentialsState.Absent, s -> s.rootCredentials.auditInterval = "1s");

        MemberAccountRootStateStatus st = awaitStatus(id, phase(AccountPhase.Blocked));
        assertTrue(Conditions.isTrue(st.conditions, ConditionTypes.BLOCKED_BY_POLICY));
        assertTrue(st.attention.contains(scp), st.attention);
        assertTrue(st.attention.contains("aws:AssumedRoot"), "the fix: " + st.attention);
        assertTrue(eventsFor(id).contains("BlockedByPolicy"));
        assertTrue(org.rootUser(id).hasPassword());

        // AWS's recommended exemption: the same SCP, but not for sessions opened with
        // sts:AssumeRoot
        String exempt =
                org.createServiceControlPolicy(
                        "deny-root-except-assumed-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyRoot","Effect":"Deny","Action":"*","Resource":"*",
                 "Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"},"Null":{"aws:AssumedRoot":"true"}}}]}""");
        org.detachPolicy(scp, id);
        org.attachPolicy(exempt, id);
        awaitStatus(id, phase(AccountPhase.Compliant));
        assertFalse(org.rootUser(id).hasPassword());
    }

    /**
     * An SCP that denies root everything but the login-profile actions: the password is still
     * deleted, the other credentials are reported unknown and kept, and the status names every
     * denied action at once (not only the first).
     */
    @Test
    void anScpAllowingOnlyLoginProfileActionsDeletesThePasswordAndNamesEveryDenial() {
        String id = fullyCredentialedAccount("scp-partial");
        SandboxRootUser root = org.rootUser(id);
        List<String> keys = root.accessKeyIds();
        String scp =
                SandboxAccounts.attachScp(
                        org,
                        "deny-root-but-login-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyRootButLoginProfile","Effect":"Deny",
                 "NotAction":["iam:GetLoginProfile","iam:DeleteLoginProfile","iam:CreateLoginProfile","iam:UpdateLoginProfile"],
                 "Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}""",
                        id);
        try {
            create(id, RootCredentialsState.Absent, s -> s.rootCredentials.auditInterval = "1s");

            MemberAccountRootStateStatus st = awaitStatus(id, phase(AccountPhase.Blocked));
            assertFalse(root.hasPassword(), "the SCP allows iam:DeleteLoginProfile");
            assertEquals(keys, root.accessKeyIds(), "keys whose last use is unknown are kept");
            assertEquals(1, root.activeMfaSerials().size(), "MFA stays");
            for (String denied :
                    List.of(
                            "iam:ListAccessKeys",
                            "iam:ListSigningCertificates",
                            "iam:ListMFADevices")) {
                assertTrue(st.attention.contains(denied), denied + " in: " + st.attention);
            }
            assertTrue(st.attention.contains(scp), st.attention);
            assertTrue(st.attention.contains("DenyRootButLoginProfile"), st.attention);
            assertTrue(st.attention.contains("access keys"), "reported unknown: " + st.attention);
            assertEquals(null, st.credentials.accessKeysPresent, "unknown, not zero");
            String blocked =
                    Conditions.find(st.conditions, ConditionTypes.BLOCKED_BY_POLICY)
                            .orElseThrow()
                            .getMessage();
            assertTrue(blocked.contains("iam:ListMFADevices"), blocked);
            assertTrue(
                    st.lastActions.stream()
                            .anyMatch(
                                    a ->
                                            "iam:DeleteLoginProfile".equals(a.action)
                                                    && "Succeeded".equals(a.result)),
                    "the allowed deletion is recorded");
        } finally {
            org.detachPolicy(scp, id);
        }
    }

    @Test
    void throttlingAndServerErrorsAreRetriedUntilConverged() {
        String id = fullyCredentialedAccount("faults");
        sb.faults()
                .throttle("iam:DeleteAccessKey", 0.5)
                .serverErrors("iam:ListAccessKeys", 0.3, 503)
                .throttle("sts:AssumeRoot", 0.3);
        create(id, RootCredentialsState.Absent, s -> {});

        awaitStatus(id, phase(AccountPhase.Compliant));
        assertTrue(org.rootUser(id).accessKeyIds().isEmpty());
    }

    @Test
    void anExpiredSessionIsRenewedAndThePassContinues() {
        String id = fullyCredentialedAccount("expiry");
        create(id, RootCredentialsState.Absent, s -> s.rootCredentials.auditInterval = "1s");
        awaitStatus(id, phase(AccountPhase.Compliant));
        long assumes = sb.calls().count("sts:AssumeRoot");

        sb.advanceClock(Duration.ofMinutes(20)); // every open session is now expired
        org.rootUser(id).setPassword(true);
        await().atMost(WAIT).until(() -> !org.rootUser(id).hasPassword());
        assertTrue(sb.calls().count("sts:AssumeRoot") > assumes, "a new session was assumed");
        awaitStatus(id, phase(AccountPhase.Compliant));
    }

    @Test
    void aSwitchedOffFeatureStallsNamingItAndConvergesOnceOn() {
        String id = fullyCredentialedAccount("feature");
        org.setFeatureEnabled("RootCredentialsManagement", false);
        try {
            create(id, RootCredentialsState.Absent, s -> {});
            MemberAccountRootStateStatus st =
                    awaitStatus(
                            id,
                            s ->
                                    s.attention != null
                                            && s.attention.contains("RootCredentialsManagement"));
            assertTrue(
                    Conditions.isTrue(st.conditions, ConditionTypes.STALLED),
                    st.conditions.toString());
            assertFalse(st.phase == AccountPhase.Blocked, "a switched-off feature is not an SCP");
        } finally {
            org.setFeatureEnabled("RootCredentialsManagement", true);
        }
        // no edit of the resource: it looks again by itself, soon
        awaitStatus(id, phase(AccountPhase.Compliant));
    }

    // ---- cost ----

    @Test
    void aSteadyStateAuditCostsGetAccountSummaryAndAtMostOneAssumeRoot() {
        String id = fullyCredentialedAccount("steady");
        create(id, RootCredentialsState.Absent, s -> s.rootCredentials.auditInterval = "1s");
        MemberAccountRootStateStatus first = awaitStatus(id, phase(AccountPhase.Compliant));
        String audited = first.lastAuditTime;
        awaitStatus(
                id, s -> !audited.equals(s.lastAuditTime)); // the first steady-state audit has run

        long summaries = inSession("iam:GetAccountSummary", id);
        long assumes = sb.calls().count("sts:AssumeRoot");
        long mutating = mutatingIn(id);
        var before = sb.calls().snapshotByAccount();
        long allInAccount =
                before.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@" + id))
                        .mapToLong(e -> e.getValue())
                        .sum();
        // three more audits
        for (int i = 0; i < 3; i++) {
            String last = get(id).getStatus().lastAuditTime;
            awaitStatus(id, s -> !last.equals(s.lastAuditTime));
        }
        long passes = inSession("iam:GetAccountSummary", id) - summaries;
        long otherInAccount =
                sb.calls().snapshotByAccount().entrySet().stream()
                                .filter(e -> e.getKey().endsWith("@" + id))
                                .mapToLong(e -> e.getValue())
                                .sum()
                        - allInAccount
                        - passes;
        assertTrue(passes >= 3, "one GetAccountSummary per audit: " + passes);
        var after = sb.calls().snapshotByAccount();
        String delta =
                after.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("@" + id))
                        .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                        .map(
                                e ->
                                        e.getKey()
                                                + " +"
                                                + (e.getValue()
                                                        - before.getOrDefault(e.getKey(), 0L)))
                        .toList()
                        .toString();
        assertEquals(
                0, otherInAccount, "nothing but GetAccountSummary inside the account: " + delta);
        // the audit session is reused while valid: at most one AssumeRoot per pass, none while it
        // lasts
        assertTrue(
                sb.calls().count("sts:AssumeRoot") - assumes <= passes,
                "AssumeRoot at most once per pass");
        assertEquals(mutating, mutatingIn(id), "no mutating call");
    }
}
