package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Rate limits, injected faults and latency. */
class RealismKnobsIT {
    Sandbox sb;
    SdkClients clients;

    void start(SandboxConfig config) {
        sb = Sandbox.start(config);
        DefaultOrganization.seed(sb.organization());
        clients = new SdkClients(sb);
    }

    @AfterEach
    void stop() throws Exception {
        if (clients != null) {
            clients.close();
            sb.close();
            clients = null;
        }
    }

    @Test
    void organizationsThrottlesWithTooManyRequests() {
        start(SandboxConfig.builder().rateLimit("organizations:DescribeAccount", 0.01, 2).build());
        OrganizationsClient orgs = clients.managementOrganizations();
        String id = sb.organization().managementAccountId();
        orgs.describeAccount(r -> r.accountId(id));
        orgs.describeAccount(r -> r.accountId(id));
        var e =
                assertThrows(
                        TooManyRequestsException.class,
                        () -> orgs.describeAccount(r -> r.accountId(id)));
        assertEquals(400, e.statusCode());
        assertTrue(e.isThrottlingException());
        // Other operations have their own buckets.
        assertNotNull(orgs.describeOrganization(r -> {}).organization());
        assertEquals(3, sb.calls().count("organizations:DescribeAccount"));
    }

    @Test
    void inSessionCallsShareTheMemberAccountsBucket() {
        start(SandboxConfig.builder().rateLimit("iam:GetAccountSummary", 0.01, 2).build());
        SandboxOrganization org = sb.organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        String prod = org.accountIdByName("prod-app").orElseThrow();
        String dev = org.accountIdByName("dev-app").orElseThrow();
        StsClient sts = clients.managementSts();
        IamClient a =
                clients.iam(
                        SdkClients.of(
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(prod)
                                                        .taskPolicyArn(
                                                                p ->
                                                                        p.arn(
                                                                                TaskPolicy.AUDIT
                                                                                        .arn())))));
        IamClient b =
                clients.iam(
                        SdkClients.of(
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(prod)
                                                        .taskPolicyArn(
                                                                p ->
                                                                        p.arn(
                                                                                TaskPolicy.AUDIT
                                                                                        .arn())))));
        IamClient other =
                clients.iam(
                        SdkClients.of(
                                sts.assumeRoot(
                                        r ->
                                                r.targetPrincipal(dev)
                                                        .taskPolicyArn(
                                                                p ->
                                                                        p.arn(
                                                                                TaskPolicy.AUDIT
                                                                                        .arn())))));
        a.getAccountSummary(r -> {});
        b.getAccountSummary(r -> {});
        var e = assertThrows(IamException.class, () -> b.getAccountSummary(r -> {}));
        assertEquals("Throttling", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertNotNull(
                other.getAccountSummary(r -> {}).summaryMap()); // another account is not affected
    }

    @Test
    void injectedFaults() {
        start(SandboxConfig.builder().rateLimits(false).build());
        StsClient sts = clients.managementSts();
        sb.faults().throttle("sts:GetCallerIdentity", 1.0);
        assertEquals(
                "Throttling",
                assertThrows(StsException.class, () -> sts.getCallerIdentity(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
        sb.faults().clear().serverErrors("*", 1.0, 503);
        var unavailable = assertThrows(StsException.class, () -> sts.getCallerIdentity(r -> {}));
        assertEquals(503, unavailable.statusCode());
        OrganizationsClient orgs = clients.managementOrganizations();
        sb.faults().clear().serverErrors("organizations:ListRoots", 1.0, 500);
        assertEquals(
                "ServiceException",
                assertThrows(
                                software.amazon.awssdk.services.organizations.model
                                        .OrganizationsException.class,
                                () -> orgs.listRoots(r -> {}))
                        .awsErrorDetails()
                        .errorCode());
        assertNotNull(orgs.describeOrganization(r -> {}));

        // A throttling burst is absorbed by the SDK's standard retries.
        sb.faults().clear().throttleNext("sts:GetCallerIdentity", 2);
        sb.calls().reset();
        StsClient retrying =
                StsClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        SdkClients.of(sb.managementCredentials())))
                        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(3)))
                        .build();
        try (retrying) {
            assertEquals(
                    sb.organization().managementAccountId(),
                    retrying.getCallerIdentity(r -> {}).account());
        }
        assertEquals(3, sb.calls().count("sts:GetCallerIdentity"));
    }

    @Test
    void latencyAndTimeouts() {
        start(SandboxConfig.builder().rateLimits(false).build());
        StsClient sts = clients.managementSts();
        sts.getCallerIdentity(r -> {}); // warm up the connection
        sb.faults().latency(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        sts.getCallerIdentity(r -> {});
        assertTrue(System.nanoTime() - t0 >= 150_000_000L);
        sb.faults().clear().latency("sts:GetCallerIdentity", Duration.ofMillis(200));
        long tOne = System.nanoTime();
        sts.getCallerIdentity(r -> {});
        assertTrue(System.nanoTime() - tOne >= 200_000_000L);

        sb.faults()
                .clear()
                .timeouts("sts:GetCallerIdentity", 1.0)
                .timeoutHold(Duration.ofSeconds(2));
        StsClient impatient =
                StsClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        SdkClients.of(sb.managementCredentials())))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(r -> r.maxAttempts(1))
                                                .apiCallAttemptTimeout(Duration.ofMillis(300)))
                        .build();
        try (impatient) {
            assertThrows(
                    ApiCallAttemptTimeoutException.class,
                    () -> impatient.getCallerIdentity(r -> {}));
        }

        // After the hold the connection is dropped without an answer: a patient client sees it
        // fail, not hang.
        sb.faults().timeoutHold(Duration.ofMillis(300));
        var http = java.net.http.HttpClient.newHttpClient();
        var request =
                java.net.http.HttpRequest.newBuilder(sb.endpoint().resolve("/"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(
                                "Authorization",
                                "AWS4-HMAC-SHA256 Credential="
                                        + sb.managementCredentials().accessKeyId()
                                        + "/20261122/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
                        .POST(
                                java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "Action=GetCallerIdentity&Version=2011-06-15"))
                        .build();
        long t1 = System.nanoTime();
        var dropped =
                assertThrows(
                        java.io.IOException.class,
                        () ->
                                http.send(
                                        request,
                                        java.net.http.HttpResponse.BodyHandlers.ofString()));
        long ms = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(ms >= 250 && ms < 5000, ms + " ms");
        assertFalse(dropped instanceof java.net.http.HttpTimeoutException, dropped.toString());
    }

    // ---------------------------------------------------------------- knobs from the environment
    // and the seed file

    static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Outcome of each of {@code n} GetCallerIdentity calls made one after another: "OK" or the
     * error code.
     */
    List<String> callerIdentityOutcomes(int n) {
        StsClient sts = clients.managementSts();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                sts.getCallerIdentity(r -> {});
                outcomes.add("OK");
            } catch (AwsServiceException e) {
                outcomes.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
            } catch (SdkClientException e) {
                outcomes.add("no answer");
            }
        }
        return outcomes;
    }

    static long countOf(List<String> outcomes, String outcome) {
        return outcomes.stream().filter(outcome::equals).count();
    }

    @Test
    void throttleAllThrottlesEveryCallInEachServicesFormat() {
        start(
                SandboxConfig.fromEnvironment(
                        env("SANDBOX_THROTTLE", "1", "SANDBOX_RATE_LIMITS", "off")));
        assertEquals(
                List.of("400 Throttling"), callerIdentityOutcomes(25).stream().distinct().toList());
        OrganizationsClient orgs = clients.managementOrganizations();
        for (int i = 0; i < 5; i++) {
            assertTrue(
                    assertThrows(
                                    TooManyRequestsException.class,
                                    () -> orgs.describeOrganization(r -> {}))
                            .isThrottlingException());
        }
        assertEquals(25, sb.calls().outcomeCount("sts:GetCallerIdentity", "Throttling"));
        assertEquals(
                30,
                sb.calls().outcomeCount("Throttling")
                        + sb.calls().outcomeCount("TooManyRequestsException"));
    }

    @Test
    void throttleShareThrottlesAboutThatShareReproducibly() {
        Map<String, String> env =
                env(
                        "SANDBOX_THROTTLE",
                        "20%",
                        "SANDBOX_RATE_LIMITS",
                        "off",
                        "SANDBOX_FAULT_SEED",
                        "7");
        start(SandboxConfig.fromEnvironment(env));
        List<String> first = callerIdentityOutcomes(400);
        long throttled = countOf(first, "400 Throttling");
        // 80 expected; the standard deviation is 8
        assertTrue(throttled >= 50 && throttled <= 110, throttled + " of 400 throttled");
        assertEquals(400 - throttled, countOf(first, "OK"));
        assertEquals(throttled, sb.calls().outcomeCount("sts:GetCallerIdentity", "Throttling"));
        stopQuietly();
        start(
                SandboxConfig.fromEnvironment(
                        env)); // same fault seed, same calls in the same order: same faults
        assertEquals(first, callerIdentityOutcomes(400));
    }

    @Test
    void serverErrorShareAnswers500And503() {
        start(
                SandboxConfig.fromEnvironment(
                        env("SANDBOX_ERRORS_5XX", "0.5", "SANDBOX_RATE_LIMITS", "off")));
        List<String> outcomes = callerIdentityOutcomes(200);
        long internal = countOf(outcomes, "500 ServiceFailure");
        long unavailable = countOf(outcomes, "503 ServiceUnavailable");
        assertTrue(
                internal + unavailable >= 70 && internal + unavailable <= 130, outcomes.toString());
        assertTrue(
                internal >= 20 && unavailable >= 20,
                internal + " x 500, " + unavailable + " x 503");
        assertEquals(200 - internal - unavailable, countOf(outcomes, "OK"));
    }

    @Test
    void faultsCombine() {
        start(
                SandboxConfig.fromEnvironment(
                        env(
                                "SANDBOX_THROTTLE",
                                "0.2",
                                "SANDBOX_ERRORS_5XX",
                                "0.2",
                                "SANDBOX_TIMEOUTS",
                                "0.1",
                                "SANDBOX_TIMEOUT_HOLD",
                                "0s",
                                "SANDBOX_RATE_LIMITS",
                                "off")));
        List<String> outcomes = callerIdentityOutcomes(200);
        long ok = countOf(outcomes, "OK");
        long dropped = countOf(outcomes, "no answer");
        long throttled = countOf(outcomes, "400 Throttling");
        long failed = outcomes.stream().filter(o -> o.startsWith("50")).count();
        // timeouts first (10%), then 5xx (20% of the rest), then throttling (20% of the rest):
        // about 58% answered OK
        assertTrue(
                dropped >= 5 && throttled >= 15 && failed >= 15 && ok >= 80 && ok <= 150,
                outcomes.toString());
        assertEquals(dropped, sb.calls().outcomeCount("sts:GetCallerIdentity", CallLog.TIMEOUT));
    }

    @Test
    void timeoutsHoldLongerThanTheClientWaitsWithoutTyingUpWorkers() {
        start(
                SandboxConfig.fromEnvironment(
                        env(
                                "SANDBOX_TIMEOUTS",
                                "1.0",
                                "SANDBOX_TIMEOUT_HOLD",
                                "3s",
                                "SANDBOX_THREADS",
                                "2",
                                "SANDBOX_RATE_LIMITS",
                                "off")));
        StsClient impatient =
                clients.build(StsClient.builder(), SdkClients.of(sb.managementCredentials()));
        StsClient timed =
                StsClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        SdkClients.of(sb.managementCredentials())))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(r -> r.maxAttempts(1))
                                                .apiCallAttemptTimeout(Duration.ofMillis(200)))
                        .build();
        try (timed) {
            for (int i = 0; i < 5; i++) { // more held calls than the sandbox has worker threads
                assertThrows(
                        ApiCallAttemptTimeoutException.class,
                        () -> timed.getCallerIdentity(r -> {}));
            }
            sb.faults().clear();
            long t0 = System.nanoTime();
            assertEquals(
                    sb.organization().managementAccountId(),
                    impatient.getCallerIdentity(r -> {}).account());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2000, "answered after " + ms + " ms: held calls blocked the workers");
        }
        assertEquals(5, sb.calls().outcomeCount("sts:GetCallerIdentity", CallLog.TIMEOUT));
    }

    @Test
    void latencyAddsAtLeastItsMinimumWithJitter() {
        start(
                SandboxConfig.fromEnvironment(
                        env("SANDBOX_LATENCY", "80ms", "SANDBOX_RATE_LIMITS", "off")));
        assertEquals(0.25, sb.config().latencyJitter(), 1e-9);
        StsClient sts = clients.managementSts();
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 12; i++) {
            long t0 = System.nanoTime();
            sts.getCallerIdentity(r -> {});
            long ns = System.nanoTime() - t0;
            min = Math.min(min, ns);
            max = Math.max(max, ns);
        }
        assertTrue(min >= 60_000_000L, "fastest call " + min / 1e6 + " ms, below 80 ms - 25%");
        assertTrue(max - min >= 5_000_000L, "no jitter: " + min / 1e6 + ".." + max / 1e6 + " ms");
        stopQuietly();

        start(
                SandboxConfig.fromEnvironment(
                        env(
                                "SANDBOX_LATENCY",
                                "0.1s",
                                "SANDBOX_LATENCY_JITTER",
                                "0",
                                "SANDBOX_RATE_LIMITS",
                                "off")));
        StsClient exact = clients.managementSts();
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            exact.getCallerIdentity(r -> {});
            assertTrue(System.nanoTime() - t0 >= 100_000_000L);
        }
    }

    @Test
    void rateLimitsFromTheEnvironmentOverrideTheBuiltInOnes() {
        start(
                SandboxConfig.fromEnvironment(
                        env(
                                "SANDBOX_RATE_LIMITS",
                                "sts:GetCallerIdentity=0.01/3, organizations:*=0.01/2")));
        assertEquals(List.of("OK", "OK", "OK", "400 Throttling"), callerIdentityOutcomes(4));
        OrganizationsClient orgs = clients.managementOrganizations();
        String id = sb.organization().managementAccountId();
        // DescribeAccount is built in at 20/s, burst 30: the service-wide override wins
        orgs.describeAccount(r -> r.accountId(id));
        orgs.describeAccount(r -> r.accountId(id));
        assertThrows(
                TooManyRequestsException.class, () -> orgs.describeAccount(r -> r.accountId(id)));
        assertEquals(
                new SandboxConfig.Limit(20, 40),
                SandboxConfig.parseLimits("x", "sts:AssumeRoot=20").get("sts:AssumeRoot"));
    }

    @Test
    void knobsFromTheSeedFileAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("seed.yaml");
        Files.writeString(
                seed,
                """
                seed: 5
                realism:
                  latency: 1ms
                  throttle: 1.0
                  errors5xx: 0
                  timeouts: 0%
                  timeoutHold: 20s
                  rateLimits:
                    "sts:GetCallerIdentity": 0.01/2
                accounts:
                  - name: only-one
                """);
        SandboxConfig fromFile =
                SandboxConfig.fromEnvironment(env("SANDBOX_SEED", seed.toString()));
        assertEquals(1.0, fromFile.throttleShare());
        assertEquals(Duration.ofMillis(1), fromFile.latency());
        assertEquals(Duration.ofSeconds(20), fromFile.timeoutHold());
        assertEquals(5, fromFile.seed());
        assertEquals(
                new SandboxConfig.Limit(0.01, 2), fromFile.limits().get("sts:GetCallerIdentity"));

        start(
                SandboxConfig.fromEnvironment(
                        env("SANDBOX_SEED", seed.toString(), "SANDBOX_THROTTLE", "0")));
        assertEquals(0.0, sb.config().throttleShare());
        // the file's rate limit still applies: two calls, then the bucket is empty
        assertEquals(List.of("OK", "OK", "400 Throttling"), callerIdentityOutcomes(3));

        var off =
                SandboxSeed.parse("realism: {rateLimits: false}")
                        .configure(SandboxConfig.builder())
                        .build();
        assertFalse(off.rateLimits());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SandboxSeed.parse("realism: {throttle: lots}")
                                .configure(SandboxConfig.builder()));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SandboxSeed.parse("realism: {jitter: 0.1}")
                                .configure(SandboxConfig.builder()));
    }

    @Test
    void badValuesAreRejectedNamingTheVariable() {
        for (Map<String, String> bad :
                List.of(
                        env("SANDBOX_THROTTLE", "1.5"),
                        env("SANDBOX_THROTTLE", "often"),
                        env("SANDBOX_ERRORS_5XX", "-0.1"),
                        env("SANDBOX_TIMEOUTS", "200%"),
                        env("SANDBOX_LATENCY", "fast"),
                        env("SANDBOX_TIMEOUT_HOLD", "1h"),
                        env("SANDBOX_RATE_LIMITS", "sts:AssumeRoot"),
                        env("SANDBOX_RATE_LIMITS", "AssumeRoot=5"),
                        env("SANDBOX_RATE_LIMITS", "iam:*=0"),
                        env("SANDBOX_PORT", "x"))) {
            String name = bad.keySet().iterator().next();
            var e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> SandboxConfig.fromEnvironment(bad),
                            bad.toString());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertEquals(Duration.ofMillis(1500), SandboxConfig.parseDuration("x", "1.5s"));
        assertEquals(Duration.ofMillis(40), SandboxConfig.parseDuration("x", "40"));
        assertEquals(Duration.ofSeconds(2), SandboxConfig.parseDuration("x", "PT2S"));
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
