package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationPlannerTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static DesiredRootState desired(
            RootCredentialsState state, String protect, CredentialType... types) {
        var spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = "111122223333";
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = state;
        spec.rootCredentials.credentialTypes = List.of(types);
        spec.rootCredentials.protectKeysUsedWithin = protect;
        spec.mode = Mode.Enforce;
        var v = DesiredRootState.validate(spec, Duration.ofHours(1));
        assertTrue(v.valid(), v.problem());
        return v.desired();
    }

    /** Password, two keys (one used 2 days ago, one never), a certificate and an MFA device. */
    static ObservedRoot fullyCredentialed() {
        return new ObservedRoot(
                new AccountSummary(true, 2, 1, 1),
                NOW.minus(Duration.ofDays(100)),
                List.of(
                        new RootAccessKey(
                                "AKIARECENT0000000001",
                                "Active",
                                NOW.minus(Duration.ofDays(400)),
                                NOW.minus(Duration.ofDays(2)),
                                "s3"),
                        new RootAccessKey(
                                "AKIANEVERUSED0000002",
                                "Inactive",
                                NOW.minus(Duration.ofDays(400)),
                                null,
                                null)),
                List.of("CERT1"),
                List.of("arn:aws:iam::111122223333:mfa/root-account-mfa-device"),
                true);
    }

    static List<String> calls(RemediationPlan plan) {
        return plan.actions().stream().map(a -> a.action + " " + a.target).toList();
    }

    @Test
    void absentWithoutTypesRemovesEverythingInOneDeleteSession() {
        var plan =
                RemediationPlanner.plan(
                        fullyCredentialed(), desired(RootCredentialsState.Absent, null), NOW);
        assertEquals(
                List.of(
                        "iam:DeleteLoginProfile root-login-profile",
                        "iam:DeleteAccessKey AKIARECENT0000000001",
                        "iam:DeleteAccessKey AKIANEVERUSED0000002",
                        "iam:DeleteSigningCertificate CERT1",
                        "iam:DeactivateMFADevice arn:aws:iam::111122223333:mfa/root-account-mfa-device"),
                calls(plan));
        assertEquals(TaskPolicy.DELETE, plan.taskPolicy());
        assertTrue(plan.protectedKeys().isEmpty());
    }

    @Test
    void onlyDeclaredTypesArePlanned() {
        var plan =
                RemediationPlanner.plan(
                        fullyCredentialed(),
                        desired(
                                RootCredentialsState.Absent,
                                null,
                                CredentialType.Password,
                                CredentialType.MfaDevices),
                        NOW);
        assertEquals(
                List.of(
                        "iam:DeleteLoginProfile root-login-profile",
                        "iam:DeactivateMFADevice arn:aws:iam::111122223333:mfa/root-account-mfa-device"),
                calls(plan));
    }

    @Test
    void recentlyUsedKeysAreProtectedAndOthersDeleted() {
        var plan =
                RemediationPlanner.plan(
                        fullyCredentialed(),
                        desired(RootCredentialsState.Absent, "30d", CredentialType.AccessKeys),
                        NOW);
        assertEquals(List.of("iam:DeleteAccessKey AKIANEVERUSED0000002"), calls(plan));
        assertEquals(1, plan.protectedKeys().size());
        assertEquals("AKIARECENT0000000001", plan.protectedKeys().get(0).accessKeyId());
        assertEquals(NOW.minus(Duration.ofDays(2)), plan.protectedKeys().get(0).lastUsed());
        assertFalse(plan.converged());

        // the same key is deleted once its last use is older than the window
        var shortWindow =
                RemediationPlanner.plan(
                        fullyCredentialed(),
                        desired(RootCredentialsState.Absent, "1d", CredentialType.AccessKeys),
                        NOW);
        assertEquals(2, shortWindow.actions().size());
        assertTrue(shortWindow.protectedKeys().isEmpty());
    }

    /** Fail closed: keys whose last use AWS denied reading are kept, whatever the window. */
    @Test
    void keysWhoseLastUseIsUnknownAreKeptAndThePasswordStillGoes() {
        ObservedRoot full = fullyCredentialed();
        ObservedRoot lastUseDenied =
                new ObservedRoot(
                        full.summary(),
                        null,
                        List.of(new RootAccessKey("AKIAUNKNOWN000000001", null, null, null, null)),
                        List.of(),
                        List.of(),
                        true,
                        java.util.Set.of(
                                ObservedRoot.ACCESS_KEY_LAST_USE,
                                ObservedRoot.SIGNING_CERTIFICATES,
                                ObservedRoot.MFA_DEVICES));
        var plan =
                RemediationPlanner.plan(
                        lastUseDenied, desired(RootCredentialsState.Absent, null), NOW);
        assertEquals(List.of("iam:DeleteLoginProfile root-login-profile"), calls(plan));
        assertEquals(1, plan.protectedKeys().size());
        assertEquals("AKIAUNKNOWN000000001", plan.protectedKeys().get(0).accessKeyId());
        assertFalse(plan.converged());
        // unknown counts are left out of status, never reported as zero
        var status = lastUseDenied.toStatus();
        assertEquals(null, status.signingCertificatesPresent);
        assertEquals(null, status.mfaDevicesPresent);
        assertEquals(2, status.accessKeysPresent);
    }

    @Test
    void recoveryAllowedCreatesALoginProfileOnlyWhenMissing() {
        var none = ObservedRoot.summaryOnly(new AccountSummary(false, 1, 0, 0));
        var plan =
                RemediationPlanner.plan(
                        none, desired(RootCredentialsState.RecoveryAllowed, null), NOW);
        assertEquals(List.of("iam:CreateLoginProfile root-login-profile"), calls(plan));
        assertEquals(TaskPolicy.CREATE_PASSWORD, plan.taskPolicy());

        var present = ObservedRoot.summaryOnly(new AccountSummary(true, 1, 0, 0));
        assertTrue(
                RemediationPlanner.plan(
                                present, desired(RootCredentialsState.RecoveryAllowed, null), NOW)
                        .converged());
    }

    @Test
    void auditNeverPlansAnything() {
        assertTrue(
                RemediationPlanner.plan(
                                fullyCredentialed(), desired(RootCredentialsState.Audit, null), NOW)
                        .converged());
    }

    @Test
    void cleanAccountIsConverged() {
        var clean = ObservedRoot.summaryOnly(new AccountSummary(false, 0, 0, 0));
        assertTrue(
                RemediationPlanner.plan(clean, desired(RootCredentialsState.Absent, "30d"), NOW)
                        .converged());
    }

    @Test
    void detailsAreNeededOnlyWhenADeclaredTypeWithIdsIsPresent() {
        var passwordOnly = ObservedRoot.summaryOnly(new AccountSummary(true, 0, 0, 0));
        var mfaOnly = ObservedRoot.summaryOnly(new AccountSummary(false, 0, 1, 0));
        assertFalse(
                RemediationPlanner.needsDetails(
                        passwordOnly, desired(RootCredentialsState.Absent, null)));
        assertTrue(
                RemediationPlanner.needsDetails(
                        mfaOnly, desired(RootCredentialsState.Absent, null)));
        assertFalse(
                RemediationPlanner.needsDetails(
                        mfaOnly,
                        desired(RootCredentialsState.Absent, null, CredentialType.Password)));
        assertFalse(
                RemediationPlanner.needsDetails(
                        mfaOnly, desired(RootCredentialsState.Audit, null)));
    }

    @Test
    void plannedActionsAreTheExactCallsWithTargets() {
        PlannedAction a =
                RemediationPlanner.plan(
                                fullyCredentialed(),
                                desired(
                                        RootCredentialsState.Absent,
                                        null,
                                        CredentialType.SigningCertificates),
                                NOW)
                        .actions()
                        .get(0);
        assertEquals("iam:DeleteSigningCertificate", a.action);
        assertEquals("CERT1", a.target);
    }

    @Test
    void mfaDevicesAreNotPlannedWhileAPasswordStays() {
        // a desired state that skipped validation (as built by hand): the planner still refuses
        var mfaOnly =
                new DesiredRootState(
                        "111122223333",
                        RootCredentialsState.Absent,
                        java.util.EnumSet.of(CredentialType.MfaDevices),
                        null,
                        Duration.ofHours(1),
                        Mode.Enforce,
                        false);
        assertTrue(RemediationPlanner.plan(fullyCredentialed(), mfaOnly, NOW).actions().isEmpty());

        var both =
                desired(
                        RootCredentialsState.Absent,
                        null,
                        CredentialType.Password,
                        CredentialType.MfaDevices);
        var plan = RemediationPlanner.plan(fullyCredentialed(), both, NOW);
        assertEquals(
                List.of(
                        RemediationPlan.DELETE_LOGIN_PROFILE,
                        RemediationPlan.DEACTIVATE_MFA_DEVICE),
                plan.actions().stream().map(a -> a.action).toList(),
                "the password first, then the device");
        assertFalse(plan.mfaRemovalWithPassword());
    }
}
