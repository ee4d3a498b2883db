package io.rootaccess.tools.lab;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.sandbox.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What operator replicas run against in `make chaos` and the resilience tests: one sandbox (the AWS
 * organization), one embedded Kubernetes API (Fabric8's mock in CRUD mode, {@link
 * EmbeddedKubernetes}), the CRDs and manifests, and a client for the harness to look with. Replicas
 * are child JVMs ({@link OperatorProcess}) started by {@link #startOperator}, or commands of their
 * own started by {@link #startOperatorCommand} (the image's entrypoint).
 */
public final class LabCluster implements AutoCloseable {
    public static final String NAMESPACE = "root-access";
    public static final String LEASE_NAME = "root-access-operator";

    private final Sandbox sandbox;
    private final EmbeddedKubernetes kubernetes;
    private final KubernetesClient client;
    private final Path jar;
    private final Path logDir;
    private final Map<String, String> profile;

    /** A cluster whose replicas run with the settings of operator-profiles/chaos.properties. */
    public LabCluster(Sandbox sandbox, EmbeddedKubernetes kubernetes, Path jar, Path logDir) {
        this(sandbox, kubernetes, jar, logDir, "chaos");
    }

    /**
     * @param profile the settings of the replicas: operator-profiles/{profile}.properties (the
     *     operator itself always runs its prod profile, as in the image)
     */
    public LabCluster(
            Sandbox sandbox, EmbeddedKubernetes kubernetes, Path jar, Path logDir, String profile) {
        this.sandbox = sandbox;
        this.kubernetes = kubernetes;
        this.jar = jar;
        this.logDir = logDir;
        this.profile = OperatorProfiles.load(profile);
        this.client =
                new KubernetesClientBuilder()
                        .withConfig(
                                new ConfigBuilder()
                                        .withMasterUrl(kubernetes.url())
                                        .withNamespace(NAMESPACE)
                                        .withTrustCerts(true)
                                        .withRequestRetryBackoffLimit(3)
                                        .build())
                        .build();
        client.resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(NAMESPACE)
                                .endMetadata()
                                .build())
                .createOr(NonDeletingOperation::update);
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public EmbeddedKubernetes kubernetes() {
        return kubernetes;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The CRDs users install (crds/*.rootaccess.io.yaml). */
    public void installCrds(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().contains(".rootaccess.io"))
                            .sorted()
                            .toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    client.load(in)
                            .items()
                            .forEach(
                                    crd ->
                                            client.resource(crd)
                                                    .createOr(NonDeletingOperation::update));
                }
            }
        }
    }

    /**
     * Every manifest under dir (as `make demo` applies examples/), into the root-access namespace.
     */
    public int applyManifests(Path dir) throws IOException {
        ManifestLoader loader = new ManifestLoader(client, NAMESPACE);
        int n = 0;
        for (Path file : ManifestLoader.manifestFiles(dir)) {
            n += loader.apply(file).size();
        }
        return n;
    }

    /** A replica talking to the embedded API directly. */
    public OperatorProcess startOperator(String name) throws IOException {
        return startOperator(name, kubernetes.url(), Map.of());
    }

    /** A replica talking to the API at apiUrl (e.g. a fault proxy in front of the embedded API). */
    public OperatorProcess startOperator(String name, String apiUrl, Map<String, String> extra)
            throws IOException {
        return OperatorProcess.start(name, jar, operatorProperties(apiUrl, extra), logDir);
    }

    /** A replica with the given heap and GC options and extra properties (`make bench`). */
    public OperatorProcess startOperator(
            String name, List<String> jvmOptions, Map<String, String> extra) throws IOException {
        return OperatorProcess.start(
                name, jar, operatorProperties(kubernetes.url(), extra), logDir, jvmOptions);
    }

    /**
     * A replica that is a command of its own (`make image-smoke`: the image's entrypoint in its
     * root filesystem), configured by environment variables; environment is its base (the image's
     * Env).
     */
    public OperatorProcess startOperatorCommand(
            String name,
            List<String> command,
            Map<String, String> environment,
            Map<String, String> extra)
            throws IOException {
        return OperatorProcess.startCommand(
                name, command, environment, operatorProperties(kubernetes.url(), extra), logDir);
    }

    private Map<String, String> operatorProperties(String apiUrl, Map<String, String> extra) {
        Map<String, String> props = new LinkedHashMap<>(profile);
        props.put("quarkus.kubernetes-client.api-server-url", apiUrl);
        props.put("rootaccess.aws.endpoint", sandbox.endpoint().toString());
        props.put("rootaccess.aws.region", "us-east-1");
        props.put("rootaccess.aws.access-key-id", sandbox.managementCredentials().accessKeyId());
        props.put(
                "rootaccess.aws.secret-access-key",
                sandbox.managementCredentials().secretAccessKey());
        props.putAll(extra);
        return props;
    }

    /** Who holds the operator's Lease now (empty: nobody yet). */
    public Optional<String> leaseHolder() {
        try {
            GenericKubernetesResource lease =
                    client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
                            .inNamespace(NAMESPACE)
                            .withName(LEASE_NAME)
                            .get();
            if (lease == null) {
                return Optional.empty();
            }
            Object spec = lease.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> m && m.get("holderIdentity") != null) {
                return Optional.of(m.get("holderIdentity").toString());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * When the Lease was last renewed (empty: no Lease yet): a holder that renewed after a kill is
     * a live leader, not the killed process's leftover record.
     */
    public Optional<java.time.Instant> leaseRenewTime() {
        try {
            GenericKubernetesResource lease =
                    client.genericKubernetesResources("coordination.k8s.io/v1", "Lease")
                            .inNamespace(NAMESPACE)
                            .withName(LEASE_NAME)
                            .get();
            if (lease != null
                    && lease.getAdditionalProperties().get("spec") instanceof Map<?, ?> m
                    && m.get("renewTime") != null) {
                return Optional.of(java.time.Instant.parse(m.get("renewTime").toString()));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public ClusterProgress observe() {
        List<RootAccessPolicy> policies =
                client.resources(RootAccessPolicy.class).inAnyNamespace().list().getItems();
        List<MemberAccountRootState> accounts =
                client.resources(MemberAccountRootState.class).inAnyNamespace().list().getItems();
        List<PrivilegedRootTask> tasks =
                client.resources(PrivilegedRootTask.class).inAnyNamespace().list().getItems();
        return new ClusterProgress(policies, accounts, tasks);
    }

    @Override
    public void close() {
        client.close();
        kubernetes.close();
        sandbox.close();
    }
}
