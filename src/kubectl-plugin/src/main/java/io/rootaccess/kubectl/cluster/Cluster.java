package io.rootaccess.kubectl.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A client on the user's cluster and the namespace kubectl would use (the context's, or "default").
 */
public record Cluster(KubernetesClient client, String defaultNamespace) implements AutoCloseable {
    @Override
    public void close() {
        client.close();
    }
}
