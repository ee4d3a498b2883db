package io.rootaccess.kubectl.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rootaccess.kubectl.ExitCode;
import io.rootaccess.kubectl.PluginException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's cluster, as kubectl finds it: --kubeconfig, else $KUBECONFIG, else ~/.kube/config,
 * else the pod's service account; --context picks a context. The user's own credentials, so the
 * user's RBAC applies. Fails fast (one retry, 5 s to connect) so a missing cluster is an error
 * line, not a minute of retries.
 */
public final class Connection {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int REQUEST_TIMEOUT_MS = 30_000;

    private Connection() {}

    /**
     * @param kubeconfig --kubeconfig, or null
     * @param context --context, or null for the kubeconfig's current context
     * @param env the process environment (KUBERNETES_SERVICE_HOST tells a pod)
     */
    public static Cluster open(String kubeconfig, String context, Map<String, String> env) {
        Config config;
        try {
            if (kubeconfig != null) {
                Path file = Path.of(kubeconfig);
                if (!Files.isRegularFile(file)) {
                    throw new PluginException(
                            ExitCode.NO_CLUSTER, "no cluster: kubeconfig " + file + " not found");
                }
                config = Config.fromKubeconfig(context, file.toFile());
            } else {
                config = Config.autoConfigure(context);
                if (config.getFile() == null && env.get("KUBERNETES_SERVICE_HOST") == null) {
                    throw new PluginException(
                            ExitCode.NO_CLUSTER,
                            "no cluster: no kubeconfig found ($KUBECONFIG, ~/.kube/config) and not"
                                    + " running in a pod; use --kubeconfig FILE");
                }
            }
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException e) {
            // an unknown context, an unreadable file: fabric8 says which
            throw new PluginException(
                    ExitCode.NO_CLUSTER,
                    "no cluster: cannot use the kubeconfig: " + e.getMessage());
        }
        if (context != null && !context.equals(currentContext(config))) {
            throw new PluginException(
                    ExitCode.NO_CLUSTER,
                    "no cluster: context " + context + " not in the kubeconfig");
        }
        if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new PluginException(
                    ExitCode.NO_CLUSTER, "no cluster: the kubeconfig names no server");
        }
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        String namespace =
                config.getNamespace() == null || config.getNamespace().isBlank()
                        ? "default"
                        : config.getNamespace();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new Cluster(client, namespace);
    }

    private static String currentContext(Config config) {
        return config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
    }
}
