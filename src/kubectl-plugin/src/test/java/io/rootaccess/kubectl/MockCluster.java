package io.rootaccess.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.rootaccess.kubectl.cluster.ResourceReader;
import io.rootaccess.kubectl.model.ApiFields;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An API server for the plugin's tests: Fabric8's mock in CRUD mode on 127.0.0.1, loaded with
 * fixtures (the resources of a `make demo` run), optionally answering some requests itself the way
 * a real API server does when the user may not (403) or the CRDs are missing (404). The plugin
 * reaches it through a kubeconfig file, as it reaches a real cluster.
 */
final class MockCluster implements AutoCloseable {
    // JUL keeps loggers weakly: held here so the level stays (one INFO line per request otherwise)
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** A CRUD API server. */
    static MockCluster start() throws IOException {
        return start(request -> false, 0, null);
    }

    /**
     * A CRUD API server that answers the requests {@code refuse} matches with {@code code} and
     * {@code body} (JSON Status or text), as a real server answers a forbidden or unknown resource.
     */
    static MockCluster start(Predicate<RecordedRequest> refuse, int code, String body)
            throws IOException {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
        Dispatcher dispatcher =
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        if (refuse.test(request)) {
                            return new MockResponse()
                                    .setResponseCode(code)
                                    .setHeader(
                                            "Content-Type",
                                            body.startsWith("{")
                                                    ? "application/json"
                                                    : "text/plain")
                                    .setBody(body);
                        }
                        return crud.dispatch(request);
                    }
                };
        KubernetesMockServer server =
                new KubernetesMockServer(
                        new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        return new MockCluster(server);
    }

    /** Creates every object of the fixture files (test resources), status included. */
    MockCluster load(String... fixtures) throws IOException {
        for (String fixture : fixtures) {
            try (InputStream in = MockCluster.class.getResourceAsStream("/fixtures/" + fixture)) {
                if (in == null) {
                    throw new IOException("no fixture " + fixture);
                }
                for (HasMetadata o : client.load(in).items()) {
                    create(o);
                }
            }
        }
        return this;
    }

    /** The operator's kinds by plural (the mock has no discovery), anything else as typed. */
    private void create(HasMetadata o) {
        if (!o.getApiVersion().startsWith(ApiFields.GROUP + "/")) {
            client.resource(o).create();
            return;
        }
        ApiFields.Kind kind =
                Arrays.stream(ApiFields.Kind.values())
                        .filter(k -> k.kind.equals(o.getKind()))
                        .findFirst()
                        .orElseThrow();
        client.genericKubernetesResources(ResourceReader.context(kind))
                .inNamespace(o.getMetadata().getNamespace())
                .resource((GenericKubernetesResource) o)
                .create();
    }

    KubernetesClient client() {
        return client;
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A kubeconfig whose current context points at this server, in namespace. */
    Path kubeconfig(Path dir, String namespace) throws IOException {
        return kubeconfig(dir, url(), namespace);
    }

    static Path kubeconfig(Path dir, String server, String namespace) throws IOException {
        Path file = dir.resolve("kubeconfig-" + Math.abs(server.hashCode()));
        Files.writeString(
                file,
                "apiVersion: v1\n"
                        + "kind: Config\n"
                        + "clusters:\n"
                        + "- name: test\n"
                        + "  cluster:\n"
                        + "    server: "
                        + server
                        + "\n"
                        + "contexts:\n"
                        + "- name: test\n"
                        + "  context:\n"
                        + "    cluster: test\n"
                        + "    user: tester\n"
                        + (namespace == null ? "" : "    namespace: " + namespace + "\n")
                        + "current-context: test\n"
                        + "users:\n"
                        + "- name: tester\n"
                        + "  user:\n"
                        + "    token: test-token\n");
        return file;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
