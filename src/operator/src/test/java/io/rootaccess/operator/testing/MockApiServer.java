package io.rootaccess.operator.testing;

import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Fabric8 mock API server (CRUD mode) as a global test resource: every {@code @QuarkusTest}
 * class of a profile shares it, and so shares one application. {@code @WithKubernetesTestServer} on
 * a class would restrict its server to that class and restart the application for each class.
 * {@link ClassBoundary} deletes what one class left behind before the next starts.
 */
public class MockApiServer extends KubernetesServerTestResource {
    @WithKubernetesTestServer(crud = true)
    private static final class Settings {}

    public MockApiServer() {
        init(Settings.class.getAnnotation(WithKubernetesTestServer.class));
    }
}
