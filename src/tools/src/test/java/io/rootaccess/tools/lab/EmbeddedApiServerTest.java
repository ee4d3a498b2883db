package io.rootaccess.tools.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server (`make demo`, `make bench`, the integration tests). Its name index
 * answers as Fabric8's scanning store did: the object of that kind, namespace and name, 409 on a
 * duplicate create or a stale update, 404 once deleted, and the index follows every write (never
 * rebuilt from the store). A patch it cannot apply is answered 422 at once, as a real API server
 * does (Fabric8's store threw and left the request unanswered).
 */
class EmbeddedApiServerTest {
    private static EmbeddedKubernetes kubernetes;
    private static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        kubernetes = EmbeddedKubernetes.start();
        client =
                new KubernetesClientBuilder()
                        .withConfig(
                                new io.fabric8.kubernetes.client.ConfigBuilder()
                                        .withMasterUrl(kubernetes.url())
                                        .withNamespace("default")
                                        .build())
                        .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        kubernetes.close();
    }

    private static ConfigMap configMap(String namespace, String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(Map.of("v", value))
                .build();
    }

    @Test
    void sameNameInTwoNamespacesStaysTwoObjects() {
        client.resource(configMap("ns-a", "same", "a")).create();
        client.resource(configMap("ns-b", "same", "b")).create();
        client.configMaps()
                .inNamespace("ns-a")
                .withName("same")
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "a2")).build());

        assertEquals(
                "a2",
                client.configMaps().inNamespace("ns-a").withName("same").get().getData().get("v"));
        assertEquals(
                "b",
                client.configMaps().inNamespace("ns-b").withName("same").get().getData().get("v"));
        assertEquals(0, kubernetes.dispatcher().storeIndexRebuilds());
    }

    @Test
    void duplicateCreateAndStaleUpdateAreConflicts() {
        ConfigMap created = client.resource(configMap("ns-c", "once", "1")).create();
        var duplicate =
                assertThrows(
                        KubernetesClientException.class,
                        () -> client.resource(configMap("ns-c", "once", "2")).create());
        assertEquals(409, duplicate.getCode());

        client.resource(created)
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "3")).build());
        ConfigMap stale = Serialization.clone(created);
        stale.setData(Map.of("v", "stale"));
        var conflict =
                assertThrows(
                        KubernetesClientException.class, () -> client.resource(stale).update());
        assertEquals(409, conflict.getCode());
        assertEquals(
                "3",
                client.configMaps().inNamespace("ns-c").withName("once").get().getData().get("v"));
        assertEquals(0, kubernetes.dispatcher().storeIndexRebuilds());
    }

    @Test
    void aDeletedObjectIsGoneForWritesAndCanBeCreatedAgain() {
        client.resource(configMap("ns-d", "gone", "1")).create();
        client.configMaps().inNamespace("ns-d").withName("gone").delete();

        assertNull(client.configMaps().inNamespace("ns-d").withName("gone").get());
        var missing =
                assertThrows(
                        KubernetesClientException.class,
                        () ->
                                client.configMaps()
                                        .inNamespace("ns-d")
                                        .withName("gone")
                                        .edit(cm -> cm));
        assertEquals(404, missing.getCode());
        ConfigMap again = client.resource(configMap("ns-d", "gone", "2")).create();
        assertEquals("2", again.getData().get("v"));
        assertEquals(0, kubernetes.dispatcher().storeIndexRebuilds());
    }

    @Test
    void manyObjectsEachFoundByItsOwnName() {
        for (int i = 0; i < 300; i++) {
            client.resource(configMap("ns-e", "cm-" + i, "0")).create();
        }
        for (int i = 0; i < 300; i += 7) {
            int n = i;
            client.configMaps()
                    .inNamespace("ns-e")
                    .withName("cm-" + i)
                    .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "" + n)).build());
        }
        for (int i = 0; i < 300; i++) {
            String v =
                    client.configMaps()
                            .inNamespace("ns-e")
                            .withName("cm-" + i)
                            .get()
                            .getData()
                            .get("v");
            assertEquals(i % 7 == 0 ? "" + i : "0", v, "cm-" + i);
        }
        ConfigMap generated =
                client.resource(
                                new ConfigMapBuilder()
                                        .withNewMetadata()
                                        .withNamespace("ns-e")
                                        .withGenerateName("gen-")
                                        .endMetadata()
                                        .withData(Map.of("v", "g"))
                                        .build())
                        .create();
        assertNotEquals(null, generated.getMetadata().getName());
        client.resource(generated)
                .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("v", "g2")).build());
        assertEquals(
                "g2",
                client.configMaps()
                        .inNamespace("ns-e")
                        .withName(generated.getMetadata().getName())
                        .get()
                        .getData()
                        .get("v"));
        assertEquals(0, kubernetes.dispatcher().storeIndexRebuilds());
    }

    @Test
    void aJsonPatchThatCannotApplyIsAnswered422() {
        client.resource(configMap("ns-f", "patched", "1")).create();
        long before = kubernetes.dispatcher().unprocessableRequests();
        var invalid =
                assertThrows(
                        KubernetesClientException.class,
                        () ->
                                client.configMaps()
                                        .inNamespace("ns-f")
                                        .withName("patched")
                                        .patch(
                                                PatchContext.of(PatchType.JSON),
                                                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/5\"}]"));
        assertEquals(422, invalid.getCode(), invalid.getMessage());
        assertEquals(before + 1, kubernetes.dispatcher().unprocessableRequests());
        assertEquals(
                "1",
                client.configMaps()
                        .inNamespace("ns-f")
                        .withName("patched")
                        .get()
                        .getData()
                        .get("v"));
    }
}
