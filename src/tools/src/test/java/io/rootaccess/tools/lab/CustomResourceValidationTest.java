package io.rootaccess.tools.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab validates custom resources as a cluster's API server does: the embedded API server
 * answers 422 Invalid (naming the field) to an object its CRD's schema or CEL rules refuse, and the
 * demo's manifest check names the file, the object and the field before anything starts.
 */
class CustomResourceValidationTest {
    static final Path CRDS = Path.of("crds"); // tests run in the repository's top folder

    /** The shape a cluster refuses: an excluded OU written as a plain string, not {id: ...}. */
    static final String BAD_POLICY =
            """
            apiVersion: rootaccess.io/v1alpha1
            kind: RootAccessPolicy
            metadata:
              name: org-wide
            spec:
              targets: {all: true}
              exclude:
                organizationalUnits: [ou-demo-sandboxes]
            """;

    static final String GOOD_POLICY =
            """
            apiVersion: rootaccess.io/v1alpha1
            kind: RootAccessPolicy
            metadata:
              name: fine
            spec:
              targets: {all: true}
              exclude:
                organizationalUnits: [{id: ou-demo-sandboxes}]
            """;

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
                                        .withNamespace("root-access")
                                        .build())
                        .build();
        // as LabCluster.installCrds does: the API server learns each schema from its CRD
        try (var files = Files.list(CRDS)) {
            for (Path crd : files.filter(f -> f.toString().contains(".rootaccess.io")).toList()) {
                try (var in = Files.newInputStream(crd)) {
                    client.load(in).items().forEach(item -> client.resource(item).create());
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        kubernetes.close();
    }

    private static final ResourceDefinitionContext POLICIES =
            new ResourceDefinitionContext.Builder()
                    .withGroup("rootaccess.io")
                    .withVersion("v1alpha1")
                    .withKind("RootAccessPolicy")
                    .withPlural("rootaccesspolicies")
                    .withNamespaced(true)
                    .build();

    private static GenericKubernetesResource load(String yaml) {
        List<HasMetadata> items =
                client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                        .items();
        return (GenericKubernetesResource) items.get(0);
    }

    @Test
    void theEmbeddedApiServerRefusesAnInvalidCreateWith422NamingTheField() {
        long before = kubernetes.dispatcher().invalidObjects();
        KubernetesClientException refused =
                assertThrows(
                        KubernetesClientException.class,
                        () ->
                                client.genericKubernetesResources(POLICIES)
                                        .resource(load(BAD_POLICY))
                                        .create());
        assertEquals(422, refused.getCode());
        assertTrue(
                refused.getMessage()
                        .contains(
                                "RootAccessPolicy.rootaccess.io \"org-wide\" is invalid:"
                                        + " spec.exclude.organizationalUnits[0]: Invalid value: \"string\""),
                refused.getMessage());
        assertEquals("Invalid", refused.getStatus().getReason());
        assertEquals(
                "spec.exclude.organizationalUnits[0]",
                refused.getStatus().getDetails().getCauses().get(0).getField());
        assertEquals(before + 1, kubernetes.dispatcher().invalidObjects());
        assertEquals(
                null,
                client.genericKubernetesResources(POLICIES).withName("org-wide").get(),
                "a refused object is not stored");

        GenericKubernetesResource good =
                client.genericKubernetesResources(POLICIES).resource(load(GOOD_POLICY)).create();
        assertEquals("fine", good.getMetadata().getName());
    }

    @Test
    void theEmbeddedApiServerRefusesAnInvalidReplace() {
        GenericKubernetesResource created =
                client.genericKubernetesResources(POLICIES)
                        .resource(load(GOOD_POLICY.replace("name: fine", "name: replaced")))
                        .create();
        GenericKubernetesResource bad =
                load(BAD_POLICY.replace("name: org-wide", "name: replaced"));
        bad.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        KubernetesClientException refused =
                assertThrows(
                        KubernetesClientException.class,
                        () -> client.genericKubernetesResources(POLICIES).resource(bad).update());
        assertEquals(422, refused.getCode());
        assertTrue(refused.getMessage().contains("spec.exclude.organizationalUnits[0]"));
    }

    @Test
    void theManifestCheckNamesTheFileTheObjectAndTheField(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("policies/bad.yaml");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, BAD_POLICY);
        Files.writeString(dir.resolve("policies/good.yaml"), GOOD_POLICY);

        List<ManifestValidation.Refusal> refused =
                ManifestValidation.check(
                        ManifestLoader.manifestFiles(dir), CRDS, LabCluster.NAMESPACE);
        assertEquals(1, refused.size(), refused.toString());
        String line = refused.get(0).describe();
        assertTrue(
                line.startsWith(
                        bad
                                + ": RootAccessPolicy "
                                + LabCluster.NAMESPACE
                                + "/org-wide: RootAccessPolicy.rootaccess.io \"org-wide\" is invalid:"
                                + " spec.exclude.organizationalUnits[0]: Invalid value: \"string\":"
                                + " spec.exclude.organizationalUnits[0] in body must be of type object"),
                line);
    }

    @Test
    void everyExampleIsValid() throws Exception {
        Path examples = CRDS.resolveSibling("examples");
        List<Path> files = ManifestLoader.manifestFiles(examples);
        assertFalse(files.isEmpty());
        assertEquals(List.of(), ManifestValidation.check(files, CRDS, LabCluster.NAMESPACE));
    }
}
