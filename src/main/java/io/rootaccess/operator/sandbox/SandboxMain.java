package io.rootaccess.operator.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code make sandbox}: runs the simulated organization standalone (plain Java, no Quarkus) until
 * stopped. Environment: {@code SANDBOX_PORT} (default 4566), {@code SANDBOX_SEED} (a YAML file, see
 * docs/sandbox.md), {@code SANDBOX_ACCOUNTS} (generated member accounts when no seed file, default
 * 20), {@code SANDBOX_RATE_LIMITS} (true), {@code SANDBOX_THREADS} (32).
 */
public final class SandboxMain {
    private SandboxMain() {
    }

    public static void main(String... args) throws Exception {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("SANDBOX_PORT", "4566"));
        String seedFile = env.get("SANDBOX_SEED");
        int accounts = Integer.parseInt(env.getOrDefault("SANDBOX_ACCOUNTS", "20"));
        SandboxConfig.Builder config = SandboxConfig.builder().port(port)
                .rateLimits(Boolean.parseBoolean(env.getOrDefault("SANDBOX_RATE_LIMITS", "true")))
                .threads(Integer.parseInt(env.getOrDefault("SANDBOX_THREADS", "32")));

        SandboxSeed seed = null;
        if (seedFile != null && !seedFile.isBlank()) {
            try {
                seed = SandboxSeed.load(Path.of(seedFile));
            } catch (IllegalArgumentException | java.io.IOException e) {
                System.err.println("sandbox: cannot read SANDBOX_SEED=" + seedFile + ": " + e.getMessage());
                System.exit(2);
            }
            seed.configure(config);
        }
        Sandbox sb = Sandbox.start(config.build());
        long t0 = System.nanoTime();
        try {
            if (seed != null) {
                seed.applyTo(sb);
            } else {
                SandboxSeed.generate(sb.organization(), accounts, 1);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: bad seed: " + e.getMessage());
            sb.close();
            System.exit(2);
        }
        long seededMs = (System.nanoTime() - t0) / 1_000_000;

        SandboxOrganization org = sb.organization();
        SandboxCredentials creds = sb.managementCredentials();
        System.out.println("sandbox listening on " + sb.endpoint());
        System.out.println("organization " + org.id() + ": management account " + org.managementAccountId() + ", "
                + (org.accountIds().size() - 1) + " member accounts (seeded in " + seededMs + " ms)");
        System.out.println("management access key id: " + creds.accessKeyId());
        System.out.println("management secret access key: " + creds.secretAccessKey());
        System.out.println("try: AWS_ACCESS_KEY_ID=" + creds.accessKeyId() + " AWS_SECRET_ACCESS_KEY=<secret above>"
                + " AWS_REGION=us-east-1 aws --endpoint-url " + sb.endpoint() + " organizations list-accounts");
        System.out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sb.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
    }
}
