package io.rootaccess.tools.lab;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Applies YAML manifests like `kubectl apply -f DIR -R` would, skipping the sandbox seeds. */
public final class ManifestLoader {
    private final KubernetesClient client;
    private final String namespace;

    public ManifestLoader(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * Files under {@code dir} that hold Kubernetes manifests (sandbox seeds live in a sandbox/
     * folder).
     */
    public static List<Path> manifestFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !dir.relativize(p).toString().startsWith("sandbox"))
                    .sorted()
                    .toList();
        }
    }

    public List<HasMetadata> apply(Path file) throws IOException {
        List<HasMetadata> applied = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata item : client.load(in).items()) {
                if (item == null) {
                    continue;
                }
                if (item.getMetadata().getNamespace() == null && isNamespaced(item)) {
                    item.getMetadata().setNamespace(namespace);
                }
                applied.add(client.resource(item).createOr(NonDeletingOperation::update));
            }
        }
        return applied;
    }

    private static boolean isNamespaced(HasMetadata item) {
        return !(item instanceof io.fabric8.kubernetes.api.model.Namespace)
                && !(item
                        instanceof
                        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition);
    }
}
