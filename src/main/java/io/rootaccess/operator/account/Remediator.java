package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
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

    private final RootCredentials credentials;
    private final Clock clock;

    Remediator(RootCredentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    void apply(RootSessionRunner.Lease session, RemediationPlan plan, Consumer<ActionRecord> sink) {
        for (PlannedAction action : plan.actions()) {
            String result;
            try {
                boolean changed = session.call(s -> execute(s, action));
                result = changed ? SUCCEEDED : alreadyDone(action);
            } catch (AwsException e) {
                if (e.kind() == AwsErrorKind.NOT_FOUND && !RemediationPlan.CREATE_LOGIN_PROFILE.equals(action.action)) {
                    result = ALREADY_GONE;
                } else if (e.kind() == AwsErrorKind.ALREADY_EXISTS) {
                    result = ALREADY_PRESENT;
                } else {
                    sink.accept(record(action, FAILED, session.accessKeyId(), e.kind() + ": " + e.getMessage()));
                    throw e;
                }
            }
            sink.accept(record(action, result, session.accessKeyId(), null));
        }
    }

    private boolean execute(RootSession s, PlannedAction action) {
        return switch (action.action) {
            case RemediationPlan.DELETE_LOGIN_PROFILE -> credentials.deleteLoginProfile(s);
            case RemediationPlan.DELETE_ACCESS_KEY -> credentials.deleteAccessKey(s, action.target);
            case RemediationPlan.DELETE_SIGNING_CERTIFICATE -> credentials.deleteSigningCertificate(s, action.target);
            case RemediationPlan.DEACTIVATE_MFA_DEVICE -> credentials.deactivateMfaDevice(s, action.target);
            case RemediationPlan.CREATE_LOGIN_PROFILE -> credentials.createLoginProfile(s);
            default -> throw new IllegalArgumentException("unknown planned action " + action.action);
        };
    }

    private static String alreadyDone(PlannedAction action) {
        return RemediationPlan.CREATE_LOGIN_PROFILE.equals(action.action) ? ALREADY_PRESENT : ALREADY_GONE;
    }

    private ActionRecord record(PlannedAction action, String result, String sessionKeyId, String message) {
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
