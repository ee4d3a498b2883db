package io.rootaccess.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed shape, after `package`: the launcher src/kubectl-plugin/bin/kubectl-rootaccess on
 * PATH, found and run by kubectl itself ({@code kubectl rootaccess ...}), the packaged jar against
 * an API server holding the demo's resources; exit codes pass through kubectl; the launcher's class
 * data sharing archive is written once and changes nothing in the output. Prints how long `kubectl
 * rootaccess status` takes (docs/kubectl-plugin.md). kubectl comes from -Dpackaging.kubectl, PATH
 * or target/tools (`make tools-helm`); without it the test is skipped, unless
 * -Dpackaging.tools.required=true (`make test`).
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class KubectlRootaccessIT {
    private static final Path BIN = Path.of("src/kubectl-plugin/bin");
    @TempDir static Path dir;
    private static final Path CACHE = Path.of("src/kubectl-plugin/target/it-cache");
    private static MockCluster cluster;
    private static Path kubeconfig;

    record Result(int exitCode, String out, String err, long millis) {}

    @BeforeAll
    static void start() throws Exception {
        assertTrue(
                Files.isRegularFile(
                        Path.of("src/kubectl-plugin/target/root-access-kubectl-plugin.jar")),
                "the packaged jar (mvn package) is missing");
        cluster = MockCluster.start().load("demo.yaml");
        kubeconfig = cluster.kubeconfig(dir, "root-access");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kubectlFindsThePluginOnPathAndPassesItsExitCodes() throws Exception {
        Path kubectl = kubectl();
        Result plan = run(kubectl.toString(), "rootaccess", "plan", "sandbox-dryrun");
        assertEquals(0, plan.exitCode(), plan.err());
        assertEquals(Files.readString(Golden.DIR.resolve("plan-sandbox-dryrun.txt")), plan.out());

        Result changes = run(kubectl.toString(), "rootaccess", "plan", "organization-wide");
        assertEquals(2, changes.exitCode(), changes.err());

        Result usage = run(kubectl.toString(), "rootaccess", "why", "12345");
        assertEquals(3, usage.exitCode());
        assertEquals(
                "error: ACCOUNT_ID must be a 12-digit AWS account id, got '12345'\n", usage.err());
    }

    @Test
    void statusThroughTheLauncherWithItsClassDataSharingArchive() throws Exception {
        List<Long> millis = new ArrayList<>();
        String first = null;
        for (int i = 0; i < 3; i++) {
            Result status = run(BIN.resolve("kubectl-rootaccess").toString(), "status");
            assertEquals(0, status.exitCode(), status.err());
            assertEquals("", status.err(), "nothing on stderr, the JVM's CDS lines included");
            assertTrue(status.out().startsWith("Organization o-0daiszfch3"), status.out());
            if (first == null) {
                first = status.out();
                // the first run wrote the archive the next ones map
                try (var files = Files.list(CACHE.resolve("kubectl-rootaccess"))) {
                    assertEquals(1, files.filter(f -> f.toString().endsWith(".jsa")).count());
                }
            } else {
                assertEquals(first, status.out());
            }
            millis.add(status.millis());
        }
        System.out.println(
                "kubectl-rootaccess status against the mock API server, ms (first run writes the"
                        + " CDS archive): "
                        + millis);
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(Arrays.asList(command));
        line.add("--kubeconfig");
        line.add(kubeconfig.toString());
        ProcessBuilder pb = new ProcessBuilder(line);
        Map<String, String> env = pb.environment();
        env.put("PATH", BIN.toAbsolutePath() + java.io.File.pathSeparator + env.get("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("XDG_CACHE_HOME", CACHE.toString());
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long started = System.nanoTime();
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", line) + " did not finish");
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                elapsed);
    }

    private static Path kubectl() {
        String configured = System.getProperty("packaging.kubectl", "");
        List<Path> candidates = new ArrayList<>();
        if (!configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String d :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isBlank()) {
                candidates.add(Path.of(d, "kubectl"));
            }
        }
        candidates.add(Path.of("target/tools/kubectl/kubectl"));
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String message = "kubectl is not installed: run `make tools-helm` (or put it on PATH)";
            if (Boolean.getBoolean("packaging.tools.required")) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}
