package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas (child JVMs of the packaged jar, leader election on) against one embedded
 * Kubernetes API, both scraped as Prometheus scrapes two pods: the resource gauges summed over both
 * equal the resources in the cluster (not twice as many), exactly one replica says it leads, and
 * the follower exports no resource series. Runs after `package` (failsafe), since it needs
 * target/quarkus-app.
 */
@Tag("system") // starts operator processes: the system tier (the module's pom)
class TwoReplicaMetricsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void resourceGaugesSummedOverTwoReplicasEqualTheResources() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "chaos", "two-replica-metrics-it"));
        Sandbox sandbox =
                DemoOrganization.start(DemoSettings.fromEnvironment(Map.of("DEMO_ACCOUNTS", "12")));
        try (LabCluster cluster =
                new LabCluster(
                        sandbox, EmbeddedKubernetes.start(), OperatorProcess.DEFAULT_JAR, logs)) {
            cluster.installCrds(Path.of("crds"));
            int portA = freePort();
            int portB = freePort();
            try (OperatorProcess a = replica(cluster, "replica-a", portA);
                    OperatorProcess b = replica(cluster, "replica-b", portB)) {
                cluster.applyManifests(Path.of("examples"));
                // every account of the examples' policies exists (the rollout is done): the truth
                // no longer grows
                Awaitility.await("the rollout of examples/")
                        .atMost(Duration.ofSeconds(240))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> cluster.observe().done());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                String last = "nothing scraped yet";
                while (System.nanoTime() < deadline) {
                    long accounts = count(cluster, MemberAccountRootState.class);
                    long tasks = count(cluster, PrivilegedRootTask.class);
                    String scrapeA = scrape(portA);
                    String scrapeB = scrape(portB);
                    double leaders =
                            sum(scrapeA, "rootaccess_operator_leader")
                                    + sum(scrapeB, "rootaccess_operator_leader");
                    double accountSum =
                            sum(scrapeA, "rootaccess_accounts")
                                    + sum(scrapeB, "rootaccess_accounts");
                    double taskSum =
                            sum(scrapeA, "rootaccess_tasks") + sum(scrapeB, "rootaccess_tasks");
                    boolean stable =
                            accounts == count(cluster, MemberAccountRootState.class)
                                    && tasks == count(cluster, PrivilegedRootTask.class);
                    last =
                            String.format(
                                    "accounts %d, summed rootaccess_accounts %.0f; tasks %d, summed"
                                            + " rootaccess_tasks %.0f; summed leader %.0f",
                                    accounts, accountSum, tasks, taskSum, leaders);
                    if (stable
                            && accounts > 0
                            && leaders == 1
                            && accountSum == accounts
                            && taskSum == tasks) {
                        String follower =
                                sum(scrapeA, "rootaccess_operator_leader") == 1 ? scrapeB : scrapeA;
                        assertEquals(
                                0,
                                series(follower, "rootaccess_accounts"),
                                "the follower exports account series");
                        System.out.println("two replicas: " + last);
                        return;
                    }
                    Thread.sleep(500);
                }
                fail("the summed gauges never equalled the resources within 60 s: " + last);
            }
        }
    }

    private static OperatorProcess replica(LabCluster cluster, String name, int port)
            throws Exception {
        return cluster.startOperator(
                name,
                cluster.kubernetes().url(),
                Map.of(
                        "quarkus.http.host", "127.0.0.1",
                        "quarkus.http.port", Integer.toString(port),
                        "rootaccess.metrics-refresh-interval", "1s"));
    }

    private static long count(
            LabCluster cluster, Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind) {
        return cluster.client().resources(kind).inAnyNamespace().list().getItems().size();
    }

    /** The endpoint's text, or "" while the replica is not serving yet. */
    private static String scrape(int port) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    /** Sum of the family's samples (name followed by labels or a space). */
    private static double sum(String text, String family) {
        return text.lines()
                .filter(l -> l.startsWith(family + "{") || l.startsWith(family + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long series(String text, String family) {
        return text.lines().filter(l -> l.startsWith(family + "{")).count();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
