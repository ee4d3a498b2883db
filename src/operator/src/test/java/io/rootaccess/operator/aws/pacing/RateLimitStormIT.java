package io.rootaccess.operator.aws.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.sdk.AwsClients;
import io.rootaccess.operator.aws.sdk.SdkOrganizationDirectory;
import io.rootaccess.operator.aws.sdk.TestAwsConfig;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many reconciler threads against a sandbox that enforces an AWS-like quota on DescribeAccount
 * (20/s, burst 10): with the client-side bucket below the quota (rate and burst) nothing is
 * throttled; with no client-side limit the quota is hit and the adaptive rate comes down.
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class RateLimitStormIT {
    private static final int THREADS = 16;
    private static final int CALLS = 60;

    private Sandbox sb;
    private AwsClients clients;
    private String account;

    @BeforeEach
    void start() {
        sb =
                Sandbox.start(
                        SandboxConfig.builder()
                                .rateLimit("organizations:DescribeAccount", 20, 10)
                                .build());
        account = sb.organization().createAccount("member", sb.organization().rootId());
        SandboxCredentials creds = sb.managementCredentials();
        clients =
                new AwsClients(
                        new TestAwsConfig(sb.endpoint(), Duration.ofSeconds(5))
                                .withCredentials(creds.accessKeyId(), creds.secretAccessKey()));
    }

    @AfterEach
    void stop() {
        clients.close();
        sb.close();
    }

    private int storm(ApiRateLimiter limiter) throws Exception {
        AwsCalls calls = new AwsCalls(limiter, Pacing.SYSTEM, 4, Duration.ofSeconds(10));
        var directory =
                new SdkOrganizationDirectory(
                        clients, calls, java.time.Clock.systemUTC(), Integer.MAX_VALUE);
        directory.describeOrganization(); // connections and signing warmed up: the storm measures
        // pacing only
        sb.calls().reset();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Callable<AccountInfo>> work = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                work.add(() -> directory.describeAccount(account));
            }
            int failed = 0;
            for (Future<AccountInfo> f : pool.invokeAll(work)) {
                try {
                    assertEquals(account, f.get().id());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void belowTheQuotaNothingIsThrottled() throws Exception {
        ApiRateLimiter limiter =
                new ApiRateLimiter(
                        Map.of("organizations-read", TokenBucketTest.limit(15, 5)), Pacing.SYSTEM);
        long started = System.nanoTime();
        assertEquals(0, storm(limiter));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(
                CALLS,
                sb.calls().count("organizations:DescribeAccount"),
                "no throttled attempt, so no retry");
        assertEquals(15, limiter.currentRate(ApiFamily.ORGANIZATIONS_READ), 1e-9);
        assertTrue(
                took.toMillis() >= 3000,
                "55 calls beyond the burst at 15/s take over 3 s, took " + took);
    }

    @Test
    void withoutAClientLimitTheQuotaIsHitAndTheRateAdapts() throws Exception {
        ApiRateLimiter limiter =
                new ApiRateLimiter(
                        Map.of("organizations-read", TokenBucketTest.limit(1000, 1000)),
                        Pacing.SYSTEM);
        storm(limiter);
        assertTrue(
                sb.calls().count("organizations:DescribeAccount") > CALLS,
                "throttled attempts were retried");
        assertTrue(
                limiter.currentRate(ApiFamily.ORGANIZATIONS_READ) < 1000,
                "rate cut to " + limiter.currentRate(ApiFamily.ORGANIZATIONS_READ));
    }
}
