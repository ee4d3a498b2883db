package io.rootaccess.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The operator's own namespace, where it keeps what must outlive a resource or a process (removed
 * policies, the organization tag cache): the Kubernetes client's namespace (in a pod, the service
 * account's), else {@code default}. The chart's ConfigMap Role is granted there.
 */
public final class OperatorNamespace {
    private OperatorNamespace() {}

    public static String of(KubernetesClient client) {
        String ns = client.getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }
}
