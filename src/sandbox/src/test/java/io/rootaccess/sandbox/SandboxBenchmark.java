package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Throughput of the sandbox driven by the real SDK clients: {@code make sandbox-bench}
 * (BENCH_THREADS, BENCH_SECONDS, BENCH_ACCOUNTS). Each worker loops over member accounts:
 * AssumeRoot (audit), then 10 GetAccountSummary calls in that session, plus one ListAccounts page,
 * like an audit sweep. Rate limits off. Prints the seed time and requests/s.
 */
class SandboxBenchmark {

    @Test
    @EnabledIfSystemProperty(named = "sandbox.bench", matches = "true")
    void benchmark() throws Exception {
        double rps =
                run(
                        Integer.getInteger("bench.threads", 8),
                        Integer.getInteger("bench.seconds", 10),
                        Integer.getInteger("bench.accounts", 10_000));
        assertTrue(rps > 0);
    }

    /**
     * Server capacity without the SDK's client-side cost: the same GetAccountSummary request (Query
     * protocol, a session's Authorization and token headers, unsigned since the sandbox does not
     * verify signatures) sent by {@code threads} plain java.net.http clients.
     */
    @Test
    @EnabledIfSystemProperty(named = "sandbox.bench", matches = "true")
    void rawServerCapacity() throws Exception {
        assertTrue(
                runRaw(
                                Integer.getInteger("bench.threads", 8),
                                Integer.getInteger("bench.seconds", 10))
                        > 0);
    }

    static double runRaw(int threads, int seconds) throws Exception {
        try (Sandbox sb =
                Sandbox.start(
                        SandboxConfig.builder()
                                .rateLimits(false)
                                .threads(Math.max(8, threads * 2))
                                .build())) {
            SandboxOrganization org = sb.organization();
            List<String> ids = SandboxSeed.generate(org, 100, 1);
            org.setTrustedAccessForIam(true);
            org.setFeatureEnabled("RootCredentialsManagement", true);
            String account =
                    ids.stream()
                            .filter(id -> org.accountState(id).equals("ACTIVE"))
                            .findFirst()
                            .orElseThrow();
            Identity session =
                    sb.openRootSession(
                            account, RootTaskPolicy.IAM_AUDIT_ROOT_USER_CREDENTIALS, 900);
            java.net.http.HttpClient client =
                    java.net.http.HttpClient.newBuilder()
                            .version(java.net.http.HttpClient.Version.HTTP_1_1)
                            .build();
            java.net.http.HttpRequest request =
                    java.net.http.HttpRequest.newBuilder(sb.endpoint().resolve("/"))
                            .header(
                                    "Content-Type",
                                    "application/x-www-form-urlencoded; charset=utf-8")
                            .header(
                                    "Authorization",
                                    "AWS4-HMAC-SHA256 Credential="
                                            + session.accessKeyId()
                                            + "/20261122/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
                            .header("X-Amz-Security-Token", session.sessionToken())
                            .POST(
                                    java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "Action=GetAccountSummary&Version=2010-05-08"))
                            .build();
            LongAdder ok = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(
                        pool.submit(
                                () -> {
                                    while (!stop.get()) {
                                        var r =
                                                client.send(
                                                        request,
                                                        java.net.http.HttpResponse.BodyHandlers
                                                                .ofByteArray());
                                        if (r.statusCode() != 200) {
                                            throw new IllegalStateException(
                                                    "HTTP " + r.statusCode());
                                        }
                                        ok.increment();
                                    }
                                    return null;
                                }));
            }
            Thread.sleep(2000);
            long startCount = ok.sum();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long count = ok.sum() - startCount;
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
            double rps = count / elapsed;
            System.out.printf(
                    "sandbox-bench raw: %d client threads, %.1f s: %,d GetAccountSummary, %,.0f requests/s (%d cores)%n",
                    threads, elapsed, count, rps, Runtime.getRuntime().availableProcessors());
            return rps;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("raw")) {
            runRaw(
                    args.length > 1 ? Integer.parseInt(args[1]) : 8,
                    args.length > 2 ? Integer.parseInt(args[2]) : 10);
            return;
        }
        run(
                args.length > 0 ? Integer.parseInt(args[0]) : 8,
                args.length > 1 ? Integer.parseInt(args[1]) : 10,
                args.length > 2 ? Integer.parseInt(args[2]) : 10_000);
    }

    static double run(int threads, int seconds, int accounts) throws Exception {
        try (Sandbox sb =
                        Sandbox.start(
                                SandboxConfig.builder()
                                        .rateLimits(false)
                                        .threads(Math.max(8, threads * 2))
                                        .build());
                SdkHttpClient http =
                        ApacheHttpClient.builder().maxConnections(threads * 2).build()) {
            long t0 = System.nanoTime();
            List<String> ids = SandboxSeed.generate(sb.organization(), accounts, 2026);
            long seedMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("sandbox-bench: seeded %,d accounts in %,d ms%n", accounts, seedMs);
            SandboxOrganization org = sb.organization();
            org.setTrustedAccessForIam(true);
            org.setFeatureEnabled("RootCredentialsManagement", true);
            List<String> active =
                    ids.stream().filter(id -> org.accountState(id).equals("ACTIVE")).toList();

            var admin = StaticCredentialsProvider.create(SdkClients.of(sb.managementCredentials()));
            StsClient sts =
                    StsClient.builder()
                            .httpClient(http)
                            .endpointOverride(sb.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(admin)
                            .build();
            OrganizationsClient orgs =
                    OrganizationsClient.builder()
                            .httpClient(http)
                            .endpointOverride(sb.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(admin)
                            .build();
            LongAdder requests = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                workers.add(
                        pool.submit(
                                () -> {
                                    int i = worker;
                                    // One IAM client per worker whose credentials follow the
                                    // worker's current session.
                                    AtomicReference<AwsCredentials> session =
                                            new AtomicReference<>();
                                    AwsCredentialsProvider current = session::get;
                                    try (IamClient iam =
                                            IamClient.builder()
                                                    .httpClient(http)
                                                    .endpointOverride(sb.endpoint())
                                                    .region(Region.AWS_GLOBAL)
                                                    .credentialsProvider(current)
                                                    .build()) {
                                        while (!stop.get()) {
                                            String account = active.get(i % active.size());
                                            i += threads;
                                            session.set(
                                                    SdkClients.of(
                                                            sts.assumeRoot(
                                                                    r ->
                                                                            r.targetPrincipal(
                                                                                            account)
                                                                                    .taskPolicyArn(
                                                                                            p ->
                                                                                                    p
                                                                                                            .arn(
                                                                                                                    TaskPolicy
                                                                                                                            .AUDIT
                                                                                                                            .arn())))));
                                            requests.increment();
                                            for (int k = 0; k < 10 && !stop.get(); k++) {
                                                iam.getAccountSummary(r -> {});
                                                requests.increment();
                                            }
                                            orgs.listAccounts(r -> r.maxResults(20));
                                            requests.increment();
                                        }
                                    }
                                    return null;
                                }));
            }
            Thread.sleep(
                    Duration.ofSeconds(5).toMillis()); // warm-up: let the JIT compile the SDK paths
            long startCount = requests.sum();
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            long count = requests.sum() - startCount;
            double elapsed = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
            double rps = count / elapsed;
            System.out.printf(
                    "sandbox-bench: %d client threads, %.1f s: %,d requests, %,.0f requests/s (%d cores)%n",
                    threads, elapsed, count, rps, Runtime.getRuntime().availableProcessors());
            System.out.println("sandbox-bench: calls " + sb.calls().snapshot());
            sts.close();
            orgs.close();
            return rps;
        }
    }
}
