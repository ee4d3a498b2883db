package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /**
     * Deletes a namespace the way a real API server does, which the mock server does not: the
     * namespace controller deletes everything in it (the kinds the operator touches), then the
     * garbage collector deletes every object, anywhere, whose owner is gone.
     */
    public static void deleteAsTheApiServerWould(KubernetesClient client, String name) {
        client.resources(PrivilegedRootTask.class).inNamespace(name).delete();
        client.resources(MemberAccountRootState.class).inNamespace(name).delete();
        client.resources(RootAccessPolicy.class).inNamespace(name).delete();
        client.configMaps().inNamespace(name).delete();
        client.v1().events().inNamespace(name).delete();
        client.namespaces().withName(name).delete();
        collectGarbage(client);
    }

    /** Deletes the ConfigMaps whose owner (by uid) no longer exists, as the garbage collector. */
    public static void collectGarbage(KubernetesClient client) {
        Set<String> alive =
                Stream.of(
                                client.resources(PrivilegedRootTask.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems(),
                                client.resources(MemberAccountRootState.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems(),
                                client.resources(RootAccessPolicy.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems(),
                                client.namespaces().list().getItems())
                        .flatMap(List::stream)
                        .map(HasMetadata.class::cast)
                        .map(r -> r.getMetadata().getUid())
                        .collect(Collectors.toSet());
        client.configMaps().inAnyNamespace().list().getItems().stream()
                .filter(
                        cm -> {
                            List<OwnerReference> owners = cm.getMetadata().getOwnerReferences();
                            return owners != null
                                    && !owners.isEmpty()
                                    && owners.stream().noneMatch(o -> alive.contains(o.getUid()));
                        })
                .forEach(cm -> client.resource(cm).delete());
    }
}
