package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.SandboxTimeProfile;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owners warned first (spec.notice), end to end: the real operator on the mock API server, the real
 * SDK clients against the sandbox over HTTP, and one clock for both (the sandbox's), so a 7-day
 * notice is proved by moving the clock, not by waiting. Own profile: moving the clock would expire
 * every other test's sessions.
 */
@QuarkusTest
@TestProfile(SandboxTimeProfile.class)
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class RemovalNoticeIT {
    static final String NS = "notice-test";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final List<String> MUTATING =
            List.of(
                    "iam:DeleteLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice",
                    "iam:CreateLoginProfile");
    static String ou;

    /**
     * The member accounts the tests use, created before the first test: the operator acts on an
     * account once its organization snapshot has it (re-read every 2 s in tests), so an account
     * created in a test would make that test wait for the next read.
     */
    static final java.util.Deque<String> ACCOUNTS =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    @Inject KubernetesClient client;

    Sandbox sb;
    SandboxOrganization org;

    @BeforeAll
    static void centralizedRootAccessOn() {
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        ou = org.createOrganizationalUnit(org.rootId(), "notice-" + SUFFIX);
        for (int i = 0; i < 4; i++) { // one per test
            ACCOUNTS.add(org.createAccount("notice-" + i + "-" + SUFFIX, ou));
        }
    }

    /** A member account no other test has used (one made before the tests, if any is left). */
    String freshAccount(String name) {
        String id = ACCOUNTS.poll();
        return id != null ? id : org.createAccount(name + "-" + SUFFIX, ou);
    }

    @BeforeEach
    void namespace() {
        sb = sandbox();
        org = sb.organization();
        Namespaces.ensure(client, NS);
    }

    String credentialedAccount(String name) {
        String id = freshAccount(name);
        SandboxRootUser root = org.rootUser(id);
        root.setPassword(true);
        root.addAccessKey(Instant.now().minus(Duration.ofDays(200)));
        root.addMfaDevice();
        return id;
    }

    void create(String accountId, Consumer<MemberAccountRootStateSpec> shape) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder().withName("account-" + accountId).withNamespace(NS).build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = accountId;
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        spec.rootCredentials.auditInterval = "1s"; // passes keep coming while the clock moves
        spec.notice = "7d";
        shape.accept(spec);
        m.setSpec(spec);
        client.resource(m).create();
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

    /**
     * Two more audits reported after now (each pass re-audits every second): the account's
     * lastAuditTime is seen to change twice.
     */
    void twoMoreAudits(String accountId) {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String now = lastAudit(accountId);
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            String audit = lastAudit(accountId);
                            if (audit != null && !audit.equals(now)) {
                                seen.add(audit);
                            }
                            return seen.size() >= 2;
                        });
    }

    String lastAudit(String accountId) {
        MemberAccountRootState m = get(accountId);
        return m == null || m.getStatus() == null ? null : m.getStatus().lastAuditTime;
    }

    long mutatingIn(String accountId) {
        return MUTATING.stream().mapToLong(op -> sb.calls().count(op, accountId)).sum();
    }

    String eventsFor(String accountId) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> ("account-" + accountId).equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason() + ": " + e.getMessage())
                .reduce("", (a, b) -> a + "\n" + b);
    }

    String annotation(String accountId, String key) {
        Map<String, String> a = get(accountId).getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    /** The notice start the operator recorded for the account (its own ConfigMap). */
    String recordedStart(String accountId) {
        var cm =
                client.configMaps()
                        .inNamespace(io.rootaccess.operator.config.OperatorNamespace.of(client))
                        .withName(io.rootaccess.operator.notice.RemovalRecords.NOTICES)
                        .get();
        return cm == null || cm.getData() == null ? null : cm.getData().get(accountId);
    }

    static void assertAbout(Instant expected, String actual) {
        assertNotNull(actual, "scheduledAt");
        long off = Math.abs(Duration.between(expected, Instant.parse(actual)).toSeconds());
        assertTrue(off < 60, "scheduledAt " + actual + " vs expected " + expected);
    }

    @Test
    void noticeSchedulesAndNothingIsRemovedUntilTheClockPassesIt() {
        String id = credentialedAccount("scheduled");
        Instant created = sb.clock().instant();
        create(id, s -> {});

        MemberAccountRootStateStatus st = awaitStatus(id, s -> s.phase == AccountPhase.Scheduled);
        assertAbout(created.plus(Duration.ofDays(7)), st.scheduledAt);
        assertEquals(
                AccountReasons.REMOVAL_SCHEDULED,
                Conditions.find(st.conditions, ConditionTypes.RECONCILING)
                        .map(c -> c.getReason())
                        .orElse(null));
        assertNotNull(st.plan, "the plan shows what will be removed");
        assertNotNull(recordedStart(id));
        assertTrue(eventsFor(id).contains("RemovalScheduled"), eventsFor(id));
        // audited in the audit session, never the delete session
        assertTrue(sb.calls().count("iam:GetAccountSummary", id) >= 1);

        twoMoreAudits(id);
        st = get(id).getStatus();
        assertEquals(AccountPhase.Scheduled, st.phase);
        assertAbout(created.plus(Duration.ofDays(7)), st.scheduledAt); // not pushed back
        assertEquals(0, mutatingIn(id), "nothing removed during the notice");
        assertTrue(org.rootUser(id).hasPassword());

        // editing status cannot shorten the notice: the start lives in the operator's ConfigMap
        client.resources(MemberAccountRootState.class)
                .inNamespace(NS)
                .withName("account-" + id)
                .editStatus(
                        m -> {
                            m.getStatus().scheduledAt =
                                    created.minus(Duration.ofDays(1)).toString();
                            return m;
                        });
        twoMoreAudits(id);
        assertEquals(0, mutatingIn(id), "a status edit did not bring the removal forward");
        assertAbout(created.plus(Duration.ofDays(7)), get(id).getStatus().scheduledAt);

        sb.advanceClock(Duration.ofDays(6));
        twoMoreAudits(id);
        assertEquals(0, mutatingIn(id), "6 of 7 days: still waiting");

        sb.advanceClock(Duration.ofDays(1).plusMinutes(1));
        st = awaitStatus(id, s -> s.phase == AccountPhase.Compliant);
        assertNull(st.scheduledAt);
        assertFalse(org.rootUser(id).hasPassword());
        assertTrue(org.rootUser(id).accessKeyIds().isEmpty());
        assertTrue(org.rootUser(id).activeMfaSerials().isEmpty());
        assertTrue(mutatingIn(id) >= 3);
    }

    @Test
    void theHoldAnnotationCancelsAndNothingIsRemoved() {
        String id = credentialedAccount("cancel");
        create(id, s -> {});
        awaitStatus(id, s -> s.phase == AccountPhase.Scheduled);

        client.resources(MemberAccountRootState.class)
                .inNamespace(NS)
                .withName("account-" + id)
                .edit(
                        m -> {
                            var a = new java.util.HashMap<String, String>();
                            if (m.getMetadata().getAnnotations() != null) {
                                a.putAll(m.getMetadata().getAnnotations());
                            }
                            a.put(RemovalNotice.HOLD_ANNOTATION, "true");
                            m.getMetadata().setAnnotations(a);
                            return m;
                        });
        MemberAccountRootStateStatus st =
                awaitStatus(
                        id,
                        s ->
                                s.phase == AccountPhase.NonCompliant
                                        && AccountReasons.REMOVAL_CANCELLED.equals(
                                                Conditions.find(s.conditions, ConditionTypes.READY)
                                                        .map(c -> c.getReason())
                                                        .orElse(null)));
        assertNull(st.scheduledAt);
        assertNull(recordedStart(id), "the start is forgotten");
        assertTrue(eventsFor(id).contains("RemovalCancelled"), eventsFor(id));

        sb.advanceClock(Duration.ofDays(8));
        twoMoreAudits(id);
        assertEquals(0, mutatingIn(id), "cancelled: nothing removed after the notice");
        assertTrue(org.rootUser(id).hasPassword());
        assertEquals(AccountPhase.NonCompliant, get(id).getStatus().phase);
    }

    @Test
    void dryRunShowsTheScheduleAndChangesNothing() {
        String id = credentialedAccount("dryrun");
        create(id, s -> s.mode = Mode.DryRun);
        MemberAccountRootStateStatus st =
                awaitStatus(id, s -> s.phase == AccountPhase.NonCompliant && s.scheduledAt != null);
        assertAbout(sb.clock().instant().plus(Duration.ofDays(7)), st.scheduledAt);
        assertNull(recordedStart(id), "DryRun records no start: owners were not notified");
        assertFalse(eventsFor(id).contains("RemovalScheduled"), eventsFor(id));

        sb.advanceClock(Duration.ofDays(8));
        twoMoreAudits(id);
        assertEquals(0, mutatingIn(id));
        assertTrue(org.rootUser(id).hasPassword());
    }

    @Test
    void anAccountAlreadyCompliantGetsNoSchedule() {
        String id = freshAccount("clean");
        org.rootUser(id).setPassword(false);
        create(id, s -> {});
        MemberAccountRootStateStatus st = awaitStatus(id, s -> s.phase == AccountPhase.Compliant);
        assertNull(st.scheduledAt);
        assertNull(recordedStart(id));
        assertFalse(eventsFor(id).contains("RemovalScheduled"));
    }
}
