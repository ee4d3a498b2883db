package io.rootaccess.tools.image;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;

/**
 * The image of `make image`, run as a cluster would run it: its layers unpacked into a root
 * filesystem, its own entrypoint and cmd started there as its user (read from the image's config),
 * with the chart's JAVA_OPTS_APPEND and settings as environment variables, against the sandbox and
 * the embedded Kubernetes API on 127.0.0.1. It must take the Lease and converge a small
 * organization with a policy in Enforce, and report the image's version. `make image-smoke` runs it
 * with -Dimage.archive (CI too).
 */
class ImageSmokeIT {
    static final String REPLICA = "image-smoke";

    @Test
    void theImagesEntrypointTakesTheLeaseAndConvergesAnOrganization() throws Exception {
        Path archive = ImageContentIT.archive();
        OciImage image = OciImage.open(archive);
        Path work = Path.of("target", "image-smoke");
        Path rootfs = work.resolve("rootfs");
        OciImage.delete(rootfs);
        OciImage.delete(work.resolve("logs"));
        long unpackStart = System.nanoTime();
        image.unpack(rootfs);
        System.out.printf(
                "image-smoke: unpacked %d layers in %d ms%n",
                image.layerDigests().size(), (System.nanoTime() - unpackStart) / 1_000_000);

        int httpPort = freePort();
        Map<String, String> environment = new LinkedHashMap<>(image.env());
        // what the chart's javaOptions pass; a small heap, since the machine is shared
        environment.put("JAVA_OPTS_APPEND", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        List<String> command = RootFilesystemCommand.of(image, rootfs);

        Sandbox sandbox =
                DemoOrganization.start(DemoSettings.fromEnvironment(Map.of("DEMO_ACCOUNTS", "8")));
        long started = System.nanoTime();
        try (LabCluster cluster =
                new LabCluster(
                        sandbox,
                        EmbeddedKubernetes.start(),
                        OperatorProcess.DEFAULT_JAR,
                        work.resolve("logs"))) {
            cluster.installCrds(Path.of("crds"));
            cluster.applyManifests(Path.of("examples/policies/organization-wide.yaml"));
            try (OperatorProcess operator =
                    cluster.startOperatorCommand(
                            REPLICA,
                            command,
                            environment,
                            Map.of(
                                    "quarkus.http.port",
                                    Integer.toString(httpPort),
                                    // start and stop lines
                                    "quarkus.log.category.\"io.quarkus\".level",
                                    "INFO"))) {
                awaitTrue(
                        Duration.ofSeconds(120),
                        () -> cluster.leaseHolder().equals(Optional.of(REPLICA)),
                        "the image's operator did not take the Lease",
                        operator);
                Duration leader = Duration.ofNanos(System.nanoTime() - started);

                // the operator's JVM runs as the image's user, in its own root filesystem
                ProcessHandle jvm =
                        operator.descendants().stream()
                                .filter(p -> p.info().command().orElse("").contains("java"))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        "no java process under "
                                                                + operator.descendants()));
                assertEquals(
                        image.user().split(":")[0],
                        uid(jvm),
                        "the operator runs as the image's user");
                assertEquals(
                        rootfs.toAbsolutePath().normalize(),
                        Path.of("/proc/" + jvm.pid() + "/root").toRealPath(),
                        "the operator runs in the image's root filesystem");

                awaitTrue(
                        Duration.ofSeconds(180),
                        () -> cluster.observe().done(),
                        "the organization did not converge",
                        operator);
                Duration converged = Duration.ofNanos(System.nanoTime() - started);
                ClusterProgress progress = cluster.observe();
                // the sandbox tells the replica's calls by its SDK app id (User-Agent app/NAME)
                String agent = "app/" + REPLICA;
                assertTrue(
                        sandbox.calls().callsBy(agent, "sts:AssumeRoot") > 0
                                && sandbox.calls().callsBy(agent, "iam:DeleteLoginProfile") > 0,
                        "the operator opened root sessions and removed root passwords: "
                                + sandbox.calls().byAgent());
                // the gauges appear with the first metrics refresh
                // (rootaccess.metrics-refresh-interval)
                String metrics =
                        await().atMost(Duration.ofSeconds(60))
                                .pollInterval(Duration.ofMillis(500))
                                .until(
                                        () -> scrape(httpPort),
                                        m -> m.contains("rootaccess_operator_info"));
                String version = image.labels().get("org.opencontainers.image.version");
                assertEquals(
                        List.of("rootaccess_operator_info{version=\"" + version + "\"} 1.0"),
                        metrics.lines()
                                .filter(l -> l.startsWith("rootaccess_operator_info"))
                                .toList(),
                        "the operator reports the image's version");

                // SIGTERM, as the kubelet stops a pod: the operator stops by itself within the
                // grace period (30 s; OperatorProcess.stop sends SIGKILL after that, exit code 137)
                long stopping = System.nanoTime();
                operator.stop();
                Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
                assertTrue(
                        operator.exitValue() == 143 || operator.exitValue() == 0,
                        "the operator did not stop on SIGTERM (exit code "
                                + operator.exitValue()
                                + " after "
                                + stop.toMillis()
                                + " ms)");
                System.out.printf(
                        "image-smoke: leader after %d ms, %d policy Ready with %d accounts after"
                                + " %d ms, %d AWS calls by %s; stopped on SIGTERM in %d ms (exit code"
                                + " %d)%n",
                        leader.toMillis(),
                        progress.readyPolicies(),
                        progress.accountCount(),
                        converged.toMillis(),
                        sandbox.calls().callsBy(agent),
                        REPLICA,
                        stop.toMillis(),
                        operator.exitValue());
            }
        }
    }

    private static String uid(ProcessHandle process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1];
            }
        }
        throw new AssertionError("no Uid in /proc/" + process.pid() + "/status");
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:" + port + "/q/metrics"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits for condition; on a timeout (or the operator's exit) fails with its log's tail. */
    private static void awaitTrue(
            Duration timeout, BooleanSupplier condition, String message, OperatorProcess operator)
            throws IOException {
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .failFast("the operator exited", () -> !operator.alive())
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            String log = Files.exists(operator.log()) ? Files.readString(operator.log()) : "";
            fail(
                    message
                            + ": "
                            + e.getMessage()
                            + "\n--- "
                            + operator.log()
                            + " ---\n"
                            + log.substring(Math.max(0, log.length() - 4000)));
        }
    }
}
