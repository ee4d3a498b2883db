package io.rootaccess.tools.bench;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.tools.lab.ClusterProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What `make bench` measured of the operator in its own JVM: wall time and its phases, the
 * sandbox's call counts, and the process's memory at the end of convergence.
 *
 * @param wallSeconds from applying the policy to a running operator to every selected account
 *     Compliant and the policy Ready
 * @param startUpSeconds from starting the operator process until it led (held its Lease) plus 2 s:
 *     before the clock, as in a cluster where the operator runs before the policy is committed
 * @param firstAwsCallSeconds when the sandbox saw the operator's first call after the policy was
 *     applied (0 when it had called before)
 * @param firstAssumeRootSeconds when the sandbox saw the first sts:AssumeRoot (organization
 *     switches and the first page of the organization walk before it)
 * @param heapAfterFullGcBytes live heap after a full GC (`jcmd GC.class_histogram`, which runs
 *     one), -1 when it could not be read
 * @param peakRssBytes VmHWM of /proc/&lt;pid&gt;/status: peak resident memory of the process
 */
record OperatorRun(
        double wallSeconds,
        double startUpSeconds,
        double firstAwsCallSeconds,
        double firstAssumeRootSeconds,
        Set<String> compliantAccountIds,
        Map<String, Long> calls,
        long throttled,
        long heapAfterFullGcBytes,
        long peakRssBytes,
        List<Sample> timeline,
        List<StartCall> startCalls,
        Cpu cpu,
        ApiServer apiServer,
        List<Second> assumeRootBySecond) {

    /**
     * sts:AssumeRoot calls the sandbox answered in one second of the run (from the apply): how
     * close to the rate each stretch came, and where throttling cut it.
     */
    record Second(int second, long ok, long throttled) {}

    /**
     * What the embedded API server answered from the apply to convergence: requests by method, and
     * the seconds they spent in its store (one lock for every write), summed.
     */
    record ApiServer(Map<String, Long> requests, double storeSeconds) {
        long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * CPU seconds used from the apply to convergence: by the operator's process, and by the
     * benchmark's JVM (the sandbox and the embedded API server, which in a cluster run elsewhere).
     */
    record Cpu(double operatorSeconds, double sandboxAndApiServerSeconds, int cores) {}

    /** User + system CPU time of a process so far; NaN where the platform does not tell. */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /**
     * One call the sandbox saw between applying the policy and the first AssumeRoot (and the five
     * after it): where the time before the first root session goes.
     */
    record StartCall(double seconds, String operation, String outcome) {}

    /** The calls up to the first AssumeRoot and five more, timed from {@code startNanos}. */
    static List<StartCall> startCalls(List<CallLog.Timed> calls, long startNanos) {
        List<StartCall> out = new java.util.ArrayList<>();
        int after = -1;
        for (CallLog.Timed c : calls) {
            if (c.nanoTime() < startNanos) {
                continue;
            }
            out.add(
                    new StartCall(
                            Math.round((c.nanoTime() - startNanos) / 1e6) / 1e3,
                            c.operation(),
                            c.outcome()));
            if (after < 0 && c.operation().equals("sts:AssumeRoot")) {
                after = 0;
            } else if (after >= 0 && ++after == 5) {
                break;
            }
        }
        return out;
    }

    /**
     * The operator's JVM options: the heap the Helm chart gives it (75 % of its 1Gi memory limit,
     * -XX:MaxRAMPercentage=75), and the serial collector the JVM picks in a container of under two
     * CPUs.
     */
    static final List<String> JVM = List.of("-Xmx768m", "-XX:+UseSerialGC");

    /** One poll: seconds since the operator started, AssumeRoot and all calls, compliant. */
    record Sample(double seconds, long assumeRoot, long calls, long compliant) {}

    /** Per-second deltas from cumulative counts sampled at each second's end. */
    static List<Second> perSecond(List<long[]> cumulative) {
        List<Second> out = new java.util.ArrayList<>();
        long ok = 0;
        long throttled = 0;
        for (long[] c : cumulative) {
            out.add(new Second((int) c[0], c[1] - ok, c[2] - throttled));
            ok = c[1];
            throttled = c[2];
        }
        return out;
    }

    static Set<String> compliant(ClusterProgress progress) {
        if (progress == null) {
            return Set.of();
        }
        return progress.accounts().stream()
                .filter(a -> a.getStatus() != null && a.getStatus().phase == AccountPhase.Compliant)
                .map(a -> a.getSpec().accountId)
                .collect(Collectors.toUnmodifiableSet());
    }

    long converged(List<String> active) {
        return active.stream().filter(compliantAccountIds::contains).count();
    }

    long failed(List<String> active) {
        return active.size() - converged(active);
    }

    StrategyBenchmark.Result result(List<String> active, double bound) {
        long n = Math.max(1, active.size());
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        long converged = converged(active);
        return new StrategyBenchmark.Result(
                "operator (organization-wide example, own JVM, from switches off)",
                active.size(),
                converged,
                active.size() - converged,
                wallSeconds,
                converged / wallSeconds,
                calls.getOrDefault("sts:AssumeRoot", 0L) / (double) n,
                total / (double) n,
                100.0 * throttled / Math.max(1, total),
                converged < active.size() ? Double.NaN : 100 * bound / wallSeconds);
    }

    /** The second table: where the operator's wall time went, and its memory. */
    String phases(List<String> active, double bound) {
        double assumeRootPhase = wallSeconds - firstAssumeRootSeconds;
        return String.format(
                Locale.ROOT,
                "%n| operator | seconds |%n|---|---|%n"
                        + "| JVM start to leading, before the clock (not in wall s) | %.2f |%n"
                        + "| policy applied to the first AWS call | %.2f |%n"
                        + "| first AWS call to the first AssumeRoot (organization switches, walk) | %.2f |%n"
                        + "| first AssumeRoot to converged | %.2f |%n"
                        + "| %% of bound from the first AssumeRoot | %s |%n"
                        + "| heap after a full GC at the end (MiB) | %.1f |%n"
                        + "| peak resident memory, VmHWM (MiB) | %.1f |%n"
                        + "| CPU seconds from the apply to converged: operator / sandbox and API server (%d cores) | %.1f / %.1f |%n"
                        + "| Kubernetes API requests from the apply to converged (per account; seconds in the store) | %d (%.1f; %.1f) |%n"
                        + "| operator JVM options | `%s` |%n",
                startUpSeconds,
                firstAwsCallSeconds,
                firstAssumeRootSeconds - firstAwsCallSeconds,
                assumeRootPhase,
                failed(active) > 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.2f", 100 * bound / assumeRootPhase),
                heapAfterFullGcBytes / 1048576.0,
                peakRssBytes / 1048576.0,
                cpu == null ? 0 : cpu.cores(),
                cpu == null ? Double.NaN : cpu.operatorSeconds(),
                cpu == null ? Double.NaN : cpu.sandboxAndApiServerSeconds(),
                apiServer == null ? 0 : apiServer.total(),
                apiServer == null
                        ? Double.NaN
                        : apiServer.total() / (double) Math.max(1, active.size()),
                apiServer == null ? Double.NaN : apiServer.storeSeconds(),
                String.join(" ", JVM));
    }

    /**
     * Live heap of the process after a full GC: `jcmd &lt;pid&gt; GC.class_histogram` collects
     * first (it is not given -all) and ends with the total bytes of the live objects.
     */
    static long heapAfterFullGc(long pid) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p =
                new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return parseHistogramTotal(out);
    }

    /** The bytes of the histogram's last line, {@code Total <instances> <bytes>}; -1 without. */
    static long parseHistogramTotal(String histogram) {
        List<String> lines = histogram.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length == 3 && f[0].equals("Total")) {
                return Long.parseLong(f[2]);
            }
        }
        return -1;
    }

    /** VmHWM (peak resident set) of a process, from /proc; -1 where there is no /proc. */
    static long peakRss(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return parseVmHwm(Files.readString(status));
    }

    static long parseVmHwm(String procStatus) {
        for (String line : procStatus.lines().toList()) {
            if (line.startsWith("VmHWM:")) {
                String[] f = line.substring(6).trim().split("\\s+");
                return Long.parseLong(f[0]) * 1024; // kB
            }
        }
        return -1;
    }
}
