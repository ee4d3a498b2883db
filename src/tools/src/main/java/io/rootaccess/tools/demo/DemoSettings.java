package io.rootaccess.tools.demo;

import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What `make demo` reads from the environment. Bad values are rejected up front with a message that
 * names the variable, so the demo never half-starts.
 */
public record DemoSettings(
        int accounts,
        Path manifests,
        Path sandboxSeed,
        Duration timeout,
        Path reportDir,
        Path crdDir,
        Path operatorJar) {

    static final int DEFAULT_ACCOUNTS = 25;
    static final int MAX_ACCOUNTS = 10000;

    /**
     * The demo organization's three named accounts (break-glass, payments-prod, security-audit).
     */
    static final int MIN_ACCOUNTS = 3;

    public static DemoSettings fromEnvironment(Map<String, String> env) {
        int accounts = parseInt(env, "DEMO_ACCOUNTS", DEFAULT_ACCOUNTS);
        if (accounts < MIN_ACCOUNTS || accounts > MAX_ACCOUNTS) {
            throw new IllegalArgumentException(
                    "DEMO_ACCOUNTS must be between "
                            + MIN_ACCOUNTS
                            + " and "
                            + MAX_ACCOUNTS
                            + ", got "
                            + accounts);
        }
        Path manifests = Path.of(env.getOrDefault("DEMO_MANIFESTS", "examples"));
        if (!Files.isDirectory(manifests)) {
            throw new IllegalArgumentException(
                    "DEMO_MANIFESTS is not a directory: " + manifests.toAbsolutePath());
        }
        Path seed = null;
        String seedText = env.get("SANDBOX_SEED");
        if (seedText != null && !seedText.isBlank()) {
            seed = Path.of(seedText);
            if (!Files.isRegularFile(seed)) {
                throw new IllegalArgumentException(
                        "SANDBOX_SEED is not a file: " + seed.toAbsolutePath());
            }
        }
        // AWS-like pacing makes a bigger organization slower: 300 s, or 1 s per account beyond 300
        int timeoutSeconds = parseInt(env, "DEMO_TIMEOUT", Math.max(300, accounts));
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException(
                    "DEMO_TIMEOUT must be a positive number of seconds, got " + timeoutSeconds);
        }
        Path reportDir = Path.of(env.getOrDefault("DEMO_REPORT_DIR", "target/demo"));
        Path crdDir = Path.of(env.getOrDefault("DEMO_CRDS", "crds"));
        // the packaged operator (what the image runs) unless DEMO_OPERATOR_JAR names another
        Path operatorJar =
                Path.of(
                        env.getOrDefault(
                                "DEMO_OPERATOR_JAR", OperatorProcess.DEFAULT_JAR.toString()));
        return new DemoSettings(
                accounts,
                manifests,
                seed,
                Duration.ofSeconds(timeoutSeconds),
                reportDir,
                crdDir,
                operatorJar);
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
