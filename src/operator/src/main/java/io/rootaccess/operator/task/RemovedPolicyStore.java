package io.rootaccess.operator.task;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.config.OperatorNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Keeps the policy an unlock task is about to remove, somewhere that outlives the task: a labelled
 * ConfigMap in the operator's own namespace, owned by nobody, so deleting the task, an Argo CD
 * prune or deleting the task's namespace never takes the only copy with it. Small documents are
 * also kept in status.removedPolicy for a quick look. Copies are kept for {@code
 * rootaccess.removed-policy-retention} (default 90 days) after they were written (annotation {@link
 * #ANNOTATION_KEEP_UNTIL}); expired copies are removed when the next copy is written. Always called
 * before the policy is deleted.
 */
final class RemovedPolicyStore {
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
    static final String ANNOTATION_KEEP_UNTIL = ApiGroup.GROUP + "/keep-until";
    static final String ANNOTATION_TARGET = ApiGroup.GROUP + "/target";
    static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    private RemovedPolicyStore() {}

    /**
     * The namespace copies go to: rootaccess.removed-policy-namespace, else the operator's own
     * namespace.
     */
    static String namespace(KubernetesClient client) {
        return ConfigProvider.getConfig()
                .getOptionalValue("rootaccess.removed-policy-namespace", String.class)
                .filter(s -> !s.isBlank())
                .orElseGet(() -> OperatorNamespace.of(client));
    }

    static Duration retention() {
        return ConfigProvider.getConfig()
                .getOptionalValue("rootaccess.removed-policy-retention", Duration.class)
                .orElse(DEFAULT_RETENTION);
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

    /** Records whether a policy existed and where its document is kept. */
    static void keep(
            KubernetesClient client,
            PrivilegedRootTask task,
            Optional<String> policy,
            String target,
            Clock clock) {
        PrivilegedRootTaskStatus st = task.getStatus();
        st.policyWasPresent = policy.isPresent();
        st.removedPolicy = null;
        st.removedPolicyConfigMap = null;
        if (policy.isEmpty()) {
            return;
        }
        String document = policy.get();
        if (document.getBytes(StandardCharsets.UTF_8).length <= INLINE_LIMIT_BYTES) {
            st.removedPolicy = document;
        }
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
                                        now.plus(retention()).toString(),
                                        ANNOTATION_TARGET,
                                        target == null ? "" : target))
                        .endMetadata()
                        .withData(Map.of(KEY, document))
                        .build();
        // createOr(update): a pass interrupted after writing the ConfigMap writes the same copy
        // again
        client.configMaps().inNamespace(ns).resource(cm).createOr(NonDeletingOperation::update);
        st.removedPolicyConfigMap = ns + "/" + cm.getMetadata().getName();
        pruneExpired(client, ns, now);
    }

    /** The stored document, or empty when it cannot be found (then nothing may be deleted). */
    static Optional<String> stored(KubernetesClient client, PrivilegedRootTask task) {
        PrivilegedRootTaskStatus st = task.getStatus();
        if (st.removedPolicy != null) {
            return Optional.of(st.removedPolicy);
        }
        return configMap(client, task)
                .map(cm -> cm.getData() == null ? null : cm.getData().get(KEY));
    }

    /** Adds the document found in place of the stored one to the stored copy, so both are kept. */
    static void keepFound(KubernetesClient client, PrivilegedRootTask task, String found) {
        String ref = task.getStatus().removedPolicyConfigMap;
        if (ref == null || client == null) {
            return;
        }
        String[] at = split(task, ref);
        client.configMaps()
                .inNamespace(at[0])
                .withName(at[1])
                .edit(
                        cm -> {
                            Map<String, String> data =
                                    new HashMap<>(cm.getData() == null ? Map.of() : cm.getData());
                            data.put(KEY_FOUND, found);
                            cm.setData(data);
                            return cm;
                        });
    }

    private static Optional<ConfigMap> configMap(KubernetesClient client, PrivilegedRootTask task) {
        String ref = task.getStatus().removedPolicyConfigMap;
        if (ref == null || client == null) {
            return Optional.empty();
        }
        String[] at = split(task, ref);
        return Optional.ofNullable(client.configMaps().inNamespace(at[0]).withName(at[1]).get());
    }

    /** "namespace/name"; a bare name (written by an earlier version) is in the task's namespace. */
    private static String[] split(PrivilegedRootTask task, String ref) {
        int slash = ref.indexOf('/');
        return slash < 0
                ? new String[] {task.getMetadata().getNamespace(), ref}
                : new String[] {ref.substring(0, slash), ref.substring(slash + 1)};
    }

    private static void pruneExpired(KubernetesClient client, String ns, Instant now) {
        try {
            for (ConfigMap cm :
                    client.configMaps()
                            .inNamespace(ns)
                            .withLabel(LABEL_REMOVED_POLICY, "true")
                            .list()
                            .getItems()) {
                String until =
                        cm.getMetadata().getAnnotations() == null
                                ? null
                                : cm.getMetadata().getAnnotations().get(ANNOTATION_KEEP_UNTIL);
                if (until != null && Instant.parse(until).isBefore(now)) {
                    client.resource(cm).delete();
                    LOG.infof(
                            "removed-policy copy %s/%s expired (kept until %s): deleted",
                            ns, cm.getMetadata().getName(), until);
                }
            }
        } catch (KubernetesClientException | java.time.format.DateTimeParseException e) {
            LOG.debugf("pruning expired removed-policy copies failed: %s", e.getMessage());
        }
    }
}
