package io.rootaccess.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on any of our resources (core/v1 Events, which kubectl describe shows). Best
 * effort: a failed event never fails a reconcile. Callers pass ids only, never a secret.
 */
public final class KubernetesEvents {
    private static final Logger LOG = Logger.getLogger(KubernetesEvents.class);
    public static final String COMPONENT = "root-access-operator";
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private final Clock clock;

    public KubernetesEvents(Clock clock) {
        this.clock = clock;
    }

    public void emit(KubernetesClient client, HasMetadata resource, String type, String reason, String message) {
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
