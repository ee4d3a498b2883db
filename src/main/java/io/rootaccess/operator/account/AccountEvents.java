package io.rootaccess.operator.account;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events for the mutating actions on an account (one per call) and for denials. Best
 * effort: a failed event never fails a pass. Events carry ids only (credential ids and the session's
 * access key id), never a secret.
 */
final class AccountEvents {
    private static final Logger LOG = Logger.getLogger(AccountEvents.class);
    static final String COMPONENT = "root-access-operator";

    private final Clock clock;

    AccountEvents(Clock clock) {
        this.clock = clock;
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
        if (client == null) {
            return;
        }
        var meta = resource.getMetadata();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(meta.getName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
                .withNamespace(meta.getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(meta.getName())
                        .withNamespace(meta.getNamespace())
                        .withUid(meta.getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.debugf("could not record event %s on %s/%s: %s", reason, meta.getNamespace(), meta.getName(),
                    e.getMessage());
        }
    }
}
