package io.rootaccess.operator.account;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.RootAccessKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure planning: observed root credentials + desired state -> the exact calls to make. No I/O, so
 * DryRun shows precisely what Enforce would do.
 */
public final class RemediationPlanner {

    private RemediationPlanner() {}

    public static RemediationPlan plan(
            ObservedRoot observed, DesiredRootState desired, Instant now) {
        List<PlannedAction> actions = new ArrayList<>();
        List<RemediationPlan.ProtectedKey> kept = new ArrayList<>();
        switch (desired.state()) {
            case Audit -> {
                // observe and report only
            }
            case RecoveryAllowed -> {
                if (!observed.summary().passwordPresent()) {
                    actions.add(
                            new PlannedAction(
                                    RemediationPlan.CREATE_LOGIN_PROFILE,
                                    RemediationPlan.LOGIN_PROFILE));
                }
            }
            case Absent -> {
                if (desired.removes(CredentialType.Password)
                        && observed.summary().passwordPresent()) {
                    actions.add(
                            new PlannedAction(
                                    RemediationPlan.DELETE_LOGIN_PROFILE,
                                    RemediationPlan.LOGIN_PROFILE));
                }
                if (desired.removes(CredentialType.AccessKeys)) {
                    Instant protectAfter =
                            desired.protectKeysUsedWithin() == null
                                    ? null
                                    : now.minus(desired.protectKeysUsedWithin());
                    // fail closed: a key whose last use could not be read is kept, never deleted
                    boolean lastUseUnknown =
                            observed.unknown().contains(ObservedRoot.ACCESS_KEY_LAST_USE);
                    for (RootAccessKey key : observed.accessKeys()) {
                        if (lastUseUnknown) {
                            kept.add(new RemediationPlan.ProtectedKey(key.accessKeyId(), null));
                        } else if (protectAfter != null
                                && key.lastUsedDate() != null
                                && key.lastUsedDate().isAfter(protectAfter)) {
                            kept.add(
                                    new RemediationPlan.ProtectedKey(
                                            key.accessKeyId(), key.lastUsedDate()));
                        } else {
                            actions.add(
                                    new PlannedAction(
                                            RemediationPlan.DELETE_ACCESS_KEY, key.accessKeyId()));
                        }
                    }
                }
                if (desired.removes(CredentialType.SigningCertificates)) {
                    observed.signingCertificateIds()
                            .forEach(
                                    id ->
                                            actions.add(
                                                    new PlannedAction(
                                                            RemediationPlan
                                                                    .DELETE_SIGNING_CERTIFICATE,
                                                            id)));
                }
                // never a password without MFA: devices go only when no password stays behind
                boolean passwordStays =
                        observed.unknown().contains(ObservedRoot.PASSWORD)
                                || (observed.summary().passwordPresent()
                                        && !desired.removes(CredentialType.Password));
                if (desired.removes(CredentialType.MfaDevices)
                        && (!passwordStays || desired.mfaRemovalWithPassword())) {
                    observed.mfaSerialNumbers()
                            .forEach(
                                    serial ->
                                            actions.add(
                                                    new PlannedAction(
                                                            RemediationPlan.DEACTIVATE_MFA_DEVICE,
                                                            serial)));
                }
            }
        }
        return new RemediationPlan(actions, kept, desired.mfaRemovalWithPassword());
    }

    /**
     * Whether the summary alone shows work that needs ids (so the audit must read details). A
     * declared credential type being present is the only case: password creation and deletion need
     * no id.
     */
    public static boolean needsDetails(ObservedRoot summaryView, DesiredRootState desired) {
        var s = summaryView.summary();
        return switch (desired.state()) {
            case Audit, RecoveryAllowed -> false;
            case Absent ->
                    (desired.removes(CredentialType.AccessKeys) && s.accessKeys() > 0)
                            || (desired.removes(CredentialType.SigningCertificates)
                                    && s.signingCertificates() > 0)
                            || (desired.removes(CredentialType.MfaDevices) && s.mfaDevices() > 0);
        };
    }
}
