package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The auditor's cost rules and the remediator's bookkeeping, against an in-memory root user that
 * counts calls (the integration tests repeat the important ones against the sandbox).
 */
class AuditAndRemediationTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static final class InMemoryRoot implements RootCredentials {
        boolean password;
        final Set<String> keys = new LinkedHashSet<>();
        final Set<String> certs = new LinkedHashSet<>();
        final Set<String> mfa = new LinkedHashSet<>();
        final Map<String, Integer> calls = new LinkedHashMap<>();
        final Map<String, AwsException> failOn = new LinkedHashMap<>();

        private void call(String op) {
            calls.merge(op, 1, Integer::sum);
            AwsException e = failOn.get(op);
            if (e != null) {
                throw e;
            }
        }

        @Override
        public AccountSummary accountSummary(RootSession s) {
            call("GetAccountSummary");
            return new AccountSummary(password, keys.size(), mfa.size(), certs.size());
        }

        @Override
        public boolean loginProfileExists(RootSession s) {
            call("GetLoginProfile");
            return password;
        }

        @Override
        public Optional<Instant> passwordLastUsed(RootSession s) {
            call("GetUser");
            return Optional.empty();
        }

        @Override
        public List<RootAccessKey> accessKeys(RootSession s) {
            call("ListAccessKeys");
            return keys.stream().map(k -> new RootAccessKey(k, "Active", NOW, null, null)).toList();
        }

        @Override
        public List<String> signingCertificateIds(RootSession s) {
            call("ListSigningCertificates");
            return new ArrayList<>(certs);
        }

        @Override
        public List<String> mfaSerialNumbers(RootSession s) {
            call("ListMFADevices");
            return new ArrayList<>(mfa);
        }

        @Override
        public boolean deleteLoginProfile(RootSession s) {
            call("DeleteLoginProfile");
            boolean was = password;
            password = false;
            return was;
        }

        @Override
        public boolean deleteAccessKey(RootSession s, String id) {
            call("DeleteAccessKey");
            return keys.remove(id);
        }

        @Override
        public boolean deleteSigningCertificate(RootSession s, String id) {
            call("DeleteSigningCertificate");
            return certs.remove(id);
        }

        @Override
        public boolean deactivateMfaDevice(RootSession s, String serial) {
            call("DeactivateMFADevice");
            return mfa.remove(serial);
        }

        @Override
        public boolean createLoginProfile(RootSession s) {
            call("CreateLoginProfile");
            boolean was = password;
            password = true;
            return !was;
        }
    }

    final InMemoryRoot root = new InMemoryRoot();
    final RootSessionRunnerTest.CountingSessions sessions =
            new RootSessionRunnerTest.CountingSessions();
    final RootAuditor auditor = new RootAuditor(root);
    final Remediator remediator = new Remediator(root, Clock.fixed(NOW, ZoneOffset.UTC));

    RootSessionRunner.Lease lease(TaskPolicy p) {
        return new RootSessionRunner(sessions, Reservation.FOREGROUND).lease("111122223333", p);
    }

    @Test
    void cleanAccountCostsOneSummary() {
        var observed =
                auditor.audit(
                        lease(TaskPolicy.AUDIT),
                        RemediationPlannerTest.desired(RootCredentialsState.Absent, null),
                        Optional.empty(),
                        true);
        assertEquals(Map.of("GetAccountSummary", 1), root.calls);
        assertFalse(observed.summary().anyPresent());
    }

    @Test
    void detailsOnlyForPresentTypesAndOnlyWhenDue() {
        root.mfa.add("mfa-1");
        root.password = true;
        var auditOnly = RemediationPlannerTest.desired(RootCredentialsState.Audit, null);
        var first = auditor.audit(lease(TaskPolicy.AUDIT), auditOnly, Optional.empty(), false);
        assertEquals(Map.of("GetAccountSummary", 1, "GetUser", 1, "ListMFADevices", 1), root.calls);
        assertEquals(List.of("mfa-1"), first.mfaSerialNumbers());

        // unchanged counts: the ids from the previous audit stand in, one call
        root.calls.clear();
        var second =
                auditor.audit(
                        lease(TaskPolicy.AUDIT),
                        auditOnly,
                        ObservedRoot.fromStatus(first.toStatus()),
                        false);
        assertEquals(Map.of("GetAccountSummary", 1), root.calls);
        assertEquals(List.of("mfa-1"), second.mfaSerialNumbers());

        // counts changed: details again
        root.calls.clear();
        root.mfa.add("mfa-2");
        auditor.audit(
                lease(TaskPolicy.AUDIT),
                auditOnly,
                ObservedRoot.fromStatus(second.toStatus()),
                false);
        assertEquals(1, root.calls.get("ListMFADevices"));
    }

    @Test
    void declaredPresentTypesAlwaysReadFreshIds() {
        root.keys.add("AKIA1");
        var absent =
                RemediationPlannerTest.desired(
                        RootCredentialsState.Absent, null, CredentialType.AccessKeys);
        var first = auditor.audit(lease(TaskPolicy.AUDIT), absent, Optional.empty(), false);
        root.calls.clear();
        auditor.audit(
                lease(TaskPolicy.AUDIT), absent, ObservedRoot.fromStatus(first.toStatus()), false);
        assertEquals(1, root.calls.get("ListAccessKeys"));
    }

    @Test
    void remediationUsesOneSessionAndRecordsEveryCall() {
        root.password = true;
        root.keys.add("AKIA1");
        root.certs.add("CERT1");
        root.mfa.add("MFA1");
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var observed = auditor.audit(lease(TaskPolicy.AUDIT), desired, Optional.empty(), true);
        var plan = RemediationPlanner.plan(observed, desired, NOW);
        root.keys.remove("AKIA1"); // someone else deleted it meanwhile: already gone = success

        List<ActionRecord> records = new ArrayList<>();
        int before = sessions.opened;
        remediator.apply(
                lease(plan.taskPolicy()), plan, Remediator.MutationCheck.NONE, records::add);
        assertEquals(before + 1, sessions.opened);
        assertEquals(4, records.size());
        assertEquals(
                List.of("Succeeded", "AlreadyGone", "Succeeded", "Succeeded"),
                records.stream().map(r -> r.result).toList());
        assertTrue(records.stream().allMatch(r -> r.sessionAccessKeyId.startsWith("ASIA")));
        assertEquals("2026-11-22T12:00:00Z", records.get(0).time);
        assertTrue(
                RemediationPlanner.plan(
                                auditor.audit(
                                        lease(TaskPolicy.AUDIT), desired, Optional.empty(), true),
                                desired,
                                NOW)
                        .converged());
    }

    @Test
    void aDeniedCallIsRecordedAsFailedAndRethrown() {
        root.password = true;
        root.certs.add("CERT1");
        root.failOn.put(
                "DeleteSigningCertificate",
                new AwsException(
                        AwsErrorKind.ACCESS_DENIED,
                        "iam:DeleteSigningCertificate",
                        "AccessDenied",
                        "denied"));
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var plan =
                RemediationPlanner.plan(
                        auditor.audit(lease(TaskPolicy.AUDIT), desired, Optional.empty(), true),
                        desired,
                        NOW);
        List<ActionRecord> records = new ArrayList<>();
        var e =
                assertThrows(
                        AwsException.class,
                        () ->
                                remediator.apply(
                                        lease(plan.taskPolicy()),
                                        plan,
                                        Remediator.MutationCheck.NONE,
                                        records::add));
        assertEquals(AwsErrorKind.ACCESS_DENIED, e.kind());
        assertEquals(List.of("Succeeded", "Failed"), records.stream().map(r -> r.result).toList());
        assertFalse(root.password);
    }

    @Test
    void aRefusedCallStopsThePlanBeforeItAndNothingAfterIt() {
        root.password = true;
        root.keys.add("AKIA1");
        root.certs.add("CERT1");
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var plan =
                RemediationPlanner.plan(
                        auditor.audit(lease(TaskPolicy.AUDIT), desired, Optional.empty(), true),
                        desired,
                        NOW);
        List<ActionRecord> records = new ArrayList<>();
        var stop =
                remediator.apply(
                        lease(plan.taskPolicy()),
                        plan,
                        next ->
                                RemediationPlan.DELETE_ACCESS_KEY.equals(next.action)
                                        ? Optional.of("the policy switched to DryRun")
                                        : Optional.empty(),
                        records::add);
        assertTrue(stop.isPresent());
        assertEquals(AccountReasons.STOPPED_BEFORE_CHANGE, stop.get().reason());
        assertEquals(List.of("Succeeded", "NotDone"), records.stream().map(r -> r.result).toList());
        assertFalse(root.password);
        assertEquals(Set.of("AKIA1"), root.keys, "refused: kept");
        assertEquals(Set.of("CERT1"), root.certs, "after the refusal: not reached");
    }

    @Test
    void anMfaDeviceStaysWhenThePasswordIsThereRightBeforeItsDeactivation() {
        root.password = true;
        root.mfa.add("MFA1");
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var plan =
                RemediationPlanner.plan(
                        auditor.audit(lease(TaskPolicy.AUDIT), desired, Optional.empty(), true),
                        desired,
                        NOW);
        List<ActionRecord> records = new ArrayList<>();
        var stop =
                remediator.apply(
                        lease(plan.taskPolicy()),
                        plan,
                        next -> {
                            if (RemediationPlan.DEACTIVATE_MFA_DEVICE.equals(next.action)) {
                                root.password = true; // someone set a password meanwhile
                            }
                            return Optional.empty();
                        },
                        records::add);
        assertEquals(AccountReasons.MFA_KEPT_WITH_PASSWORD, stop.orElseThrow().reason());
        assertEquals(Set.of("MFA1"), root.mfa);
        assertEquals(List.of("Succeeded", "NotDone"), records.stream().map(r -> r.result).toList());
    }
}
