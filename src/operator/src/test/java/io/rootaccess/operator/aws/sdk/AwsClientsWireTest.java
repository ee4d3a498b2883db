package io.rootaccess.operator.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.aws.pacing.FakePacing;
import io.rootaccess.operator.config.OperatorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The real SDK clients as AwsClients builds them, against a tiny scripted HTTP endpoint on
 * 127.0.0.1: proves the SDK's own retries are off (our attempts are the only attempts), that
 * root-session calls are signed with the session's key on the shared client, and how wire errors
 * are classified.
 */
class AwsClientsWireTest {
    private HttpServer server;
    private AwsClients clients;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int stallFirst;
    private final java.util.concurrent.ExecutorService executor =
            java.util.concurrent.Executors.newCachedThreadPool();
    private Duration callTimeout = Duration.ofSeconds(5);

    /** Answers each request with the next scripted (status, body). */
    private URI serve(List<Map.Entry<Integer, String>> script) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger arrivals = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext(
                "/",
                exchange -> {
                    if (arrivals.getAndIncrement() < stallFirst) {
                        try {
                            Thread.sleep(1500); // longer than the call timeout
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    authorizations.add(
                            String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    bodies.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    var answer = script.get(Math.min(next.getAndIncrement(), script.size() - 1));
                    byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/xml");
                    exchange.sendResponseHeaders(answer.getKey(), body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    private static String error(String code) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>"
                + code
                + "</Code><Message>Rate exceeded</Message></Error>"
                + "<RequestId>r1</RequestId></ErrorResponse>";
    }

    private static final String SUMMARY =
            """
            <GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult>
            <SummaryMap><entry><key>AccountPasswordPresent</key><value>1</value></entry>
            <entry><key>AccountAccessKeysPresent</key><value>2</value></entry>
            <entry><key>AccountMFAEnabled</key><value>0</value></entry></SummaryMap>
            </GetAccountSummaryResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetAccountSummaryResponse>""";

    private SdkRootCredentials credentials(URI endpoint, FakePacing pacing) {
        clients = new AwsClients(new TestAwsConfig(endpoint, callTimeout));
        // iam-root pinned at 20/s: the pacing assertions below count the waits at that rate
        AwsCalls calls =
                new AwsCalls(
                        new ApiRateLimiter(
                                Map.of(
                                        ApiFamily.IAM_ROOT.key(),
                                        new OperatorConfig.RateLimit() {
                                            public double rate() {
                                                return 20;
                                            }

                                            public int burst() {
                                                return 40;
                                            }

                                            @Override
                                            public java.util.Optional<Double> ceiling() {
                                                return java.util.Optional.empty();
                                            }

                                            @Override
                                            public java.util.Optional<Double> floor() {
                                                return java.util.Optional.empty();
                                            }
                                        }),
                                pacing),
                        pacing,
                        4,
                        Duration.ofSeconds(5));
        RootSessions noSessions =
                new RootSessions() {
                    public io.rootaccess.operator.aws.Reservation reserve(
                            io.rootaccess.operator.aws.CallPriority priority) {
                        throw new UnsupportedOperationException();
                    }

                    public RootSession open(
                            String accountId,
                            TaskPolicy taskPolicy,
                            io.rootaccess.operator.aws.Reservation.Granted grant) {
                        throw new UnsupportedOperationException();
                    }

                    public void invalidate(RootSession session) {}
                };
        return new SdkRootCredentials(clients, calls, noSessions);
    }

    private static RootSession session() {
        return new RootSession(
                "222233334444",
                TaskPolicy.AUDIT,
                AwsSessionCredentials.create(
                        "ASIASESSIONKEY000001", "session-secret-not-real", "session-token"),
                Instant.now().plusSeconds(900));
    }

    @Test
    void throttlingIsRetriedByUsOnlyAndSessionCallsAreSignedWithTheSessionKey() throws IOException {
        URI endpoint =
                serve(
                        List.of(
                                Map.entry(400, error("Throttling")),
                                Map.entry(400, error("Throttling")),
                                Map.entry(200, SUMMARY)));
        FakePacing pacing = new FakePacing();
        AccountSummary summary = credentials(endpoint, pacing).accountSummary(session());

        assertEquals(new AccountSummary(true, 2, 0, 0), summary);
        assertEquals(
                3,
                authorizations.size(),
                "exactly our three attempts: the SDK does not retry on its own");
        // two back-offs, plus one pacing wait: the throttle dropped the family's saved-up burst
        assertEquals(3, pacing.sleeps.size(), pacing.sleeps.toString());
        assertTrue(
                authorizations.stream()
                        .allMatch(a -> a.contains("Credential=ASIASESSIONKEY000001/")),
                authorizations.toString());
        assertTrue(bodies.get(0).contains("Action=GetAccountSummary"), bodies.get(0));
        assertFalse(bodies.get(0).contains("UserName"), "in-session calls act on the root user");
    }

    @Test
    void aCallThatTimesOutIsRetriedAsTransient() throws IOException {
        stallFirst = 1;
        callTimeout = Duration.ofMillis(400);
        URI endpoint = serve(List.of(Map.entry(200, SUMMARY)));
        FakePacing pacing = new FakePacing();
        assertEquals(
                new AccountSummary(true, 2, 0, 0),
                credentials(endpoint, pacing).accountSummary(session()));
        assertEquals(1, pacing.sleeps.size(), "one back-off after the timed-out attempt");
    }

    @Test
    void deletingAMissingKeyIsAlreadyGone() throws IOException {
        URI endpoint = serve(List.of(Map.entry(404, error("NoSuchEntity"))));
        assertFalse(
                credentials(endpoint, new FakePacing())
                        .deleteAccessKey(session(), "AKIAOLDKEY0000000001"));
        assertEquals(1, authorizations.size());
    }

    @Test
    void accessDeniedIsClassifiedWithTheAction() throws IOException {
        URI endpoint = serve(List.of(Map.entry(403, error("AccessDenied"))));
        AwsException e =
                assertThrows(
                        AwsException.class,
                        () ->
                                credentials(endpoint, new FakePacing())
                                        .deleteLoginProfile(session()));
        assertEquals(AwsErrorKind.ACCESS_DENIED, e.kind());
        assertEquals("iam:DeleteLoginProfile", e.action());
        assertFalse(e.getMessage().contains("session-secret-not-real"));
        assertEquals(1, authorizations.size());
    }

    @Test
    void aClosedPortIsUnreachableAndNotRetried() throws IOException {
        int port;
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        FakePacing pacing = new FakePacing();
        AwsException e =
                assertThrows(
                        AwsException.class,
                        () ->
                                credentials(URI.create("http://127.0.0.1:" + port), pacing)
                                        .accountSummary(session()));
        assertEquals(AwsErrorKind.UNREACHABLE, e.kind());
        assertEquals("iam:GetAccountSummary", e.action());
        assertTrue(pacing.sleeps.isEmpty());
    }
}
