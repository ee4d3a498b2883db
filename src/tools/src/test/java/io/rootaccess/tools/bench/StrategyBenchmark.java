package io.rootaccess.tools.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;

/**
 * `make bench`: the operator against what users run instead, on the same organization and sandbox
 * settings. Step (a), the operator, is the demo run by the Makefile just before (its report in
 * target/bench/operator); this class runs (b) a sequential loop and (c) every account at once with
 * default SDK retries, each on a fresh copy of the organization, adds (d) the bound, prints the
 * table and writes target/bench/results.json. Enabled only with -Dbench=true: benchmarks are not
 * timed tests.
 */
class StrategyBenchmark {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path DIR = Path.of("target", "bench");

    /**
     * Every request to the embedded API logged at INFO would cost this JVM more than serving it.
     */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    record Result(
            String strategy,
            long accounts,
            long converged,
            long failed,
            double wallSeconds,
            double accountsPerSecond,
            double assumeRootPerAccount,
            double awsCallsPerAccount,
            double throttledPercent,
            double percentOfBound) {}

    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void compareStrategies() throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        int accounts = Integer.getInteger("bench.accounts", 1000);
        double assumeRootRate =
                Double.parseDouble(System.getProperty("bench.assume-root-rate", "20"));
        int pool = Integer.getInteger("bench.pool", 200);
        // BENCH_STRATEGIES: which of operator, sequential, at-once run (default all); the bound
        // is always added. At 10,000 accounts the sequential loop alone takes about 40 minutes,
        // so the strategies can run in separate invocations.
        List<String> strategies =
                List.of(
                        System.getProperty("bench.strategies", "operator,sequential,at-once")
                                .split("[, ]+"));
        OperatorRun report = null;

        List<Result> results = new ArrayList<>();
        // the bound needs the ACTIVE selected accounts: read them from a fresh copy (suspended ones
        // get no session)
        List<String> active;
        try (Sandbox sb = freshOrganization(accounts)) {
            TreeSet<String> selected = selectedByExample(sb.organization());
            active =
                    selected.stream()
                            .filter(id -> "ACTIVE".equals(sb.organization().accountState(id)))
                            .toList();
        }
        double bound = active.size() / assumeRootRate;
        if (strategies.contains("operator")) {
            report = operatorInOwnJvm(accounts, active);
            results.add(report.result(active, bound));
        }
        if (strategies.contains("sequential")) {
            results.add(
                    run(
                            "sequential loop (one delete session per account)",
                            accounts,
                            active,
                            bound,
                            1));
        }
        if (strategies.contains("at-once")) {
            results.add(
                    run(
                            "every account at once (" + pool + " threads, default SDK retries)",
                            accounts,
                            active,
                            bound,
                            pool));
        }
        results.add(
                new Result(
                        "bound (AssumeRoot needed / " + fmt(assumeRootRate) + " per s)",
                        active.size(),
                        active.size(),
                        0,
                        bound,
                        assumeRootRate,
                        1,
                        Double.NaN,
                        0,
                        100));

        String table = table(results);
        if (report != null) {
            table += report.phases(active, bound);
        }
        System.out.println(table);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountsInOrganization", accounts);
        out.put("selectedActiveAccounts", active.size());
        out.put("sandboxLatency", System.getenv().getOrDefault("SANDBOX_LATENCY", "0"));
        out.put("sandboxAssumeRootRate", assumeRootRate);
        if (report != null) {
            out.put("operatorJvm", OperatorRun.JVM);
            out.put("operatorHeapAfterFullGcBytes", report.heapAfterFullGcBytes());
            out.put("operatorPeakRssBytes", report.peakRssBytes());
            out.put("cpuSecondsDuringTheRun", report.cpu());
            out.put("apiServerDuringTheRun", report.apiServer());
            out.put("operatorStartUpSecondsBeforeTheClock", report.startUpSeconds());
            out.put("operatorSecondsToFirstAwsCall", report.firstAwsCallSeconds());
            out.put("operatorSecondsToFirstAssumeRoot", report.firstAssumeRootSeconds());
            out.put(
                    "operatorWallFromFirstAssumeRootSeconds",
                    report.wallSeconds() - report.firstAssumeRootSeconds());
            out.put(
                    "operatorPercentOfBoundFromFirstAssumeRoot",
                    report.failed(active) > 0
                            ? null
                            : 100
                                    * bound
                                    / (report.wallSeconds() - report.firstAssumeRootSeconds()));
            out.put("operatorTimeline", report.timeline());
            out.put("operatorCallsUntilFirstAssumeRoot", report.startCalls());
            out.put("operatorAssumeRootBySecond", report.assumeRootBySecond());
        }
        out.put("results", results);
        Files.createDirectories(DIR);
        JSON.writeValue(DIR.resolve("results.json").toFile(), out);
        Files.writeString(DIR.resolve("results.txt"), table);
        assertTrue(
                results.get(0).converged() > 0,
                "the first strategy converged nothing: is the sandbox set up?");
    }

    /**
     * What examples/policies/organization-wide.yaml selects when it is applied alone: every member
     * account except those under the Sandbox OU (nested OUs included) and the hand-managed one.
     */
    static TreeSet<String> selectedByExample(SandboxOrganization org) {
        TreeSet<String> selected = new TreeSet<>();
        for (String id : org.accountIds()) {
            if (id.equals(org.managementAccountId())
                    || id.equals(DemoOrganization.HAND_MANAGED_ACCOUNT)) {
                continue;
            }
            boolean inSandboxOu = false;
            for (String p = org.parentOf(id);
                    p != null && !p.equals(org.rootId());
                    p = org.parentOf(p)) {
                if (p.equals(DemoOrganization.SANDBOX_OU)) {
                    inSandboxOu = true;
                    break;
                }
            }
            if (!inSandboxOu) {
                selected.add(id);
            }
        }
        return selected;
    }

    /** A fresh copy of the seeded organization, every switch still off. */
    private static Sandbox organizationSwitchesOff(int accounts) throws Exception {
        return DemoOrganization.start(
                new DemoSettings(
                        accounts,
                        Path.of("examples"),
                        null,
                        Duration.ofHours(1),
                        DIR,
                        Path.of("crds"),
                        OperatorProcess.DEFAULT_JAR));
    }

    /**
     * (a) the operator as it runs in a cluster: a JVM of its own (the packaged jar, started as
     * `make chaos` starts replicas: {@link OperatorProcess}), against the sandbox and the embedded
     * Kubernetes API in this JVM, so its heap and resident memory are its own. The organization
     * starts with every switch off. The operator is started first, as it runs in a cluster before
     * anyone commits a policy; the clock starts when the policy is applied, once the operator holds
     * its Lease (and 2 s more for its informers to start). Its start-up is reported apart.
     */
    private static OperatorRun operatorInOwnJvm(int accounts, List<String> active)
            throws Exception {
        Path jar = OperatorProcess.DEFAULT_JAR;
        long timeoutNanos = Duration.ofSeconds(Long.getLong("bench.timeout", 3600)).toNanos();
        Sandbox sb = organizationSwitchesOff(accounts);
        try (LabCluster cluster =
                new LabCluster(sb, EmbeddedKubernetes.start(), jar, DIR.resolve("operator"))) {
            cluster.installCrds(Path.of("crds"));
            sb.calls().reset();
            List<OperatorRun.Sample> timeline = new ArrayList<>();
            List<long[]> assumeRootCumulative = new ArrayList<>();
            long processStart = System.nanoTime();
            long start = processStart;
            double startUp = Double.NaN;
            List<OperatorRun.StartCall> startCalls = List.of();
            OperatorRun.Cpu cpu = null;
            OperatorRun.ApiServer apiServer = null;
            double firstCall = Double.NaN;
            double firstAssumeRoot = Double.NaN;
            ClusterProgress progress = null;
            long lastObserved = 0;
            try (OperatorProcess op =
                    cluster.startOperator(
                            "bench-operator",
                            OperatorRun.JVM,
                            // one replica: a slow embedded API server at 10,000 accounts
                            // must not cost it the Lease of the chaos profile (it then exits)
                            Map.of(
                                    "rootaccess.leader-election.lease-duration", "300s",
                                    "rootaccess.leader-election.renew-deadline", "240s"))) {
                while (cluster.leaseHolder().filter("bench-operator"::equals).isEmpty()
                        && System.nanoTime() - processStart < timeoutNanos
                        && op.alive()) {
                    Thread.sleep(50);
                }
                Thread.sleep(2000); // it starts its controllers once it leads
                startUp = (System.nanoTime() - processStart) / 1e9;
                start = System.nanoTime();
                double operatorCpuAtStart = OperatorRun.cpuSeconds(op.pid());
                double benchCpuAtStart = OperatorRun.cpuSeconds(ProcessHandle.current().pid());
                var api = cluster.kubernetes().dispatcher();
                Map<String, Long> apiAtStart = api.requestCounts();
                double apiSecondsAtStart = api.crudSeconds();
                cluster.applyManifests(DIR.resolve("manifests"));
                while (System.nanoTime() - start < timeoutNanos && op.alive()) {
                    double t = (System.nanoTime() - start) / 1e9;
                    long calls = sb.calls().total();
                    long assumeRoot = sb.calls().count("sts:AssumeRoot");
                    if (Double.isNaN(firstCall) && calls > 0) {
                        firstCall = t;
                    }
                    if (Double.isNaN(firstAssumeRoot) && assumeRoot > 0) {
                        firstAssumeRoot = t;
                    }
                    if (t >= assumeRootCumulative.size() + 1) {
                        assumeRootCumulative.add(
                                new long[] {
                                    assumeRootCumulative.size() + 1,
                                    sb.calls().outcomeCount("sts:AssumeRoot", CallLog.OK),
                                    sb.calls().outcomeCount("sts:AssumeRoot", "Throttling")
                                });
                    }
                    // Listing every resource is expensive for the embedded API server the operator
                    // talks to: once a second near the end (all AssumeRoot calls made), every 10 s
                    // before (at 10,000 accounts a list a second slowed the operator down).
                    long every = assumeRoot >= active.size() ? 1_000_000_000L : 10_000_000_000L;
                    if (System.nanoTime() - lastObserved >= every) {
                        lastObserved = System.nanoTime();
                        progress = cluster.observe();
                        timeline.add(
                                new OperatorRun.Sample(
                                        Math.round(t * 10) / 10.0,
                                        assumeRoot,
                                        calls,
                                        progress.compliantAccounts()));
                        if (progress.done()) {
                            break;
                        }
                    }
                    Thread.sleep(100);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                assertTrue(op.alive(), "the operator process exited; see " + op.log());
                startCalls = OperatorRun.startCalls(sb.calls().firstCalls(), start);
                // CPU during the run, before jcmd's full GC adds to it: on a 2-core machine the
                // operator, the sandbox and the embedded API server share wall x 2 CPU seconds
                cpu =
                        new OperatorRun.Cpu(
                                OperatorRun.cpuSeconds(op.pid()) - operatorCpuAtStart,
                                OperatorRun.cpuSeconds(ProcessHandle.current().pid())
                                        - benchCpuAtStart,
                                Runtime.getRuntime().availableProcessors());
                Map<String, Long> apiRequests = new TreeMap<>();
                api.requestCounts()
                        .forEach((m, n) -> apiRequests.put(m, n - apiAtStart.getOrDefault(m, 0L)));
                apiServer =
                        new OperatorRun.ApiServer(
                                apiRequests, api.crudSeconds() - apiSecondsAtStart);
                long heap = OperatorRun.heapAfterFullGc(op.pid());
                long rss = OperatorRun.peakRss(op.pid());
                Map<String, Long> calls = new TreeMap<>(sb.calls().snapshot());
                long throttled = sb.calls().outcomeCount("Throttling");
                return new OperatorRun(
                        wall,
                        startUp,
                        firstCall,
                        firstAssumeRoot,
                        OperatorRun.compliant(progress),
                        calls,
                        throttled,
                        heap,
                        rss,
                        timeline,
                        startCalls,
                        cpu,
                        apiServer,
                        OperatorRun.perSecond(assumeRootCumulative));
            }
        }
    }

    private static Sandbox freshOrganization(int accounts) throws Exception {
        Sandbox sb =
                DemoOrganization.start(
                        new DemoSettings(
                                accounts,
                                Path.of("examples"),
                                null,
                                Duration.ofHours(1),
                                DIR,
                                Path.of("crds"),
                                OperatorProcess.DEFAULT_JAR));
        SandboxOrganization org = sb.organization();
        // what the operator switches on first; the loops are given them for free
        org.enableCentralRootAccess();
        return sb;
    }

    /**
     * (b) with threads = 1, (c) with many: each account gets one DELETE root session, lists and
     * deletes.
     */
    private static Result run(
            String name, int accounts, List<String> active, double bound, int threads)
            throws Exception {
        try (Sandbox sb = freshOrganization(accounts);
                SdkHttpClient http =
                        ApacheHttpClient.builder().maxConnections(Math.max(50, threads)).build()) {
            var management =
                    AwsBasicCredentials.create(
                            sb.managementCredentials().accessKeyId(),
                            sb.managementCredentials().secretAccessKey());
            // default SDK retry policy (standard mode: 3 attempts with back-off), as a user's
            // script would have
            StsClient sts =
                    StsClient.builder()
                            .endpointOverride(sb.endpoint())
                            .region(Region.US_EAST_1)
                            .httpClient(http)
                            .credentialsProvider(StaticCredentialsProvider.create(management))
                            .build();
            sb.calls().reset();
            AtomicInteger converged = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            for (String id : active) {
                work.add(
                        pool.submit(
                                () -> {
                                    try {
                                        deleteEverything(sb, sts, http, id);
                                        converged.incrementAndGet();
                                    } catch (RuntimeException e) {
                                        failed.incrementAndGet();
                                    }
                                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            sts.close();
            long total = sb.calls().total();
            long throttled = sb.calls().outcomeCount("Throttling");
            long n = Math.max(1, active.size());
            return new Result(
                    name,
                    active.size(),
                    converged.get(),
                    failed.get(),
                    wall,
                    converged.get() / wall,
                    sb.calls().count("sts:AssumeRoot") / (double) n,
                    total / (double) n,
                    100.0 * throttled / Math.max(1, total),
                    failed.get() > 0 ? Double.NaN : 100 * bound / wall);
        }
    }

    private static void deleteEverything(
            Sandbox sb, StsClient sts, SdkHttpClient http, String accountId) {
        AssumeRootResponse r =
                sts.assumeRoot(
                        b ->
                                b.targetPrincipal(accountId)
                                        .taskPolicyArn(p -> p.arn(TaskPolicy.DELETE.arn()))
                                        .durationSeconds(900));
        var c = r.credentials();
        try (IamClient iam =
                IamClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.AWS_GLOBAL)
                        .httpClient(http)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsSessionCredentials.create(
                                                c.accessKeyId(),
                                                c.secretAccessKey(),
                                                c.sessionToken())))
                        .build()) {
            boolean password;
            try {
                iam.getLoginProfile(b -> {});
                password = true;
            } catch (NoSuchEntityException e) {
                password = false;
            }
            if (password) {
                iam.deleteLoginProfile(b -> {});
            }
            iam.listAccessKeys(b -> {})
                    .accessKeyMetadata()
                    .forEach(k -> iam.deleteAccessKey(b -> b.accessKeyId(k.accessKeyId())));
            iam.listSigningCertificates(b -> {})
                    .certificates()
                    .forEach(
                            k ->
                                    iam.deleteSigningCertificate(
                                            b -> b.certificateId(k.certificateId())));
            iam.listMFADevices(b -> {})
                    .mfaDevices()
                    .forEach(d -> iam.deactivateMFADevice(b -> b.serialNumber(d.serialNumber())));
        }
    }

    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| strategy | accounts | converged | failed | wall s | accounts/s | AssumeRoot per account"
                        + " | AWS calls per account | throttled % | % of bound |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n",
                            r.strategy(),
                            r.accounts(),
                            r.converged(),
                            r.failed(),
                            fmt(r.wallSeconds()),
                            fmt(r.accountsPerSecond()),
                            fmt(r.assumeRootPerAccount()),
                            fmt(r.awsCallsPerAccount()),
                            fmt(r.throttledPercent()),
                            fmt(r.percentOfBound())));
        }
        return sb.toString();
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }
}
