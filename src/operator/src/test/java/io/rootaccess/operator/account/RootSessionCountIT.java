package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxAccounts;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's session budget, counted per account in the sandbox's call log with the real operator:
 * first convergence of fully credentialed accounts to Absent costs one sts:AssumeRoot each (the
 * IAMDeleteRootUserCredentials session lists, deletes and verifies), and a steady-state re-audit
 * costs at most one AssumeRoot and exactly one GetAccountSummary, with no list and no mutating
 * call.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class RootSessionCountIT {
    static final String NS = "session-count";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int ACCOUNTS = 6;
    static final List<String> LISTS =
            List.of(
                    "iam:GetLoginProfile",
                    "iam:GetUser",
                    "iam:ListAccessKeys",
                    "iam:GetAccessKeyLastUsed",
                    "iam:ListSigningCertificates",
                    "iam:ListMFADevices");
    static final List<String> MUTATING =
            List.of(
                    "iam:DeleteLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice",
                    "iam:CreateLoginProfile");

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
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

    @Test
    void firstConvergenceIsOneSessionPerAccountAndAReauditIsOneSummary() {
        Sandbox sb = sandbox();
        SandboxOrganization org = sb.organization();
        List<String> ids = newAccounts(org, "sessions", ACCOUNTS);
        ids.forEach(id -> SandboxAccounts.giveEveryCredential(org.rootUser(id)));
        for (String id : ids) {
            create(id);
        }
        await().atMost(WAIT)
                .until(() -> ids.stream().allMatch(id -> phase(id) == AccountPhase.Compliant));

        Map<String, Long> assumes = sb.calls().assumeRootCountByAccount();
        for (String id : ids) {
            assertEquals(
                    1L,
                    assumes.getOrDefault(id, 0L),
                    "one AssumeRoot on first convergence of " + id);
            assertEquals(
                    0,
                    sb.calls().count("iam:GetAccountSummary", id),
                    "the delete session's lists are the audit (GetAccountSummary is not in its policy)");
            assertEquals(
                    5,
                    mutating(sb, id),
                    "password, 2 keys, certificate, MFA removed once each in " + id);
            assertTrue(
                    sb.calls().count("iam:ListAccessKeys", id) >= 2,
                    "listed, and listed again to verify");
            assertTrue(!org.rootUser(id).hasCredentials(), id);
        }

        // steady state: one re-audit per account, counted between two audits the operator reports.
        // Every account is watched at once (its audits run on their own schedule): each account's
        // window opens when its first routine re-audit is reported and closes at the next one.
        Map<String, String> windowOpenedAt = new ConcurrentHashMap<>();
        Map<String, Long> assumeAtOpen = new ConcurrentHashMap<>();
        Map<String, Map<String, Long>> callsAtOpen = new ConcurrentHashMap<>();
        Map<String, Long> assumeDelta = new ConcurrentHashMap<>();
        Map<String, Map<String, Long>> callsAtClose = new ConcurrentHashMap<>();
        Map<String, String> converged = new ConcurrentHashMap<>();
        ids.forEach(id -> converged.put(id, lastAudit(id)));
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            for (String id : ids) {
                                if (callsAtClose.containsKey(id)) {
                                    continue;
                                }
                                String audit = lastAudit(id);
                                if (!windowOpenedAt.containsKey(id)) {
                                    if (!converged.get(id).equals(audit)) {
                                        // the first routine re-audit ran: count from here
                                        windowOpenedAt.put(id, audit);
                                        assumeAtOpen.put(id, assumeRoots(sb, id));
                                        callsAtOpen.put(id, counts(sb, id));
                                    }
                                } else if (!windowOpenedAt.get(id).equals(audit)) {
                                    callsAtClose.put(id, counts(sb, id));
                                    assumeDelta.put(id, assumeRoots(sb, id) - assumeAtOpen.get(id));
                                }
                            }
                            return callsAtClose.size() == ids.size();
                        });
        for (String id : ids) {
            Map<String, Long> callsBefore = callsAtOpen.get(id);
            Map<String, Long> callsAfter = callsAtClose.get(id);
            assertTrue(
                    assumeDelta.get(id) <= 1,
                    "at most one AssumeRoot per re-audit of " + id + ": " + assumeDelta.get(id));
            assertEquals(
                    1L,
                    callsAfter.get("iam:GetAccountSummary")
                            - callsBefore.get("iam:GetAccountSummary"),
                    "exactly one GetAccountSummary per re-audit of " + id);
            for (String op : LISTS) {
                assertEquals(
                        callsBefore.get(op),
                        callsAfter.get(op),
                        op + " in a steady-state re-audit of " + id);
            }
            for (String op : MUTATING) {
                assertEquals(
                        callsBefore.get(op),
                        callsAfter.get(op),
                        op + " in a steady-state re-audit of " + id);
            }
            assertEquals(AccountPhase.Compliant, phase(id));
        }
    }

    @Test
    void theVerificationListsAgainOnlyTheTypesItDeletedFrom() {
        Sandbox sb = sandbox();
        SandboxOrganization org = sb.organization();
        List<String> ids = newAccounts(org, "verify", 3);
        ids.forEach(id -> org.rootUser(id).setPassword(true)); // a password and nothing else
        ids.forEach(this::create);
        await().atMost(WAIT)
                .until(() -> ids.stream().allMatch(id -> phase(id) == AccountPhase.Compliant));
        for (String id : ids) {
            assertEquals(1L, sb.calls().assumeRootCountByAccount().getOrDefault(id, 0L), id);
            assertEquals(1, sb.calls().count("iam:DeleteLoginProfile", id), id);
            assertTrue(
                    sb.calls().count("iam:GetLoginProfile", id) >= 2,
                    "the login profile is read, deleted, and read again: " + id);
            for (String op :
                    List.of(
                            "iam:ListAccessKeys",
                            "iam:ListSigningCertificates",
                            "iam:ListMFADevices")) {
                assertEquals(
                        1,
                        sb.calls().count(op, id),
                        op + " found nothing and nothing was deleted: listed once, in " + id);
            }
            assertTrue(!org.rootUser(id).hasCredentials(), id);
        }
    }

    /** Accounts in a fresh OU of an organization with central root access on. */
    private List<String> newAccounts(SandboxOrganization org, String prefix, int count) {
        SandboxAccounts.centralizedRootAccessOn(org);
        String suffix = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        String ou = org.createOrganizationalUnit(org.rootId(), suffix);
        Namespaces.ensure(client, NS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(org.createAccount(suffix + "-" + i, ou));
        }
        return ids;
    }

    private void create(String accountId) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder().withName("account-" + accountId).withNamespace(NS).build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = accountId;
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        spec.rootCredentials.auditInterval = "3s";
        m.setSpec(spec);
        client.resource(m).create();
    }

    private MemberAccountRootState get(String accountId) {
        return client.resources(MemberAccountRootState.class)
                .inNamespace(NS)
                .withName("account-" + accountId)
                .get();
    }

    private AccountPhase phase(String accountId) {
        MemberAccountRootState m = get(accountId);
        return m == null || m.getStatus() == null ? null : m.getStatus().phase;
    }

    private String lastAudit(String accountId) {
        MemberAccountRootState m = get(accountId);
        return m == null || m.getStatus() == null || m.getStatus().lastAuditTime == null
                ? ""
                : m.getStatus().lastAuditTime;
    }

    private static long assumeRoots(Sandbox sb, String accountId) {
        return sb.calls().assumeRootCountByAccount().getOrDefault(accountId, 0L);
    }

    private static long mutating(Sandbox sb, String accountId) {
        return MUTATING.stream().mapToLong(op -> sb.calls().count(op, accountId)).sum();
    }

    private static Map<String, Long> counts(Sandbox sb, String accountId) {
        Map<String, Long> out = new HashMap<>();
        out.put("iam:GetAccountSummary", sb.calls().count("iam:GetAccountSummary", accountId));
        LISTS.forEach(op -> out.put(op, sb.calls().count(op, accountId)));
        MUTATING.forEach(op -> out.put(op, sb.calls().count(op, accountId)));
        return out;
    }
}
