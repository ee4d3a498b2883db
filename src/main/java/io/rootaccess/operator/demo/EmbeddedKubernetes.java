package io.rootaccess.operator.demo;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * The demo's Kubernetes API: Fabric8's mock API server in CRUD mode on 127.0.0.1. It stores and
 * watches any resource, which is all the operator needs; it has no schema validation, defaulting or
 * garbage collection (the operator does not rely on them).
 */
final class EmbeddedKubernetes implements AutoCloseable {
    private final KubernetesMockServer server;

    private EmbeddedKubernetes(KubernetesMockServer server) {
        this.server = server;
    }

    static EmbeddedKubernetes start() throws Exception {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new EmbeddedKubernetes(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
