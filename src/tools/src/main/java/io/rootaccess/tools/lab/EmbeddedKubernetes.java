package io.rootaccess.tools.lab;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

/**
 * The demo's Kubernetes API: Fabric8's mock API server in CRUD mode on 127.0.0.1. It stores and
 * watches any resource, which is all the operator needs. Custom resources are validated against
 * their CRD's schema and CEL rules ({@link EmbeddedApiDispatcher}); it has no defaulting or garbage
 * collection (the operator does not rely on them).
 */
public final class EmbeddedKubernetes implements AutoCloseable {
    private final KubernetesMockServer server;
    private final EmbeddedApiDispatcher dispatcher;
    private final Thread drain;

    private EmbeddedKubernetes(KubernetesMockServer server, EmbeddedApiDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        // The mock server keeps every request it answered (with its body) for test assertions: at
        // 10,000
        // accounts that is over 100 MB of status patches. The demo never asks for them, so they are
        // dropped.
        this.drain =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    server.takeRequest(1, TimeUnit.SECONDS);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "embedded-api-request-drain");
        drain.setDaemon(true);
        drain.start();
    }

    public static EmbeddedKubernetes start() throws Exception {
        var dispatcher = new EmbeddedApiDispatcher();
        var server =
                new KubernetesMockServer(
                        new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new EmbeddedKubernetes(server, dispatcher);
    }

    /** Fault injection (status writes) for the resilience tests and `make chaos`. */
    public EmbeddedApiDispatcher dispatcher() {
        return dispatcher;
    }

    public int port() {
        return server.getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        drain.interrupt();
        server.destroy();
    }
}
