package io.rootaccess.kubectl.cluster;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The operator's version for the report's header: from its Deployment (the chart labels it
 * app.kubernetes.io/part-of=root-access-operator), the label app.kubernetes.io/version, else the
 * image tag. Reading Deployments is not part of the plugin's RBAC: when they cannot be read the
 * report says "unknown" and why, and is still written.
 */
public final class OperatorVersion {
    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String APP = "root-access-operator";
    static final String VERSION_LABEL = "app.kubernetes.io/version";

    private OperatorVersion() {}

    /**
     * @param namespace where to look when Deployments cannot be listed in all namespaces (null: all
     *     only)
     */
    public static String find(KubernetesClient client, String namespace) {
        List<Deployment> found;
        try {
            found =
                    client.apps()
                            .deployments()
                            .inAnyNamespace()
                            .withLabel(PART_OF, APP)
                            .list()
                            .getItems();
        } catch (KubernetesClientException e) {
            if (namespace == null) {
                return "unknown (Deployments cannot be read: HTTP " + e.getCode() + ")";
            }
            try {
                found =
                        client.apps()
                                .deployments()
                                .inNamespace(namespace)
                                .withLabel(PART_OF, APP)
                                .list()
                                .getItems();
            } catch (KubernetesClientException again) {
                return "unknown (Deployments cannot be read: HTTP " + again.getCode() + ")";
            }
        }
        TreeSet<String> versions = new TreeSet<>();
        for (Deployment d : found) {
            String v = version(d);
            if (v != null) {
                versions.add(v);
            }
        }
        if (versions.isEmpty()) {
            return "unknown (no Deployment labelled " + PART_OF + "=" + APP + ")";
        }
        return String.join(", ", versions);
    }

    private static String version(Deployment d) {
        Map<String, String> labels = d.getMetadata().getLabels();
        if (labels != null && labels.get(VERSION_LABEL) != null) {
            return labels.get(VERSION_LABEL);
        }
        if (d.getSpec() == null || d.getSpec().getTemplate() == null) {
            return null;
        }
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(c -> c.getImage())
                .filter(Objects::nonNull)
                .map(OperatorVersion::tag)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    /** The tag of an image reference (repo:tag, repo:tag@digest), or the digest. */
    static String tag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        String digest = at >= 0 ? ref.substring(at + 1) : null;
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            return ref.substring(colon + 1);
        }
        return digest;
    }
}
