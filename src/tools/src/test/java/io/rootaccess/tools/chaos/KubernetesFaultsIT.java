package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes side fails under a running operator (a child JVM of the packaged jar): 30 % of
 * status writes answered 409 or 500 throughout, and mid rollout the API server unreachable for 35 s
 * (longer than JOSDK's default 5 retries, about 26 s), every connection and watch cut. The operator
 * must keep retrying and finish the rollout of examples/ once the API is back, with no outside
 * event to wake it. Leader election is off here: a leader that cannot renew its Lease for
 * renewDeadline exits on purpose (JOSDK), and Kubernetes restarts it; this test is about the
 * retries of one process that stays up.
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class KubernetesFaultsIT {
    private static final Path JAR = OperatorProcess.DEFAULT_JAR;

    @Test
    void convergesThroughStatusWriteFaultsAnOutageAndClosedWatches() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "chaos", "kubernetes-faults-it"));
        Sandbox sandbox =
                DemoOrganization.start(DemoSettings.fromEnvironment(Map.of("DEMO_ACCOUNTS", "30")));
        EmbeddedKubernetes api = EmbeddedKubernetes.start();
        try (LabCluster cluster = new LabCluster(sandbox, api, JAR, logs);
                TcpOutageProxy proxy = new TcpOutageProxy(api.port())) {
            cluster.installCrds(Path.of("crds"));
            api.dispatcher().statusFaultShare(0.3);
            try (OperatorProcess operator =
                    cluster.startOperator(
                            "faulty-api",
                            "http://127.0.0.1:" + proxy.port(),
                            Map.of("rootaccess.leader-election.enabled", "false"))) {
                cluster.applyManifests(Path.of("examples"));
                await(
                        Duration.ofSeconds(90),
                        () -> sandbox.calls().total() > 50,
                        "no AWS work started",
                        operator);

                proxy.down();
                Thread.sleep(35_000);
                proxy.up();

                await(
                        Duration.ofSeconds(240),
                        () -> cluster.observe().done(),
                        "did not converge after the outage",
                        operator);
                assertTrue(
                        api.dispatcher().statusFaultsInjected() > 0,
                        "no status fault was injected");
                assertTrue(operator.alive(), "the operator died");
                System.out.printf(
                        "kubernetes faults: converged; %d status writes answered 409/500%n",
                        api.dispatcher().statusFaultsInjected());
            }
        }
    }

    private static void await(
            Duration timeout,
            java.util.function.BooleanSupplier condition,
            String message,
            OperatorProcess p)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // the harness's own client meets the injected faults too
            }
            Thread.sleep(500);
        }
        String log = Files.exists(p.log()) ? Files.readString(p.log()) : "";
        fail(
                message
                        + " within "
                        + timeout
                        + "\n"
                        + log.substring(Math.max(0, log.length() - 4000)));
    }
}
