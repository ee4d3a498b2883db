package io.rootaccess.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSeriesBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on any of our resources (core/v1 Events, which kubectl describe shows). Best
 * effort: a failed event never fails a reconcile. Callers pass ids only, never a secret. Repeats
 * are aggregated into one Event (count and series), so a recurring warning does not pile up
 * objects.
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

    /**
     * Records an Event, or counts a repeat: the same type, reason and message on the same object
     * updates one Event (count, lastTimestamp and series), as kubectl's own recorder does, instead
     * of creating a new object each time.
     */
    public void emit(
            KubernetesClient client,
            HasMetadata resource,
            String type,
            String reason,
            String message) {
        if (client == null) {
            return;
        }
        var meta = resource.getMetadata();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String name = eventName(meta.getName(), meta.getUid(), type, reason, message);
        var event =
                new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(meta.getNamespace())
                        .endMetadata()
                        .withInvolvedObject(
                                new ObjectReferenceBuilder()
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
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .withReportingComponent(COMPONENT)
                        .build();
        var events = client.v1().events().inNamespace(meta.getNamespace());
        try {
            events.resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.debugf(
                        "could not record event %s on %s/%s: %s",
                        reason, meta.getNamespace(), meta.getName(), e.getMessage());
                return;
            }
            try {
                String micro = clock.instant().truncatedTo(ChronoUnit.MICROS).toString();
                events.withName(name)
                        .edit(
                                existing -> {
                                    int count =
                                            (existing.getCount() == null ? 1 : existing.getCount())
                                                    + 1;
                                    existing.setCount(count);
                                    existing.setLastTimestamp(now);
                                    existing.setSeries(
                                            new EventSeriesBuilder()
                                                    .withCount(count)
                                                    .withLastObservedTime(new MicroTime(micro))
                                                    .build());
                                    return existing;
                                });
            } catch (RuntimeException again) {
                LOG.debugf(
                        "could not count event %s on %s/%s: %s",
                        reason, meta.getNamespace(), meta.getName(), again.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.debugf(
                    "could not record event %s on %s/%s: %s",
                    reason, meta.getNamespace(), meta.getName(), e.getMessage());
        }
    }

    /** One name per (object, type, reason, message): a repeat finds the Event to count. */
    static String eventName(
            String objectName, String uid, String type, String reason, String message) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (uid + "\n" + type + "\n" + reason + "\n" + message)
                                            .getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest, 0, 8);
            String base = objectName.length() > 200 ? objectName.substring(0, 200) : objectName;
            return base + "." + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
