package io.rootaccess.operator.task;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.OperatorNamespace;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the policy an unlock task is about to remove, somewhere that outlives the task: a labelled
 * ConfigMap in the operator's own namespace (or {@code rootaccess.removed-policy-namespace}), owned
 * by nobody, so deleting the task, an Argo CD prune or deleting the task's namespace never takes
 * the only copy with it. Small documents are also shown in status.removedPolicy, for a quick look
 * only: the delete compares against the ConfigMap copy, read right before it, and without that copy
 * nothing is deleted.
 *
 * <p>The copy is found where the operator put it (this namespace, {@link #configMapName}), not
 * through the task's status, which anyone with status rights could point elsewhere. Copies are kept
 * for {@code rootaccess.removed-policy-retention} (default 90 days) counted from the ConfigMap's
 * creationTimestamp, which the API server sets and nobody can edit; the {@link
 * #ANNOTATION_KEEP_UNTIL} annotation only says when that is. Expired copies are removed when the
 * next copy is written.
 */
@Singleton
public class RemovedPolicyStore {
    private static final Logger LOG = Logger.getLogger(RemovedPolicyStore.class);

    /**
     * Policies up to this size (UTF-8 bytes) are also shown in status; S3 allows 20 KiB bucket
     * policies.
     */
    static final int INLINE_LIMIT_BYTES = 4096;

    static final String KEY = "policy.json";

    /**
     * A policy found in place of the stored one right before the delete (compare-and-delete said
     * no).
     */
    static final String KEY_FOUND = "policy-found-instead.json";

    static final String LABEL_TASK = ApiGroup.GROUP + "/task";
    static final String LABEL_TASK_NAMESPACE = ApiGroup.GROUP + "/task-namespace";
    static final String LABEL_REMOVED_POLICY = ApiGroup.GROUP + "/removed-policy";

    /** For people: when the copy expires. Editing it changes nothing. */
    static final String ANNOTATION_KEEP_UNTIL = ApiGroup.GROUP + "/keep-until";

    static final String ANNOTATION_TARGET = ApiGroup.GROUP + "/target";

    /** What the task's status records about the copy. */
    record Copy(boolean policyWasPresent, String inline, String configMap) {
        static final Copy NONE = new Copy(false, null, null);
    }

    private final Optional<String> namespace;
    private final Duration retention;
    private final Clock clock;

    @Inject
    public RemovedPolicyStore(OperatorConfig config, Clock clock) {
        this(config.removedPolicyNamespace(), config.removedPolicyRetention(), clock);
    }

    RemovedPolicyStore(Optional<String> namespace, Duration retention, Clock clock) {
        this.namespace = namespace.filter(s -> !s.isBlank());
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * The one place that says where copies go: rootaccess.removed-policy-namespace, else the
     * operator's own namespace.
     */
    public String namespace(KubernetesClient client) {
        return namespace.orElseGet(() -> OperatorNamespace.of(client));
    }

    /**
     * One name per task (namespace, name and uid): a re-created task of the same name gets its own
     * copy.
     */
    static String configMapName(PrivilegedRootTask task) {
        var meta = task.getMetadata();
        String uid = meta.getUid() == null ? "nouid" : meta.getUid().replace("-", "");
        String base =
                ("removed-policy-" + meta.getNamespace() + "-" + meta.getName())
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9.-]", "-");
        String suffix = "-" + uid.substring(0, Math.min(8, uid.length()));
        return (base.length() + suffix.length() > 253
                        ? base.substring(0, 253 - suffix.length())
                        : base)
                + suffix;
    }

    /** "namespace/name" of the task's copy. */
    String location(KubernetesClient client, PrivilegedRootTask task) {
        return namespace(client) + "/" + configMapName(task);
    }

    /** Writes the copy of the document read (nothing when there is no policy). */
    Copy keep(
            KubernetesClient client,
            PrivilegedRootTask task,
            Optional<String> policy,
            String target) {
        if (policy.isEmpty()) {
            return Copy.NONE;
        }
        String document = policy.get();
        var meta = task.getMetadata();
        String ns = namespace(client);
        Instant now = clock.instant();
        Map<String, String> labels =
                new HashMap<>(
                        Map.of(
                                LABEL_TASK,
                                meta.getName(),
                                LABEL_TASK_NAMESPACE,
                                meta.getNamespace(),
                                LABEL_REMOVED_POLICY,
                                "true",
                                ApiGroup.LABEL_MANAGED_BY,
                                ApiGroup.MANAGED_BY));
        if (task.getSpec().accountId != null) {
            labels.put(ApiGroup.LABEL_ACCOUNT_ID, task.getSpec().accountId);
        }
        ConfigMap cm =
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(configMapName(task))
                        .withNamespace(ns)
                        .withLabels(labels)
                        // no owner reference on purpose: the copy must outlive the task and its
                        // namespace
                        .withAnnotations(
                                Map.of(
                                        ANNOTATION_KEEP_UNTIL,
                                        now.plus(retention).toString(),
                                        ANNOTATION_TARGET,
                                        target == null ? "" : target))
                        .endMetadata()
                        .withData(Map.of(KEY, document))
                        .build();
        // createOr(update): a pass interrupted after writing the ConfigMap writes the same copy
        // again (and its creationTimestamp, where retention counts from, stays)
        client.configMaps().inNamespace(ns).resource(cm).createOr(NonDeletingOperation::update);
        pruneExpired(client, ns, cm.getMetadata().getName(), now);
        boolean small = document.getBytes(StandardCharsets.UTF_8).length <= INLINE_LIMIT_BYTES;
        return new Copy(true, small ? document : null, ns + "/" + cm.getMetadata().getName());
    }

    /**
     * The stored document, read now from the task's ConfigMap; empty when it cannot be found (then
     * nothing may be deleted).
     */
    Optional<String> stored(KubernetesClient client, PrivilegedRootTask task) {
        ConfigMap cm =
                client.configMaps()
                        .inNamespace(namespace(client))
                        .withName(configMapName(task))
                        .get();
        return Optional.ofNullable(cm)
                .map(ConfigMap::getData)
                .map(data -> data.get(KEY))
                .filter(document -> !document.isBlank());
    }

    /** Adds the document found in place of the stored one to the stored copy, so both are kept. */
    void keepFound(KubernetesClient client, PrivilegedRootTask task, String found) {
        client.configMaps()
                .inNamespace(namespace(client))
                .withName(configMapName(task))
                .edit(
                        cm -> {
                            Map<String, String> data =
                                    new HashMap<>(cm.getData() == null ? Map.of() : cm.getData());
                            data.put(KEY_FOUND, found);
                            cm.setData(data);
                            return cm;
                        });
    }

    /**
     * Deletes the copies created longer than the retention ago, except the one just written; a copy
     * of unknown age stays.
     */
    private void pruneExpired(KubernetesClient client, String ns, String written, Instant now) {
        try {
            for (ConfigMap cm :
                    client.configMaps()
                            .inNamespace(ns)
                            .withLabel(LABEL_REMOVED_POLICY, "true")
                            .list()
                            .getItems()) {
                Optional<Instant> created = created(cm);
                if (!written.equals(cm.getMetadata().getName())
                        && created.isPresent()
                        && created.get().plus(retention).isBefore(now)) {
                    client.resource(cm).delete();
                    LOG.infof(
                            "removed-policy copy %s/%s expired (created %s, kept %s): deleted",
                            ns, cm.getMetadata().getName(), created.get(), retention);
                }
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("pruning expired removed-policy copies failed: %s", e.getMessage());
        }
    }

    private static Optional<Instant> created(ConfigMap cm) {
        try {
            return Optional.ofNullable(cm.getMetadata().getCreationTimestamp()).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
