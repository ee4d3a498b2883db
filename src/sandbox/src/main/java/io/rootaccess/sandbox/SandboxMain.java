package io.rootaccess.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make sandbox}: runs the simulated organization standalone (plain Java, no Quarkus) until
 * stopped. Environment: {@code SANDBOX_PORT} (default 4566), {@code SANDBOX_SEED} (a YAML file, see
 * docs/sandbox.md), {@code SANDBOX_ACCOUNTS} (generated member accounts when no seed file, default
 * 20), and the knobs {@link SandboxConfig.Builder#environment} reads (SANDBOX_RATE_LIMITS,
 * SANDBOX_LATENCY, SANDBOX_THROTTLE, SANDBOX_ERRORS_5XX, SANDBOX_TIMEOUTS, ...).
 */
public final class SandboxMain {
    private SandboxMain() {}

    public static void main(String... args) throws Exception {
        Sandbox sb;
        try {
            sb = launch(System.getenv(), System.out);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    sb.close();
                                    stopped.countDown();
                                },
                                "sandbox-shutdown"));
        stopped.await();
    }

    /** Starts and seeds a sandbox as the environment says and prints how to reach it. */
    static Sandbox launch(Map<String, String> env, PrintStream out) throws IOException {
        SandboxConfig.Builder config = SandboxConfig.builder().port(4566);
        String seedFile = env.get("SANDBOX_SEED");
        SandboxSeed seed = null;
        if (seedFile != null && !seedFile.isBlank()) {
            try {
                seed = SandboxSeed.load(Path.of(seedFile));
            } catch (IOException e) {
                throw new IOException("cannot read SANDBOX_SEED=" + seedFile + ": " + e, e);
            }
            seed.configure(config);
        }
        // the environment wins over the seed file
        SandboxConfig settings = config.environment(env).build();
        Sandbox sb = Sandbox.start(settings);
        long t0 = System.nanoTime();
        try {
            if (seed != null) {
                seed.applyTo(sb);
            } else {
                SandboxSeed.generate(sb.organization(), intSetting(env, "SANDBOX_ACCOUNTS", 20), 1);
            }
        } catch (RuntimeException e) {
            sb.close();
            throw e;
        }
        long seededMs = (System.nanoTime() - t0) / 1_000_000;

        SandboxOrganization org = sb.organization();
        SandboxCredentials creds = sb.managementCredentials();
        out.println("sandbox listening on " + sb.endpoint());
        out.println(
                "organization "
                        + org.id()
                        + ": management account "
                        + org.managementAccountId()
                        + ", "
                        + (org.accountIds().size() - 1)
                        + " member accounts (seeded in "
                        + seededMs
                        + " ms)");
        out.println("management access key id: " + creds.accessKeyId());
        out.println("management secret access key: " + creds.secretAccessKey());
        out.println(
                "try: AWS_ACCESS_KEY_ID="
                        + creds.accessKeyId()
                        + " AWS_SECRET_ACCESS_KEY=<secret above>"
                        + " AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url "
                        + sb.endpoint()
                        + " organizations list-accounts");
        out.println("realism: " + realism(settings));
        out.println(
                sb.eventQueueUrl()
                        .map(u -> "event queue (EventBridge -> SQS): " + u)
                        .orElse("event queue: off (SANDBOX_EVENTS=true turns it on)"));
        out.println("call log: curl " + sb.endpoint() + Inspection.PREFIX + "calls");
        out.flush();
        return sb;
    }

    private static String realism(SandboxConfig c) {
        String limits =
                !c.rateLimits()
                        ? "off"
                        : c.limits().isEmpty()
                                ? "AWS-like defaults"
                                : "defaults + " + new java.util.TreeMap<>(c.limits());
        return "latency "
                + c.latency().toMillis()
                + " ms (±"
                + Math.round(c.latencyJitter() * 100)
                + "%), throttle "
                + c.throttleShare()
                + ", 5xx "
                + c.serverErrorShare()
                + ", timeouts "
                + c.timeoutShare()
                + " (held "
                + c.timeoutHold().toMillis()
                + " ms), rate limits "
                + limits;
    }

    private static int intSetting(Map<String, String> env, String name, int defaultValue) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + v);
        }
    }
}
