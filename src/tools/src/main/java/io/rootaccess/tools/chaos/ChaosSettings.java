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
 * CHAOS_TIMEOUT (seconds), CHAOS_REPORT_DIR (target/chaos), CHAOS_MANIFESTS (examples), and the
 * sandbox's fault knobs SANDBOX_THROTTLE (0.20), SANDBOX_ERRORS_5XX (0.05), SANDBOX_TIMEOUTS
 * (0.01), SANDBOX_LATENCY (50ms) and any other SANDBOX_* variable (docs/sandbox.md).
 *
 * @param sandboxEnv the SANDBOX_* variables the sandbox starts with (defaults filled in)
 */
public record ChaosSettings(
        int accounts,
        long seed,
        int restarts,
        int failovers,
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
                    "SANDBOX_LATENCY", "50ms");

    public static ChaosSettings fromEnvironment(Map<String, String> env) {
        int accounts = parseInt(env, "CHAOS_ACCOUNTS", DEFAULT_ACCOUNTS);
        if (accounts < 3 || accounts > 10000) {
            throw new IllegalArgumentException(
                    "CHAOS_ACCOUNTS must be between 3 and 10000, got " + accounts);
        }
        long seed = parseLong(env, "CHAOS_SEED", 13);
        int restarts = parseInt(env, "CHAOS_RESTARTS", 3);
        int failovers = parseInt(env, "CHAOS_FAILOVERS", 1);
        if (restarts < 0 || failovers < 0) {
            throw new IllegalArgumentException("CHAOS_RESTARTS and CHAOS_FAILOVERS must be >= 0");
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
                "throttle %s, 5xx %s, timeouts %s, latency %s",
                sandboxEnv.get("SANDBOX_THROTTLE"),
                sandboxEnv.get("SANDBOX_ERRORS_5XX"),
                sandboxEnv.get("SANDBOX_TIMEOUTS"),
                sandboxEnv.get("SANDBOX_LATENCY"));
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
