package io.rootaccess.operator.account;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;

/**
 * Kubernetes Events for the mutating actions on an account (one per call) and for denials. Best
 * effort: a failed event never fails a pass. Events carry ids only (credential ids and the
 * session's access key id), never a secret.
 */
final class AccountEvents {
    private final KubernetesEvents events;

    AccountEvents(Clock clock) {
        this.events = new KubernetesEvents(clock);
    }

    void action(KubernetesClient client, MemberAccountRootState resource, ActionRecord r) {
        boolean failed = Remediator.FAILED.equals(r.result);
        String reason = failed ? AccountReasons.EVENT_ACTION_FAILED : reason(r.action);
        String message =
                r.action
                        + " "
                        + r.target
                        + " in account "
                        + resource.getSpec().accountId
                        + ": "
                        + r.result
                        + (r.sessionAccessKeyId == null
                                ? ""
                                : " (root session " + r.sessionAccessKeyId + ")")
                        + (r.message == null ? "" : ": " + r.message);
        emit(
                client,
                resource,
                failed ? KubernetesEvents.WARNING : KubernetesEvents.NORMAL,
                reason,
                message);
    }

    void blocked(KubernetesClient client, MemberAccountRootState resource, PolicyDenial denial) {
        blocked(client, resource, denial.message());
    }

    /** Blocked, with the message naming every denied action (see {@link DeniedCalls}). */
    void blocked(KubernetesClient client, MemberAccountRootState resource, String message) {
        emit(
                client,
                resource,
                KubernetesEvents.WARNING,
                AccountReasons.EVENT_BLOCKED_BY_POLICY,
                message);
    }

    /** Owners warned first: the notice started, and when the removal will happen. */
    void removalScheduled(
            KubernetesClient client,
            MemberAccountRootState resource,
            String calls,
            java.time.Instant scheduledAt,
            String notice) {
        emit(
                client,
                resource,
                KubernetesEvents.WARNING,
                AccountReasons.EVENT_REMOVAL_SCHEDULED,
                "root credentials in account "
                        + resource.getSpec().accountId
                        + " will be removed at "
                        + scheduledAt
                        + " (notice "
                        + notice
                        + "): "
                        + calls
                        + "; to cancel: "
                        + RemovalNotice.HOW_TO_CANCEL
                        + ", or exclude the account from the policy");
    }

    void removalCancelled(
            KubernetesClient client,
            MemberAccountRootState resource,
            io.rootaccess.operator.notice.RemovalCancel cancel) {
        emit(
                client,
                resource,
                KubernetesEvents.NORMAL,
                AccountReasons.EVENT_REMOVAL_CANCELLED,
                "scheduled removal in account "
                        + resource.getSpec().accountId
                        + " cancelled by "
                        + cancel.source()
                        + "; lifting the cancel starts a new notice"
                        + (cancel.problem() == null ? "" : " (" + cancel.problem() + ")"));
    }

    void holdProlonged(
            KubernetesClient client, MemberAccountRootState resource, java.time.Instant since) {
        emit(
                client,
                resource,
                KubernetesEvents.WARNING,
                AccountReasons.EVENT_HOLD_PROLONGED,
                "account "
                        + resource.getSpec().accountId
                        + " has been held by break-glass tasks without a break since "
                        + since
                        + ": its root credentials are not remediated while new recovery tasks"
                        + " keep coming");
    }

    private static String reason(String action) {
        return switch (action) {
            case RemediationPlan.DELETE_LOGIN_PROFILE -> AccountReasons.EVENT_LOGIN_PROFILE_DELETED;
            case RemediationPlan.DELETE_ACCESS_KEY -> AccountReasons.EVENT_ACCESS_KEY_DELETED;
            case RemediationPlan.DELETE_SIGNING_CERTIFICATE ->
                    AccountReasons.EVENT_SIGNING_CERTIFICATE_DELETED;
            case RemediationPlan.DEACTIVATE_MFA_DEVICE ->
                    AccountReasons.EVENT_MFA_DEVICE_DEACTIVATED;
            case RemediationPlan.CREATE_LOGIN_PROFILE -> AccountReasons.EVENT_LOGIN_PROFILE_CREATED;
            default -> AccountReasons.EVENT_ACTION;
        };
    }

    private void emit(
            KubernetesClient client,
            MemberAccountRootState resource,
            String type,
            String reason,
            String message) {
        events.emit(client, resource, type, reason, message);
    }
}
