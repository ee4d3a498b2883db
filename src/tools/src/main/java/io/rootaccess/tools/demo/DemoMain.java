package io.rootaccess.tools.demo;

import io.rootaccess.kubectl.report.ReportFormat;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.ManifestLoader;
import io.rootaccess.tools.lab.ManifestValidation;
import io.rootaccess.tools.lab.OperatorProcess;
import io.rootaccess.tools.lab.SecretScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * `make demo`: the simulated organization and an embedded Kubernetes API on 127.0.0.1, and the
 * packaged operator (what the image runs) as a process of its own pointed at both. Applies the CRDs
 * and examples/, shows the accounts converging, and exits 0 when every policy is Ready. Nothing
 * leaves the machine; no cluster, AWS account or Docker is needed.
 */
public final class DemoMain {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PRINT_EVERY = Duration.ofSeconds(3);

    private DemoMain() {}

    public static void main(String... args) throws Exception {
        DemoSettings settings;
        try {
            settings = DemoSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        int exit;
        try {
            exit = run(settings, System.out);
        } catch (Exception e) {
            System.err.println("demo: FAILED: " + e);
            e.printStackTrace(); // the cause is usually a few levels down
            exit = 1;
        }
        System.exit(exit);
    }

    static int run(DemoSettings settings, PrintStream out) throws Exception {
        if (!manifestsValid(settings, out)) {
            return 1;
        }
        // the management account's event queue on: the demo shows the event source at work
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("SANDBOX_EVENTS", "true");
        return run(settings, out, DemoOrganization.start(settings, env));
    }

    /**
     * DEMO_MANIFESTS against the CRDs' schema and CEL rules, before anything starts: a cluster's
     * API server refuses an invalid object at `kubectl apply`, so the demo does too, naming the
     * file, the object and the field.
     */
    static boolean manifestsValid(DemoSettings settings, PrintStream out) throws IOException {
        List<ManifestValidation.Refusal> refused =
                ManifestValidation.check(
                        ManifestLoader.manifestFiles(settings.manifests()),
                        crdDir(settings.crdDir()),
                        LabCluster.NAMESPACE);
        for (ManifestValidation.Refusal refusal : refused) {
            out.println("demo: invalid manifest: " + refusal.describe());
        }
        if (!refused.isEmpty()) {
            out.printf(
                    "demo: %d object%s in %s would be refused by the API server (schema in %s);"
                            + " nothing was started%n",
                    refused.size(),
                    refused.size() == 1 ? "" : "s",
                    settings.manifests(),
                    crdDir(settings.crdDir()));
        }
        return refused.isEmpty();
    }

    /** The demo on a sandbox the caller started (and may inspect afterwards). */
    static int run(DemoSettings settings, PrintStream out, Sandbox sandbox) throws Exception {
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        out.printf(
                "demo: simulated organization %s with %d member accounts at %s%n",
                sandbox.organization().id(),
                sandbox.organization().accountIds().size() - 1,
                sandbox.endpoint());
        out.printf("demo: embedded Kubernetes API at %s%n", kubernetes.url());
        Files.createDirectories(settings.reportDir());
        try (LabCluster cluster =
                new LabCluster(
                        sandbox,
                        kubernetes,
                        settings.operatorJar(),
                        settings.reportDir(),
                        "demo")) {
            cluster.installCrds(crdDir(settings.crdDir()));
            // the operator runs before anyone applies a policy, as in a cluster: the clock starts
            // at the apply, once the operator holds its Lease
            int httpPort = freePort();
            Map<String, String> props = new java.util.HashMap<>();
            props.put("quarkus.http.port", Integer.toString(httpPort));
            sandbox.eventQueueUrl()
                    .ifPresent(
                            url -> {
                                props.put("rootaccess.events.queue-url", url);
                                props.put("rootaccess.events.wait-time", "2s");
                            });
            OperatorProcess operator =
                    cluster.startOperator("demo-operator", kubernetes.url(), props);
            URI metrics = URI.create("http://127.0.0.1:" + httpPort + "/q/metrics");
            out.printf(
                    "demo: operator started from %s (log: %s)%n",
                    settings.operatorJar(), operator.log());
            awaitLeader(cluster, operator);
            long started = System.nanoTime();
            ManifestLoader loader = new ManifestLoader(cluster.client(), LabCluster.NAMESPACE);
            for (Path file : ManifestLoader.manifestFiles(settings.manifests())) {
                int n = loader.apply(file).size();
                out.printf("demo: applied %s (%d object%s)%n", file, n, n == 1 ? "" : "s");
            }
            out.printf("demo: metrics at %s while the demo runs%n", metrics);
            try {
                return watch(settings, out, cluster, operator, metrics, started);
            } finally {
                operator.stop();
            }
        }
    }

    private static int watch(
            DemoSettings settings,
            PrintStream out,
            LabCluster cluster,
            OperatorProcess operator,
            URI metrics,
            long started)
            throws Exception {
        Sandbox sandbox = cluster.sandbox();
        ClusterProgress progress = cluster.observe();
        // where the wall time goes (docs/benchmark.md): AssumeRoot calls and compliant accounts by
        // second, so time to the first AssumeRoot, the rate reached and the tail can be read off
        List<DemoReport.Sample> timeline = new ArrayList<>();
        long lastPrint = 0;
        String lastTable = "";
        while (true) {
            long elapsedNanos = System.nanoTime() - started;
            progress = cluster.observe();
            timeline.add(
                    new DemoReport.Sample(
                            Math.round(elapsedNanos / 1e8) / 10.0,
                            sandbox.calls().count("sts:AssumeRoot"),
                            sandbox.calls().total(),
                            progress.compliantAccounts()));
            String table = progress.render(0);
            boolean due = elapsedNanos - lastPrint >= PRINT_EVERY.toNanos();
            if (progress.done() || (due && !table.equals(lastTable))) {
                out.print(progress.render(elapsedNanos / 1_000_000_000L));
                lastPrint = elapsedNanos;
                lastTable = table;
            }
            if (progress.done() || elapsedNanos > settings.timeout().toNanos()) {
                break;
            }
            if (!operator.alive()) {
                out.printf(
                        "demo: FAILED: the operator process exited; its log: %s%n", operator.log());
                return 1;
            }
            Thread.sleep(POLL.toMillis());
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        // converged: a recovery allowed behind the operator's back, read from the event queue
        Optional<DemoEventDrift.Result> drift = Optional.empty();
        if (progress.done() && sandbox.eventQueueUrl().isPresent()) {
            drift = DemoEventDrift.run(cluster, metrics, out);
            drift.ifPresent(d -> out.println(d.line()));
            progress = cluster.observe();
        }
        Path report =
                new DemoReport(cluster.client(), sandbox)
                        .eventDrift(drift)
                        .write(settings.reportDir(), progress, seconds, timeline);
        out.printf("demo: report written to %s%n", report);
        Set<String> secrets = new TreeSet<>(sandbox.issuedSecrets());
        secrets.add(sandbox.managementCredentials().secretAccessKey());
        SecretScanner scanner = new SecretScanner(secrets);
        int leaked =
                scanner.find(Files.readString(report)).size()
                        + scanner.find(Files.readString(operator.log())).size();
        if (leaked > 0) {
            out.printf(
                    "demo: FAILED: %d secrets the sandbox issued appear in the report or the"
                            + " operator's log%n",
                    leaked);
            return 1;
        }
        if (!writeRootCredentialsReport(settings, out, cluster)) {
            return 1;
        }
        out.println(callSummary(sandbox.calls().snapshot(), progress.accountCount()));
        try {
            out.printf(
                    "demo: final metrics scrape written to %s%n",
                    DemoMetrics.saveFinalScrape(
                            metrics, progress.compliantAccounts(), settings.reportDir()));
        } catch (IOException e) {
            out.printf("demo: FAILED to save the metrics scrape: %s%n", e.getMessage());
            return 1;
        }
        if (!progress.done()) {
            out.printf(
                    "demo: FAILED: not everything was Ready within %ds (DEMO_TIMEOUT): %s%n",
                    settings.timeout().toSeconds(), DemoReport.notReadyReasons(progress));
            return 1;
        }
        if (sandbox.eventQueueUrl().isPresent() && (drift.isEmpty() || !drift.get().repaired())) {
            return 1; // said above: no account to drift, or not repaired in time
        }
        out.printf(
                "demo: %d policies Ready, %d/%d accounts compliant in %.1fs%s%n",
                progress.readyPolicies(),
                progress.compliantAccounts(),
                progress.accountCount(),
                seconds,
                drift.map(d -> "; 1 recovery allowed behind the operator's back, repaired")
                        .orElse(""));
        return 0;
    }

    /**
     * `kubectl rootaccess report` in csv, json and md, by the plugin's code, and its credential
     * columns checked against the simulated organization: false (after saying why) when they
     * differ.
     */
    private static boolean writeRootCredentialsReport(
            DemoSettings settings, PrintStream out, LabCluster cluster) throws IOException {
        Map<ReportFormat, Path> files =
                DemoRootCredentialsReport.write(
                        cluster.client(),
                        LabCluster.NAMESPACE,
                        settings.reportDir(),
                        settings.operatorJar(),
                        Instant.now());
        out.printf(
                "demo: root credentials report (kubectl rootaccess report) written to %s%n",
                files.values().stream().map(Path::toString).collect(Collectors.joining(", ")));
        DemoRootCredentialsReport.Comparison comparison =
                DemoRootCredentialsReport.compare(
                        files.get(ReportFormat.JSON), cluster.sandbox().organization());
        if (!comparison.differences().isEmpty()) {
            out.printf(
                    "demo: FAILED: the report's root credentials differ from the simulated"
                            + " organization: %s%n",
                    String.join("; ", comparison.differences()));
            return false;
        }
        out.printf(
                "demo: the report's root credentials match the simulated organization for all %d"
                        + " audited accounts%n",
                comparison.auditedRows());
        return true;
    }

    /** Until the operator holds its Lease (its controllers run from then on). */
    private static void awaitLeader(LabCluster cluster, OperatorProcess operator)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (cluster.leaseHolder().isEmpty()) {
            if (!operator.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the operator did not take its Lease within 60 s; its log: "
                                + operator.log());
            }
            Thread.sleep(100);
        }
    }

    /** CRDs from the committed crds/ folder (the same files users install). */
    private static Path crdDir(Path dir) {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path generated = Path.of("src", "operator", "target", "kubernetes");
        if (Files.isDirectory(generated)) {
            return generated; // what the build generated, when crds/ is not there
        }
        throw new IllegalStateException(
                "CRD folder not found: " + dir.toAbsolutePath() + " (set DEMO_CRDS)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** What the convergence cost in AWS calls, by service, and per managed account. */
    static String callSummary(Map<String, Long> calls, long accounts) {
        Map<String, Long> byService = new TreeMap<>();
        calls.forEach((op, n) -> byService.merge(op.substring(0, op.indexOf(':')), n, Long::sum));
        long total = byService.values().stream().mapToLong(Long::longValue).sum();
        long perAccount = Math.max(1, accounts);
        return String.format(
                Locale.ROOT,
                "demo: %d AWS calls (%s); per account: %.1f sts:AssumeRoot, %.1f IAM",
                total,
                byService.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")),
                calls.getOrDefault("sts:AssumeRoot", 0L) / (double) perAccount,
                byService.getOrDefault("iam", 0L) / (double) perAccount);
    }
}
