package io.rootaccess.operator.account;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;

/**
 * Kubernetes Events for the mutating actions on an account (one per call) and for denials. Best
 * effort: a failed event never fails a pass. Events carry ids only (credential ids and the session's
 * access key id), never a secret.
 */
final class AccountEvents {
    private final KubernetesEvents events;

    AccountEvents(Clock clock) {
        this.events = new KubernetesEvents(clock);
    }

    void action(KubernetesClient client, MemberAccountRootState resource, ActionRecord r) {
        boolean failed = Remediator.FAILED.equals(r.result);
        String reason = failed ? "RootActionFailed" : reason(r.action);
        String message = r.action + " " + r.target + " in account " + resource.getSpec().accountId + ": " + r.result
                + (r.sessionAccessKeyId == null ? "" : " (root session " + r.sessionAccessKeyId + ")")
                + (r.message == null ? "" : ": " + r.message);
        emit(client, resource, failed ? "Warning" : "Normal", reason, message);
    }

    void warning(KubernetesClient client, MemberAccountRootState resource, String reason, String message) {
        emit(client, resource, "Warning", reason, message);
    }

    private static String reason(String action) {
        return switch (action) {
            case RemediationPlan.DELETE_LOGIN_PROFILE -> "RootLoginProfileDeleted";
            case RemediationPlan.DELETE_ACCESS_KEY -> "RootAccessKeyDeleted";
            case RemediationPlan.DELETE_SIGNING_CERTIFICATE -> "RootSigningCertificateDeleted";
            case RemediationPlan.DEACTIVATE_MFA_DEVICE -> "RootMfaDeviceDeactivated";
            case RemediationPlan.CREATE_LOGIN_PROFILE -> "RootLoginProfileCreated";
            default -> "RootAction";
        };
    }

    private void emit(KubernetesClient client, MemberAccountRootState resource, String type, String reason,
            String message) {
        events.emit(client, resource, type, reason, message);
    }
}
