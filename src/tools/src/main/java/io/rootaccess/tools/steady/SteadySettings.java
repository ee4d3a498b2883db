package io.rootaccess.tools.steady;

import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What `make steady` reads from the environment: STEADY_ACCOUNTS (1,000), STEADY_DRIFTS (20),
 * STEADY_DAY_SECONDS (60: what a day is scaled down to), STEADY_QUIET_DAYS (2: the quiet period in
 * scaled days), STEADY_SESSION_SECONDS (15: the second principal's recovery session),
 * STEADY_REPAIR_TIMEOUT (seconds a drift may take before it counts as not repaired, 180),
 * STEADY_TIMEOUT (seconds to converge, per mode), STEADY_MANIFESTS (target/steady/manifests),
 * STEADY_REPORT_DIR (target/steady) and any SANDBOX_* variable.
 */
public record SteadySettings(
        int accounts,
        int drifts,
        Duration scaledDay,
        int quietDays,
        int sessionSeconds,
        Duration repairTimeout,
        Duration convergeTimeout,
        Path manifests,
        Path reportDir,
        Path crds,
        Path jar,
        Map<String, String> sandboxEnv) {

    static final Duration DAY = Duration.ofDays(1);

    public static SteadySettings fromEnvironment(Map<String, String> env) {
        int accounts = parseInt(env, "STEADY_ACCOUNTS", 1000);
        int drifts = parseInt(env, "STEADY_DRIFTS", 20);
        if (accounts < 4 || accounts > 10000) {
            throw new IllegalArgumentException(
                    "STEADY_ACCOUNTS must be between 4 and 10000, got " + accounts);
        }
        if (drifts < 1) {
            throw new IllegalArgumentException("STEADY_DRIFTS must be >= 1");
        }
        int day = parseInt(env, "STEADY_DAY_SECONDS", 60);
        int quietDays = parseInt(env, "STEADY_QUIET_DAYS", 2);
        if (day < 10 || quietDays < 1) {
            throw new IllegalArgumentException(
                    "STEADY_DAY_SECONDS must be >= 10 and STEADY_QUIET_DAYS >= 1");
        }
        Path manifests = Path.of(env.getOrDefault("STEADY_MANIFESTS", "target/steady/manifests"));
        if (!Files.isDirectory(manifests)) {
            throw new IllegalArgumentException(
                    "STEADY_MANIFESTS is not a directory: " + manifests.toAbsolutePath());
        }
        Map<String, String> sandboxEnv = new LinkedHashMap<>();
        env.forEach(
                (k, v) -> {
                    if (k.startsWith("SANDBOX_") && v != null && !v.isBlank()) {
                        sandboxEnv.put(k, v);
                    }
                });
        return new SteadySettings(
                accounts,
                drifts,
                Duration.ofSeconds(day),
                quietDays,
                parseInt(env, "STEADY_SESSION_SECONDS", 15),
                Duration.ofSeconds(parseInt(env, "STEADY_REPAIR_TIMEOUT", 180)),
                Duration.ofSeconds(
                        parseInt(env, "STEADY_TIMEOUT", Math.max(600, accounts * 3 / 2))),
                manifests,
                Path.of(env.getOrDefault("STEADY_REPORT_DIR", "target/steady")),
                Path.of(env.getOrDefault("STEADY_CRDS", "crds")),
                Path.of(
                        env.getOrDefault(
                                "STEADY_OPERATOR_JAR", OperatorProcess.DEFAULT_JAR.toString())),
                Map.copyOf(sandboxEnv));
    }

    /** A real interval scaled down as a day is to scaledDay (1h at 60 s a day: 2.5 s). */
    public Duration scaled(Duration real) {
        return Duration.ofNanos(
                Math.max(1_000_000L, real.toNanos() / (DAY.toNanos() / scaledDay.toNanos())));
    }

    private static int parseInt(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }
}
