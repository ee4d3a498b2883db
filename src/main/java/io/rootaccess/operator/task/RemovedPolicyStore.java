package io.rootaccess.operator.task;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the policy an unlock task is about to remove: in status.removedPolicy, or, when it is larger
 * than {@link #INLINE_LIMIT_BYTES}, in a ConfigMap owned by the task (status.removedPolicyConfigMap),
 * so the status stays small. Always called before the policy is deleted.
 */
final class RemovedPolicyStore {
    /** Policies up to this size (UTF-8 bytes) stay in status; S3 allows 20 KiB bucket policies. */
    static final int INLINE_LIMIT_BYTES = 4096;
    static final String KEY = "policy.json";
    static final String LABEL_TASK = ApiGroup.GROUP + "/task";

    private RemovedPolicyStore() {
    }

    static String configMapName(PrivilegedRootTask task) {
        return task.getMetadata().getName() + "-removed-policy";
    }

    /** Records whether a policy existed and where its document is kept. */
    static void keep(KubernetesClient client, PrivilegedRootTask task, Optional<String> policy) {
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
            return;
        }
        var meta = task.getMetadata();
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMapName(task))
                .withNamespace(meta.getNamespace())
                .withLabels(Map.of(LABEL_TASK, meta.getName(), ApiGroup.LABEL_ACCOUNT_ID, task.getSpec().accountId,
                        ApiGroup.LABEL_MANAGED_BY, ApiGroup.MANAGED_BY))
                // owned by the task: deleting the task deletes the copy (restore first)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(task.getApiVersion())
                        .withKind(task.getKind())
                        .withName(meta.getName())
                        .withUid(meta.getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .endMetadata()
                .withData(Map.of(KEY, document))
                .build();
        // createOr(update): a pass interrupted after writing the ConfigMap writes the same copy again
        client.configMaps().inNamespace(meta.getNamespace()).resource(cm).createOr(NonDeletingOperation::update);
        st.removedPolicyConfigMap = cm.getMetadata().getName();
    }
}
