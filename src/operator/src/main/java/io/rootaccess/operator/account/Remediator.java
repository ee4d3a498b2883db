package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Executes a plan in one root session (IAMDeleteRootUserCredentials, or IAMCreateRootUserPassword
 * for RecoveryAllowed). "Already gone" counts as success. Every call is handed to the sink as an
 * {@link ActionRecord} with the session's access key id, as it happens, so a failure half-way still
 * leaves a truthful record; the failure itself is rethrown for the reconciler to map to status.
 */
final class Remediator {
    static final String SUCCEEDED = "Succeeded";
    static final String ALREADY_GONE = "AlreadyGone";
    static final String ALREADY_PRESENT = "AlreadyPresent";
    static final String FAILED = "Failed";
    static final String NOT_DONE = "NotDone";

    /**
     * Asked immediately before each mutating call, after the read that confirms its target: why the
     * call must not be made now (a break-glass hold that began, a spec or policy that changed while
     * the pass ran), or empty.
     */
    @FunctionalInterface
    interface MutationCheck {
        Optional<String> refusal(PlannedAction next);

        MutationCheck NONE = next -> Optional.empty();
    }

    /**
     * Why a plan stopped before one of its calls; the calls before it were made, none after.
     *
     * @param reason an {@link AccountReasons} constant
     */
    record Stop(PlannedAction action, String reason, String message) {}

    private final RootCredentials credentials;
    private final Clock clock;

    Remediator(RootCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * Executes the plan in order; empty when every call was made (or found already done), else
     * where and why it stopped. A failed call is recorded and rethrown.
     */
    Optional<Stop> apply(
            RootSessionRunner.Lease session,
            RemediationPlan plan,
            MutationCheck check,
            Consumer<ActionRecord> sink) {
        // read before every destructive call, in the same session: a plan made from an earlier
        // audit (before a restart, or while someone else removed a credential) is never executed
        // blindly
        Map<String, Set<String>> present = new HashMap<>();
        for (PlannedAction action : plan.actions()) {
            String result;
            try {
                if (isDelete(action) && !session.call(s -> stillThere(s, action, present))) {
                    sink.accept(
                            record(
                                    action,
                                    ALREADY_GONE,
                                    session.accessKeyId(),
                                    "gone when read again right before the delete: not deleted again"));
                    continue;
                }
                Optional<Stop> stop = stopBefore(session, plan, check, action);
                if (stop.isPresent()) {
                    sink.accept(
                            record(action, NOT_DONE, session.accessKeyId(), stop.get().message()));
                    return stop;
                }
                boolean changed = session.call(s -> execute(s, action));
                result = changed ? SUCCEEDED : alreadyDone(action);
            } catch (AwsException e) {
                if (e.kind() == AwsErrorKind.NOT_FOUND
                        && !RemediationPlan.CREATE_LOGIN_PROFILE.equals(action.action)) {
                    result = ALREADY_GONE;
                } else if (e.kind() == AwsErrorKind.ALREADY_EXISTS) {
                    result = ALREADY_PRESENT;
                } else {
                    sink.accept(
                            record(
                                    action,
                                    FAILED,
                                    session.accessKeyId(),
                                    e.kind() + ": " + e.getMessage()));
                    throw e;
                }
            }
            sink.accept(record(action, result, session.accessKeyId(), null));
        }
        return Optional.empty();
    }

    /**
     * The last word before a mutating call: the pass's own check (hold, generation fence), then,
     * for an MFA device, the password: a root user never keeps a password without MFA, so the
     * device is deactivated only while the login profile is absent, read in this session just now
     * (unless the spec explicitly accepts it).
     */
    private Optional<Stop> stopBefore(
            RootSessionRunner.Lease session,
            RemediationPlan plan,
            MutationCheck check,
            PlannedAction action) {
        Optional<String> refused = check.refusal(action);
        if (refused.isPresent()) {
            return Optional.of(
                    new Stop(action, AccountReasons.STOPPED_BEFORE_CHANGE, refused.get()));
        }
        if (RemediationPlan.DEACTIVATE_MFA_DEVICE.equals(action.action)
                && !plan.mfaRemovalWithPassword()
                && session.call(credentials::loginProfileExists)) {
            return Optional.of(
                    new Stop(
                            action,
                            AccountReasons.MFA_KEPT_WITH_PASSWORD,
                            "the root user has a password (login profile) when read right before"
                                    + " the MFA deactivation: its MFA devices stay active, a"
                                    + " password without MFA is worse than both"));
        }
        return Optional.empty();
    }

    private static boolean isDelete(PlannedAction action) {
        return !RemediationPlan.CREATE_LOGIN_PROFILE.equals(action.action);
    }

    /**
     * One read per credential type and plan, in the session that deletes; the login profile read
     * each time.
     */
    private boolean stillThere(
            RootSession s, PlannedAction action, Map<String, Set<String>> present) {
        return switch (action.action) {
            case RemediationPlan.DELETE_LOGIN_PROFILE -> credentials.loginProfileExists(s);
            case RemediationPlan.DELETE_ACCESS_KEY ->
                    present.computeIfAbsent(
                                    action.action, k -> Set.copyOf(credentials.accessKeyIds(s)))
                            .contains(action.target);
            case RemediationPlan.DELETE_SIGNING_CERTIFICATE ->
                    present.computeIfAbsent(
                                    action.action,
                                    k -> Set.copyOf(credentials.signingCertificateIds(s)))
                            .contains(action.target);
            case RemediationPlan.DEACTIVATE_MFA_DEVICE ->
                    present.computeIfAbsent(
                                    action.action, k -> Set.copyOf(credentials.mfaSerialNumbers(s)))
                            .contains(action.target);
            default -> true;
        };
    }

    private boolean execute(RootSession s, PlannedAction action) {
        return switch (action.action) {
            case RemediationPlan.DELETE_LOGIN_PROFILE -> credentials.deleteLoginProfile(s);
            case RemediationPlan.DELETE_ACCESS_KEY -> credentials.deleteAccessKey(s, action.target);
            case RemediationPlan.DELETE_SIGNING_CERTIFICATE ->
                    credentials.deleteSigningCertificate(s, action.target);
            case RemediationPlan.DEACTIVATE_MFA_DEVICE ->
                    credentials.deactivateMfaDevice(s, action.target);
            case RemediationPlan.CREATE_LOGIN_PROFILE -> credentials.createLoginProfile(s);
            default ->
                    throw new IllegalArgumentException("unknown planned action " + action.action);
        };
    }

    private static String alreadyDone(PlannedAction action) {
        return RemediationPlan.CREATE_LOGIN_PROFILE.equals(action.action)
                ? ALREADY_PRESENT
                : ALREADY_GONE;
    }

    private ActionRecord record(
            PlannedAction action, String result, String sessionKeyId, String message) {
        var r = new ActionRecord();
        r.action = action.action;
        r.target = action.target;
        r.time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        r.result = result;
        r.sessionAccessKeyId = sessionKeyId;
        r.message = message;
        return r;
    }
}
