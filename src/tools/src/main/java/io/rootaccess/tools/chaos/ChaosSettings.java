package io.rootaccess.tools.chaos;

import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What `make chaos` reads from the environment: CHAOS_ACCOUNTS (default 1,000), CHAOS_SEED (when
 * the restarts happen, and the sandbox's fault draws), CHAOS_RESTARTS (3), CHAOS_FAILOVERS (1),
 * CHAOS_FREEZES (1: SIGSTOP of the leader past its lease, then SIGCONT), CHAOS_STATUS_FAULTS (0.05
 * of the status writes answered 409/500), CHAOS_TIMEOUT (seconds), CHAOS_REPORT_DIR (target/chaos),
 * CHAOS_MANIFESTS (examples), and the sandbox's fault knobs SANDBOX_THROTTLE (0.20),
 * SANDBOX_ERRORS_5XX (0.05), SANDBOX_TIMEOUTS (0.01), SANDBOX_ERRORS_5XX_AFTER (0.02),
 * SANDBOX_TIMEOUTS_AFTER (0.005), SANDBOX_LATENCY (50ms) and any other SANDBOX_* variable
 * (docs/sandbox.md).
 *
 * @param sandboxEnv the SANDBOX_* variables the sandbox starts with (defaults filled in)
 */
public record ChaosSettings(
        int accounts,
        long seed,
        int restarts,
        int failovers,
        int freezes,
        double statusFaultShare,
        Duration timeout,
        Path reportDir,
        Path manifests,
        Path crds,
        Path jar,
        Map<String, String> sandboxEnv) {

    public static final int DEFAULT_ACCOUNTS = 1000;

    /** The faults of issue 13 point 4, unless overridden. */
    static final Map<String, String> DEFAULT_FAULTS =
            Map.of(
                    "SANDBOX_THROTTLE", "0.20",
                    "SANDBOX_ERRORS_5XX", "0.05",
                    "SANDBOX_TIMEOUTS", "0.01",
                    "SANDBOX_ERRORS_5XX_AFTER", "0.02",
                    "SANDBOX_TIMEOUTS_AFTER", "0.005",
                    "SANDBOX_LATENCY", "50ms");

    /** Share of the operator's status writes the embedded API server answers 409 or 500. */
    static final double DEFAULT_STATUS_FAULTS = 0.05;

    public static ChaosSettings fromEnvironment(Map<String, String> env) {
        int accounts = parseInt(env, "CHAOS_ACCOUNTS", DEFAULT_ACCOUNTS);
        if (accounts < 3 || accounts > 10000) {
            throw new IllegalArgumentException(
                    "CHAOS_ACCOUNTS must be between 3 and 10000, got " + accounts);
        }
        long seed = parseLong(env, "CHAOS_SEED", 13);
        int restarts = parseInt(env, "CHAOS_RESTARTS", 3);
        int failovers = parseInt(env, "CHAOS_FAILOVERS", 1);
        int freezes = parseInt(env, "CHAOS_FREEZES", 1);
        if (restarts < 0 || failovers < 0 || freezes < 0) {
            throw new IllegalArgumentException(
                    "CHAOS_RESTARTS, CHAOS_FAILOVERS and CHAOS_FREEZES must be >= 0");
        }
        double statusFaults = DEFAULT_STATUS_FAULTS;
        String sf = env.get("CHAOS_STATUS_FAULTS");
        if (sf != null && !sf.isBlank()) {
            try {
                statusFaults = Double.parseDouble(sf.trim());
            } catch (NumberFormatException e) {
                statusFaults = -1;
            }
            if (!(statusFaults >= 0 && statusFaults <= 1)) {
                throw new IllegalArgumentException(
                        "CHAOS_STATUS_FAULTS must be a share between 0 and 1, got '" + sf + "'");
            }
        }
        // faults, pacing and restarts make a run slower than the demo: 600 s, or 1.5 s per account
        int timeout = parseInt(env, "CHAOS_TIMEOUT", Math.max(600, accounts * 3 / 2));
        Path manifests = Path.of(env.getOrDefault("CHAOS_MANIFESTS", "examples"));
        if (!Files.isDirectory(manifests)) {
            throw new IllegalArgumentException(
                    "CHAOS_MANIFESTS is not a directory: " + manifests.toAbsolutePath());
        }
        Map<String, String> sandboxEnv = new LinkedHashMap<>(DEFAULT_FAULTS);
        sandboxEnv.put("SANDBOX_FAULT_SEED", Long.toString(seed));
        env.forEach(
                (k, v) -> {
                    if (k.startsWith("SANDBOX_") && v != null && !v.isBlank()) {
                        sandboxEnv.put(k, v);
                    }
                });
        return new ChaosSettings(
                accounts,
                seed,
                restarts,
                failovers,
                freezes,
                statusFaults,
                Duration.ofSeconds(timeout),
                Path.of(env.getOrDefault("CHAOS_REPORT_DIR", "target/chaos")),
                manifests,
                Path.of(env.getOrDefault("CHAOS_CRDS", "crds")),
                Path.of(
                        env.getOrDefault(
                                "CHAOS_OPERATOR_JAR", OperatorProcess.DEFAULT_JAR.toString())),
                Map.copyOf(sandboxEnv));
    }

    /** The faults as printed in the report and the start line. */
    String faults() {
        return String.format(
                java.util.Locale.ROOT,
                "throttle %s, 5xx %s, timeouts %s, 5xx after the change %s, timeouts after the"
                        + " change %s, latency %s, status writes 409/500 %s",
                sandboxEnv.get("SANDBOX_THROTTLE"),
                sandboxEnv.get("SANDBOX_ERRORS_5XX"),
                sandboxEnv.get("SANDBOX_TIMEOUTS"),
                sandboxEnv.get("SANDBOX_ERRORS_5XX_AFTER"),
                sandboxEnv.get("SANDBOX_TIMEOUTS_AFTER"),
                sandboxEnv.get("SANDBOX_LATENCY"),
                statusFaultShare);
    }

    /**
     * The fault classes this run injects (a share above 0), by the names of {@link
     * io.rootaccess.sandbox.CallLog#injectedFaults()} plus {@code status-write}: each must fire at
     * least once, or the run proves nothing about it.
     */
    java.util.Set<String> injectedFaultClasses() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        Map<String, String> byVariable =
                Map.of(
                        "SANDBOX_THROTTLE", "throttle",
                        "SANDBOX_ERRORS_5XX", "5xx",
                        "SANDBOX_TIMEOUTS", "timeout",
                        "SANDBOX_ERRORS_5XX_AFTER", "5xx-after",
                        "SANDBOX_TIMEOUTS_AFTER", "timeout-after");
        byVariable.forEach(
                (variable, faultClass) -> {
                    String v = sandboxEnv.get(variable);
                    if (v != null && share(v) > 0) {
                        out.add(faultClass);
                    }
                });
        if (statusFaultShare > 0) {
            out.add("status-write");
        }
        return out;
    }

    private static double share(String v) {
        String t = v.trim();
        return t.endsWith("%")
                ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
                : Double.parseDouble(t);
    }

    private static int parseInt(Map<String, String> env, String name, int fallback) {
        long v = parseLong(env, name, fallback);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + v);
        }
        return (int) v;
    }

    private static long parseLong(Map<String, String> env, String name, long fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }
}
