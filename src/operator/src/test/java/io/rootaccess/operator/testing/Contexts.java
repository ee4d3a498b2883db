package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A reconcile Context for calling a reconciler directly (as after an operator restart): it carries
 * the real client, no retry and no event sources; anything else a reconciler asks of it fails the
 * test loudly.
 */
public final class Contexts {
    private Contexts() {}

    public static <P extends HasMetadata> Context<P> withClient(KubernetesClient client) {
        return withClient(client, null);
    }

    /** The same, as JOSDK hands it to a retried pass. */
    @SuppressWarnings("unchecked")
    public static <P extends HasMetadata> Context<P> withClient(
            KubernetesClient client, RetryInfo retry) {
        return (Context<P>)
                Proxy.newProxyInstance(
                        Contexts.class.getClassLoader(),
                        new Class<?>[] {Context.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getClient" -> client;
                                    case "getRetryInfo" -> Optional.ofNullable(retry);
                                    // no controller: no informer to hand a status write to
                                    case "eventSourceRetriever" -> null;
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
