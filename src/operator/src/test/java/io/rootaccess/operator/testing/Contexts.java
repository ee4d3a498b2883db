package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A reconcile Context for calling a reconciler directly (as after an operator restart): it carries
 * the real client and no retry; anything else a reconciler asks of it fails the test loudly.
 */
public final class Contexts {
    private Contexts() {}

    @SuppressWarnings("unchecked")
    public static <P extends HasMetadata> Context<P> withClient(KubernetesClient client) {
        return (Context<P>)
                Proxy.newProxyInstance(
                        Contexts.class.getClassLoader(),
                        new Class<?>[] {Context.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getClient" -> client;
                                    case "getRetryInfo" -> Optional.empty();
                                    case "toString" -> "Contexts.withClient";
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    case "equals" -> proxy == args[0];
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    "Context."
                                                            + method.getName()
                                                            + " is not available when a reconciler is called directly");
                                });
    }
}
