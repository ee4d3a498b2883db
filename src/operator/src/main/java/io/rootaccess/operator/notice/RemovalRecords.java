package io.rootaccess.operator.notice;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.config.OperatorNamespace;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The removal notice's records, keyed by account id, in two ConfigMaps of the operator's own
 * namespace that no resource owns, so deleting or re-creating a MemberAccountRootState (a policy
 * re-created or renamed, another policy taking the account, the account leaving and re-entering the
 * selection) loses neither:
 *
 * <ul>
 *   <li>{@value #CANCELS}: what people write to cancel removal ({@code data[accountId]: "true"}),
 *       through the chart's removal-canceller Role (get/update/patch of this one ConfigMap). The
 *       operator creates it, empty, when it first looks and finds none; it never writes a key.
 *   <li>{@value #NOTICES}: when the operator started each account's notice (RFC 3339), written by
 *       the operator only; no shipped role for people can write it, so nobody who can cancel can
 *       also back-date a notice.
 * </ul>
 *
 * <p>Both are read through a short-lived copy ({@link #FRESH}): thousands of accounts cost one GET
 * a second at most, and the pass that would act reads a copy at most that old. A failed read
 * throws, so the pass fails and nothing is removed (fail closed).
 */
@Singleton
public class RemovalRecords {
    private static final Logger LOG = Logger.getLogger(RemovalRecords.class);

    public static final String CANCELS = "root-access-operator-removal-cancels";
    public static final String NOTICES = "root-access-operator-removal-notices";
    static final String LABEL_REMOVAL_RECORDS = ApiGroup.GROUP + "/removal-records";

    /** How long a read copy is used before the ConfigMap is read again. */
    static final Duration FRESH = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;
    private final Copy cancels = new Copy();
    private final Copy notices = new Copy();

    @Inject
    public RemovalRecords(KubernetesClient client) {
        this(client, OperatorNamespace.of(client));
    }

    public RemovalRecords(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** The account's value in the cancels ConfigMap; null without a key. */
    public String cancelValue(String accountId) {
        return read(CANCELS, cancels, true).get(accountId);
    }

    /** How a person names the account's cancel key. */
    public String cancelRef(String accountId) {
        return "ConfigMap " + namespace + "/" + CANCELS + " key " + accountId;
    }

    /** The recorded notice start; empty when absent or unreadable (the notice then starts anew). */
    public Optional<Instant> noticeStart(String accountId) {
        return parseStart(read(NOTICES, notices, false).get(accountId));
    }

    /** A stored start; empty when absent or unreadable. */
    public static Optional<Instant> parseStart(String v) {
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.trim()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void recordNoticeStart(String accountId, Instant start) {
        write(NOTICES, notices, accountId, start.toString());
    }

    /** A cancel forgets the start: lifting it begins a full notice again. */
    public void forgetNoticeStart(String accountId) {
        if (read(NOTICES, notices, false).containsKey(accountId)) {
            write(NOTICES, notices, accountId, null);
        }
    }

    private Map<String, String> read(String name, Copy copy, boolean createIfMissing) {
        synchronized (copy) {
            long now = System.nanoTime();
            if (copy.data != null && now - copy.readAt < FRESH.toNanos()) {
                return copy.data;
            }
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name).get();
            if (cm == null && createIfMissing) {
                cm = createEmpty(name);
            }
            copy.data = cm == null ? Map.of() : withoutNulls(cm.getData());
            copy.readAt = now;
            return copy.data;
        }
    }

    /** A key patched to null is absent (some API servers keep it with a null value). */
    private static Map<String, String> withoutNulls(Map<String, String> data) {
        Map<String, String> kept = new HashMap<>();
        if (data != null) {
            data.forEach(
                    (k, v) -> {
                        if (k != null && v != null) {
                            kept.put(k, v);
                        }
                    });
        }
        return Map.copyOf(kept);
    }

    private ConfigMap createEmpty(String name) {
        try {
            return client.configMaps()
                    .inNamespace(namespace)
                    .resource(configMap(name, Map.of()))
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) { // created meanwhile (by a person or an upgrade)
                return client.configMaps().inNamespace(namespace).withName(name).get();
            }
            throw e;
        }
    }

    private void write(String name, Copy copy, String key, String value) {
        synchronized (copy) {
            // JSON merge patch of one key: concurrent writes of other keys are kept; null removes
            String json =
                    "{\"data\":{\""
                            + key
                            + "\":"
                            + (value == null ? "null" : "\"" + value + "\"")
                            + "}}";
            try {
                client.configMaps()
                        .inNamespace(namespace)
                        .withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 || value == null) {
                    throw e;
                }
                client.configMaps()
                        .inNamespace(namespace)
                        .resource(configMap(name, Map.of(key, value)))
                        .create();
                LOG.infof("created ConfigMap %s/%s for the removal notices", namespace, name);
            }
            Map<String, String> data =
                    copy.data == null ? new HashMap<>() : new HashMap<>(copy.data);
            if (value == null) {
                data.remove(key);
            } else {
                data.put(key, value);
            }
            copy.data = Map.copyOf(data);
        }
    }

    private ConfigMap configMap(String name, Map<String, String> data) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(
                        Map.of(
                                ApiGroup.LABEL_MANAGED_BY,
                                ApiGroup.MANAGED_BY,
                                LABEL_REMOVAL_RECORDS,
                                "true"))
                // no owner reference on purpose: the records outlive every resource
                .endMetadata()
                .withData(data)
                .build();
    }

    /** A read copy of one ConfigMap's data. */
    private static final class Copy {
        Map<String, String> data;
        long readAt;
    }
}
