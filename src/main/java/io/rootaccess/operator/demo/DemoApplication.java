package io.rootaccess.operator.demo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.runtime.QuarkusApplication;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.metrics.ResourceMetrics;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's main job, once Quarkus (and with it the operator) has started against the embedded
 * Kubernetes API and the sandbox: install the CRDs, apply the example manifests, show the accounts
 * converging, and finish with one summary line and a JSON report.
 */
public class DemoApplication implements QuarkusApplication {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PRINT_EVERY = Duration.ofSeconds(3);

    @Inject KubernetesClient client;

    @Inject ResourceMetrics resourceMetrics;

    @ConfigProperty(name = "quarkus.kubernetes-client.namespace", defaultValue = "root-access")
    String namespace;

    @Override
    public int run(String... args) throws Exception {
        DemoRun run = DemoRun.current();
        DemoSettings settings = run.settings();
        PrintStream out = System.out;
        long started = System.nanoTime();

        client.resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .endMetadata()
                                .build())
                .createOr(NonDeletingOperation::update);
        installCrds(settings.crdDir());
        ManifestLoader loader = new ManifestLoader(client, namespace);
        for (Path file : ManifestLoader.manifestFiles(settings.manifests())) {
            int n = loader.apply(file).size();
            out.printf("demo: applied %s (%d object%s)%n", file, n, n == 1 ? "" : "s");
        }

        var metricsEndpoint = DemoMetrics.endpoint();
        metricsEndpoint.ifPresent(
                uri -> out.printf("demo: metrics at %s while the demo runs%n", uri));

        DemoProgress progress = observe();
        // where the wall time goes (docs/benchmark.md): AssumeRoot calls and compliant accounts by
        // second, so time to the first AssumeRoot, the rate reached and the tail can be read off
        List<DemoReport.Sample> timeline = new java.util.ArrayList<>();
        long lastPrint = 0;
        String lastTable = "";
        while (true) {
            long elapsedNanos = System.nanoTime() - started;
            progress = observe();
            timeline.add(
                    new DemoReport.Sample(
                            Math.round((System.nanoTime() - started) / 1e8) / 10.0,
                            run.sandbox().calls().count("sts:AssumeRoot"),
                            run.sandbox().calls().total(),
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
            Thread.sleep(POLL.toMillis());
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        Path report =
                new DemoReport(client, run.sandbox())
                        .write(settings.reportDir(), progress, seconds, timeline);
        out.printf("demo: report written to %s%n", report);
        out.println(callSummary(run.sandbox().calls().snapshot(), progress.accountCount()));
        if (metricsEndpoint.isPresent()) {
            try {
                out.printf(
                        "demo: final metrics scrape written to %s%n",
                        DemoMetrics.saveFinalScrape(
                                metricsEndpoint.get(), resourceMetrics, settings.reportDir()));
            } catch (IOException e) {
                out.printf("demo: FAILED to save the metrics scrape: %s%n", e.getMessage());
                return 1;
            }
        }
        if (!progress.done()) {
            out.printf(
                    "demo: FAILED: not everything was Ready within %ds (DEMO_TIMEOUT): %s%n",
                    settings.timeout().toSeconds(), DemoReport.notReadyReasons(progress));
            return 1;
        }
        out.printf(
                "demo: %d policies Ready, %d/%d accounts compliant in %.1fs%n",
                progress.readyPolicies(),
                progress.compliantAccounts(),
                progress.accountCount(),
                seconds);
        return 0;
    }

    private DemoProgress observe() {
        List<RootAccessPolicy> policies =
                client.resources(RootAccessPolicy.class).inAnyNamespace().list().getItems();
        List<MemberAccountRootState> accounts =
                client.resources(MemberAccountRootState.class).inAnyNamespace().list().getItems();
        List<PrivilegedRootTask> tasks =
                client.resources(PrivilegedRootTask.class).inAnyNamespace().list().getItems();
        return new DemoProgress(policies, accounts, tasks);
    }

    /** CRDs from the committed crds/ folder (the same files users install). */
    private void installCrds(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            dir =
                    Path.of(
                            "target",
                            "kubernetes"); // what the build generated, when crds/ is not there
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "CRD folder not found: " + dir.toAbsolutePath() + " (set DEMO_CRDS)");
        }
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
