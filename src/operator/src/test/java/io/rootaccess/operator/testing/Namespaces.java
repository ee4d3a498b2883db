package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The mock API server starts empty and is shared by test classes: create a namespace once. */
public final class Namespaces {
    private Namespaces() {}

    public static void ensure(KubernetesClient client, String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(name)
                                    .endMetadata()
                                    .build())
                    .create();
        }
    }
}
