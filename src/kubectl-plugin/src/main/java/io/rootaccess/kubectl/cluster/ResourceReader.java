package io.rootaccess.kubectl.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.rootaccess.kubectl.model.AccountState;
import io.rootaccess.kubectl.model.ApiFields;
import io.rootaccess.kubectl.model.ApiFields.Kind;
import io.rootaccess.kubectl.model.Policy;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the three kinds in one namespace or in all, with the user's RBAC: list calls only (what the
 * chart's viewer ClusterRole allows), 500 at a time, so 10,000 accounts do not arrive as one
 * response. API errors become {@link ClusterErrors} one-liners.
 */
public final class ResourceReader {
    private static final long PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    public ResourceReader(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param namespace the namespace to read, or null for all namespaces
     */
    public Snapshot read(String namespace) {
        List<Policy> policies = list(Kind.POLICY, namespace, ApiFields::policy);
        List<AccountState> accounts = list(Kind.ACCOUNT, namespace, ApiFields::account);
        List<Task> tasks = list(Kind.TASK, namespace, ApiFields::task);
        return new Snapshot(namespace, policies, accounts, tasks);
    }

    /**
     * The API path of a kind, given in full: no discovery call, which the plugin's RBAC need not
     * allow.
     */
    public static ResourceDefinitionContext context(Kind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(ApiFields.GROUP)
                .withVersion(ApiFields.VERSION)
                .withKind(kind.kind)
                .withPlural(kind.plural)
                .withNamespaced(true)
                .build();
    }

    private <T> List<T> list(Kind kind, String namespace, Function<JsonNode, T> mapping) {
        MixedOperation<
                        GenericKubernetesResource,
                        GenericKubernetesResourceList,
                        Resource<GenericKubernetesResource>>
                resources = client.genericKubernetesResources(context(kind));
        List<T> out = new ArrayList<>();
        String next = null;
        try {
            do {
                var options = new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build();
                GenericKubernetesResourceList page =
                        namespace == null
                                ? resources.inAnyNamespace().list(options)
                                : resources.inNamespace(namespace).list(options);
                for (GenericKubernetesResource r : page.getItems()) {
                    out.add(mapping.apply(JSON.valueToTree(r)));
                }
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
        } catch (KubernetesClientException e) {
            throw ClusterErrors.translate(
                    e,
                    kind,
                    namespace == null ? "all namespaces" : "namespace " + namespace,
                    client.getConfiguration().getMasterUrl());
        }
        return out;
    }
}
