package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated AWS Organization on 127.0.0.1 that speaks the real wire protocols of IAM, STS,
 * Organizations, S3 (bucket policies) and SQS (queue policies), so the real AWS SDK clients talk to
 * it through an endpoint override. All services share one endpoint; the protocol and the operation
 * are read from the request ({@code X-Amz-Target}, the Query {@code Action}, or the S3 REST shape),
 * the caller from the SigV4 {@code Authorization} header's access key id (signatures are not
 * verified).
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Small responses on keep-alive connections otherwise wait for the peer's delayed ACK
        // (Nagle): ~40 ms per call. Read once by the JDK server, so set before its first use.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final String REQUEST_ID_PREFIX = "5a4d0b1e-7c3a-4b6f-9c2e-";
    private final SandboxConfig config;
    private final SandboxClock clock = new SandboxClock(Clock.systemUTC());
    private final Ids ids;
    private final SandboxOrganization organization;
    private final CallLog calls = new CallLog();
    private final SandboxFaults faults;
    private final SandboxRateLimits rateLimiter;
    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final Map<String, Identity> adminByAccount = new ConcurrentHashMap<>();
    private final AtomicLong requestCounter = new AtomicLong();
    private final AtomicInteger sessionsSinceSweep = new AtomicInteger();
    private final Identity management;
    private final ManagementEvents events;

    /** IAM and STS (AWS Query). */
    private final Route queryRoute;

    /** S3 (REST-XML). */
    private final Route s3Route;

    /**
     * The JSON services by the service part of their X-Amz-Target ("AmazonSQS" in
     * "AmazonSQS.GetQueueUrl"). A new JSON service (a task type on another AWS service) is one
     * entry here and an API class beside {@link SqsApi}; a new error dialect is a {@link Protocol}.
     */
    private final Map<String, Route> jsonServices;

    /**
     * Where a request goes: its wire protocol (how errors are spelled), the prefix of its operation
     * names ("sqs"), and the API class that answers it.
     */
    record Route(Protocol protocol, String service, Function<Call, Call.Response> api) {}

    /**
     * Every secret access key and session token handed out, for leak scans; memory only, bounded.
     */
    private final Set<String> issuedSecrets = ConcurrentHashMap.newKeySet();

    private HttpServer server;
    private ThreadPoolExecutor executor;

    /**
     * Closes the connections of calls chosen to time out, so a held call does not occupy a worker
     * thread.
     */
    private ScheduledExecutorService holds;

    private URI endpoint;

    private Sandbox(SandboxConfig config) {
        this.config = config;
        this.ids = new Ids(config.seed());
        this.organization = new SandboxOrganization(ids, clock, config.managementAccountName());
        this.rateLimiter = new SandboxRateLimits(config);
        this.faults = SandboxFaults.of(config);
        this.management = adminIdentity(organization.managementAccountId());
        this.events = config.events() ? new ManagementEvents(this) : null;
        if (events != null) {
            organization.onChange(events::onOrganizationChange);
        }
        this.queryRoute = new Route(Protocol.QUERY, null, new QueryApi(this)::handle);
        this.s3Route = new Route(Protocol.S3, "s3", new S3Api(this)::handle);
        this.jsonServices =
                Map.of(
                        "AWSOrganizationsV20161128",
                        new Route(
                                Protocol.JSON_ORGANIZATIONS,
                                "organizations",
                                new OrganizationsApi(this)::handle),
                        "AmazonSQS",
                        new Route(Protocol.JSON_SQS, "sqs", new SqsApi(this)::handle));
    }

    /**
     * Starts a sandbox on 127.0.0.1 (port from the config, 0 = ephemeral) with an organization of
     * one management account.
     */
    public static Sandbox start(SandboxConfig config) {
        Sandbox sb = new Sandbox(config);
        try {
            sb.listen();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "sandbox cannot listen on 127.0.0.1:" + config.port(), e);
        }
        return sb;
    }

    private void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port()), 256);
        AtomicInteger n = new AtomicInteger();
        executor =
                new ThreadPoolExecutor(
                        config.threads(),
                        config.threads(),
                        30,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(4096),
                        r -> {
                            Thread t = new Thread(r, "sandbox-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        holds =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "sandbox-timeouts");
                            t.setDaemon(true);
                            return t;
                        });
        server.createContext("/", this::handle);
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        organization.setEndpoint(endpoint.toString());
    }

    public URI endpoint() {
        return endpoint;
    }

    public SandboxCredentials managementCredentials() {
        return new SandboxCredentials(management.accessKeyId(), management.secretAccessKey());
    }

    /**
     * An administrator identity in the account (created on first use), e.g. for the delegated
     * administrator.
     */
    public SandboxCredentials credentialsFor(String accountId) {
        if (organization.findAccount(accountId) == null) {
            throw new IllegalArgumentException("no such account: " + accountId);
        }
        Identity id = adminIdentity(accountId);
        return new SandboxCredentials(id.accessKeyId(), id.secretAccessKey());
    }

    /**
     * From now on, calls signed with these credentials act as the administrator of this account:
     * one of this sandbox's keys moved to another account (the operator's key now a member
     * account's), or a key another sandbox issued (the same credentials now seeing another
     * organization). The identity mistakes a real installation can make, set on a running sandbox.
     * Assigning a key back to the account that issued it restores its original identity.
     */
    public void assignAccessKey(SandboxCredentials credentials, String accountId) {
        if (organization.findAccount(accountId) == null) {
            throw new IllegalArgumentException("no such account: " + accountId);
        }
        String key = credentials.accessKeyId();
        Identity own = adminByAccount.get(accountId);
        Identity id =
                own != null && own.accessKeyId().equals(key)
                        ? own
                        : new Identity(
                                key,
                                credentials.secretAccessKey(),
                                null,
                                accountId,
                                "arn:aws:iam::" + accountId + ":user/sandbox-admin",
                                "AIDA" + ids.upper(17),
                                null,
                                null,
                                key);
        identities.put(key, id);
        issued(id);
    }

    /**
     * Another IAM user of the management account (created on first use of the name), e.g. a person
     * who allows password recovery behind the operator's back: its calls are its own in the
     * management account's events.
     */
    public SandboxCredentials principal(String userName) {
        Identity id =
                adminByAccount.computeIfAbsent(
                        organization.managementAccountId() + "/" + userName,
                        k -> {
                            String key = "AKIA" + ids.upper(16);
                            Identity i =
                                    new Identity(
                                            key,
                                            ids.secret(40),
                                            null,
                                            organization.managementAccountId(),
                                            "arn:aws:iam::"
                                                    + organization.managementAccountId()
                                                    + ":user/"
                                                    + userName,
                                            "AIDA" + ids.upper(17),
                                            null,
                                            null,
                                            key);
                            identities.put(i.accessKeyId(), i);
                            issued(i);
                            return i;
                        });
        return new SandboxCredentials(id.accessKeyId(), id.secretAccessKey());
    }

    /**
     * The management account's event queue (EventBridge -> SQS), when the sandbox runs with events
     * on ({@link SandboxConfig.Builder#events(boolean)}).
     */
    public Optional<ManagementEvents> events() {
        return Optional.ofNullable(events);
    }

    /** The URL of the event queue, when events are on. */
    public Optional<String> eventQueueUrl() {
        return events().map(
                        e ->
                                endpoint
                                        + "/"
                                        + organization.managementAccountId()
                                        + "/"
                                        + ManagementEvents.QUEUE_NAME);
    }

    Identity managementIdentity() {
        return management;
    }

    public SandboxClock clock() {
        return clock;
    }

    public void advanceClock(Duration d) {
        clock.advance(d);
    }

    public CallLog calls() {
        return calls;
    }

    public SandboxFaults faults() {
        return faults;
    }

    public SandboxOrganization organization() {
        return organization;
    }

    public SandboxConfig config() {
        return config;
    }

    /** At most this many secrets are remembered for {@link #issuedSecrets()} (about 90 MB). */
    static final int MAX_ISSUED_SECRETS = 250_000;

    /**
     * Every secret access key and session token this sandbox has handed out (administrator
     * identities and sts:AssumeRoot sessions; the first {@value #MAX_ISSUED_SECRETS}), so a test
     * can scan logs, events, status and reports for leaks. Kept in memory only; never served by the
     * inspection endpoint.
     */
    public Set<String> issuedSecrets() {
        return Set.copyOf(issuedSecrets);
    }

    private void issued(Identity id) {
        if (issuedSecrets.size() < MAX_ISSUED_SECRETS) {
            issuedSecrets.add(id.secretAccessKey());
            if (id.sessionToken() != null) {
                issuedSecrets.add(id.sessionToken());
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            holds.shutdownNow();
            server = null;
        }
    }

    // ---------------------------------------------------------------- identities

    private Identity adminIdentity(String accountId) {
        return adminByAccount.computeIfAbsent(
                accountId,
                a -> {
                    String key = "AKIA" + ids.upper(16);
                    Identity id =
                            new Identity(
                                    key,
                                    ids.secret(40),
                                    null,
                                    a,
                                    "arn:aws:iam::" + a + ":user/sandbox-admin",
                                    "AIDA" + ids.upper(17),
                                    null,
                                    null,
                                    key);
                    identities.put(id.accessKeyId(), id);
                    issued(id);
                    return id;
                });
    }

    Identity openRootSession(String accountId, RootTaskPolicy policy, int durationSeconds) {
        return openRootSession(accountId, policy, durationSeconds, "unknown");
    }

    /**
     * A root session in the account; {@code callerKey}: the key of the identity that called
     * AssumeRoot.
     */
    Identity openRootSession(
            String accountId, RootTaskPolicy policy, int durationSeconds, String callerKey) {
        if (sessionsSinceSweep.incrementAndGet() > 10_000) {
            sessionsSinceSweep.set(0);
            Instant cutoff = clock.instant().minus(Duration.ofHours(1));
            identities
                    .values()
                    .removeIf(i -> i.expiration() != null && i.expiration().isBefore(cutoff));
        }
        Identity session =
                new Identity(
                        "ASIA" + ids.upper(16),
                        ids.secret(40),
                        "IQoJb3JpZ2luX2VjE" + ids.secret(300),
                        accountId,
                        "arn:aws:iam::" + accountId + ":root",
                        accountId,
                        policy,
                        clock.instant().plusSeconds(durationSeconds),
                        callerKey);
        identities.put(session.accessKeyId(), session);
        issued(session);
        return session;
    }

    // ---------------------------------------------------------------- authorization

    /**
     * Authorizes an action on a resource for the caller: inside a root session only the task
     * policy's actions; for identities of member accounts the SCPs on the account's path.
     */
    void authorize(Call call, String action, String resourceArn) {
        Identity id = call.identity;
        if (id.isRootSession() && !id.taskPolicy().allows(action)) {
            throw call.notAuthorized(
                    action,
                    resourceArn,
                    "because no identity-based policy allows the " + action + " action");
        }
        if (id.accountId().equals(organization.managementAccountId())) {
            return; // SCPs never apply to the management account
        }
        Map<String, String> context = new HashMap<>();
        context.put("aws:PrincipalArn", id.arn());
        context.put("aws:PrincipalAccount", id.accountId());
        context.put("aws:PrincipalOrgID", organization.id());
        if (id.isRootSession()) {
            context.put("aws:AssumedRoot", "true");
            context.put("aws:PrincipalType", "Root");
        }
        for (Map.Entry<String, List<SandboxOrganization.Policy>> level :
                organization.policyPath(id.accountId())) {
            for (SandboxOrganization.Policy p : level.getValue()) {
                if (p.document().denies(action, resourceArn, context)) {
                    throw call.notAuthorized(
                            action,
                            resourceArn,
                            "with an explicit deny in a service control policy: arn:aws:organizations::"
                                    + organization.managementAccountId()
                                    + ":policy/"
                                    + organization.id()
                                    + "/service_control_policy/"
                                    + p.id());
                }
            }
        }
    }

    /** Denies root sessions any action outside their task policy, and checks SCPs. */
    void authorize(Call call, String resourceArn) {
        authorize(call, call.operation, resourceArn);
    }

    boolean isManagement(Identity id) {
        return !id.isRootSession() && id.accountId().equals(organization.managementAccountId());
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) {
        if (ex.getRequestURI().getRawPath().startsWith(Inspection.PREFIX)) {
            Inspection.handle(this, ex);
            return;
        }
        Call call = null;
        Identity identity = null;
        String agent = "";
        try {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            call = decode(ex, body);
            identity = authenticate(ex);
            agent = CallLog.agentTag(ex.getRequestHeaders().getFirst("User-Agent"));
            Duration latency = faults.latency(call.operation);
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            }
            if (faults.shouldTimeOut(call.operation)) {
                calls.injected(CallLog.FAULT_TIMEOUT);
                record(call, identity, agent, CallLog.TIMEOUT);
                // No answer at all: the client times out, or sees the connection drop after the
                // hold.
                holds.schedule(ex::close, faults.timeoutHold().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            int injected = faults.serverError(call.operation);
            if (injected > 0) {
                calls.injected(CallLog.FAULT_5XX);
                throw call.protocol.serverError(injected);
            }
            if (faults.shouldThrottle(call.operation)) {
                calls.injected(CallLog.FAULT_THROTTLE);
                throw call.protocol.throttled();
            }
            if (identity == null) {
                throw call.protocol.unknownAccessKey();
            }
            if (identity.sessionToken() != null) {
                if (!identity.sessionToken()
                        .equals(ex.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
                    throw call.protocol.unknownAccessKey();
                }
                if (!clock.instant().isBefore(identity.expiration())) {
                    throw call.protocol.expiredToken();
                }
            }
            call.identity = identity;
            SandboxFaults.CallHook hook = faults.hook();
            if (hook != null) {
                hook.arrived(call.operation, identity.accountId());
            }
            if (!rateLimiter.tryAcquire(
                    call.operation, identity.accessKeyId(), identity.accountId())) {
                throw call.protocol.throttled();
            }
            if (call.route == null) {
                throw call.protocol.unknownOperation(call.operation);
            }
            Call.Response r = call.route.api().apply(call);
            record(call, identity, agent, CallLog.OK);
            if (events != null) {
                events.onCall(call, identity, ex.getRequestHeaders().getFirst("User-Agent"));
            }
            // Faults after the change: it is made (and counted OK), the caller sees a failure
            if (faults.shouldTimeOutAfter(call.operation)) {
                calls.injected(CallLog.FAULT_TIMEOUT_AFTER);
                calls.responseLost(requestKey(call, identity));
                holds.schedule(ex::close, faults.timeoutHold().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            int after = faults.serverErrorAfter(call.operation);
            if (after > 0) {
                calls.injected(CallLog.FAULT_5XX_AFTER);
                calls.responseLost(requestKey(call, identity));
                send(ex, renderError(call, call.protocol.serverError(after)), call.requestId);
                return;
            }
            send(ex, r, call.requestId);
        } catch (SandboxError e) {
            fail(ex, call, identity, agent, e);
        } catch (NumberFormatException e) {
            fail(
                    ex,
                    call,
                    identity,
                    agent,
                    SandboxError.of(
                            call != null && call.protocol == Protocol.QUERY
                                    ? "ValidationError"
                                    : "InvalidInputException",
                            400,
                            "A numeric parameter is not a number: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
        } catch (RuntimeException | IOException e) {
            LOG.log(
                    Level.WARNING,
                    "sandbox: internal error on " + (call == null ? "?" : call.operation),
                    e);
            Protocol p = call == null ? Protocol.QUERY : call.protocol;
            fail(ex, call, identity, agent, p.serverError(500));
        }
    }

    private void fail(HttpExchange ex, Call call, Identity identity, String agent, SandboxError e) {
        record(call, identity, agent, e.code());
        send(ex, renderError(call, e), call == null ? "0" : call.requestId);
    }

    /**
     * Counts the call before its answer goes out (a client that has the answer sees it counted).
     */
    private void record(Call call, Identity identity, String agent, String outcome) {
        if (call == null) {
            return; // undecodable: not an AWS operation
        }
        String target = null;
        if (call.operation.equals("sts:AssumeRoot")) {
            target = call.params.getOrDefault("TargetPrincipal", "unknown");
        }
        calls.record(
                new CallLog.Entry(
                        call.operation,
                        identity == null ? "unknown" : identity.accountId(),
                        identity == null ? "unknown" : identity.callerKey(),
                        agent,
                        outcome,
                        target,
                        call.alreadyGone,
                        call.alreadyGone ? requestKey(call, identity) : null,
                        CallLog.OK.equals(outcome) ? call.destroyed : null,
                        call.priorDocument));
    }

    /**
     * What identifies a request when it is sent again (the same operation, account and body): a
     * retry of a change whose answer was lost finds it done, and is no duplicate.
     */
    private static String requestKey(Call call, Identity identity) {
        return call.operation
                + "|"
                + (identity == null ? "unknown" : identity.accountId())
                + "|"
                + call.path
                + "|"
                + new String(call.body, StandardCharsets.UTF_8);
    }

    private Identity authenticate(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return null;
        }
        int i = auth.indexOf("Credential=");
        if (i < 0) {
            return null;
        }
        int start = i + "Credential=".length();
        int end = auth.indexOf('/', start);
        return end < 0 ? null : identities.get(auth.substring(start, end));
    }

    private Call decode(HttpExchange ex, byte[] body) throws IOException {
        String requestId = requestId();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            int dot = target.indexOf('.');
            Route route = dot < 0 ? null : jsonServices.get(target.substring(0, dot));
            if (route == null) {
                // Another JSON service: answer UnknownOperationException naming the target.
                return new Call(
                        Protocol.JSON_ORGANIZATIONS,
                        null,
                        target,
                        requestId,
                        Map.of(),
                        json,
                        method,
                        path,
                        body);
            }
            return new Call(
                    route.protocol(),
                    route,
                    route.service() + ":" + target.substring(dot + 1),
                    requestId,
                    Map.of(),
                    json,
                    method,
                    path,
                    body);
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if ("POST".equals(method)
                && "/".equals(path)
                && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> params = parseForm(new String(body, StandardCharsets.UTF_8));
            String action = params.getOrDefault("Action", "");
            // The SigV4 credential scope names the service; unsigned requests are guessed from the
            // action.
            String service =
                    credentialScopeService(ex.getRequestHeaders().getFirst("Authorization"));
            if (service == null) {
                service =
                        action.equals("AssumeRoot") || action.equals("GetCallerIdentity")
                                ? "sts"
                                : "iam";
            }
            return new Call(
                    Protocol.QUERY,
                    queryRoute,
                    service + ":" + action,
                    requestId,
                    params,
                    null,
                    method,
                    path,
                    body);
        }
        Map<String, String> query = parseForm(ex.getRequestURI().getRawQuery());
        return new Call(
                Protocol.S3,
                s3Route,
                S3Api.operation(method, path, query),
                requestId,
                query,
                null,
                method,
                path,
                body);
    }

    private static String credentialScopeService(String auth) {
        if (auth == null) {
            return null;
        }
        int i = auth.indexOf("Credential=");
        if (i < 0) {
            return null;
        }
        String[] scope = auth.substring(i + "Credential=".length()).split("[,/ ]");
        return scope.length > 3 ? scope[3] : null;
    }

    static Map<String, String> parseForm(String s) {
        Map<String, String> m = new HashMap<>();
        if (s == null || s.isEmpty()) {
            return m;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k =
                    URLDecoder.decode(
                            eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v =
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private String requestId() {
        // UUID-shaped and unique per sandbox; cheaper than String.format on the hot path.
        String hex = Long.toHexString(requestCounter.incrementAndGet() | 0x1000_0000_0000L);
        return REQUEST_ID_PREFIX + hex;
    }

    private Call.Response renderError(Call call, SandboxError e) {
        Protocol p = call == null ? Protocol.QUERY : call.protocol;
        String requestId = call == null ? "0" : call.requestId;
        switch (p) {
            case QUERY -> {
                String xml =
                        new Xml()
                                .open(
                                        "ErrorResponse",
                                        call != null && call.operation.startsWith("sts:")
                                                ? QueryApi.STS_NS
                                                : QueryApi.IAM_NS)
                                .open("Error")
                                .el("Type", e.status() >= 500 ? "Receiver" : "Sender")
                                .el("Code", e.code())
                                .el("Message", e.getMessage())
                                .close("Error")
                                .el("RequestId", requestId)
                                .close("ErrorResponse")
                                .toString();
                return new Call.Response(
                        e.status(), "text/xml", xml.getBytes(StandardCharsets.UTF_8), Map.of());
            }
            case JSON_ORGANIZATIONS -> {
                ObjectNode n =
                        JSON.createObjectNode()
                                .put("__type", e.code())
                                .put("Message", e.getMessage());
                return new Call.Response(
                        e.status(),
                        "application/x-amz-json-1.1",
                        json(n),
                        Map.of("x-amzn-ErrorType", e.code()));
            }
            case JSON_SQS -> {
                ObjectNode n =
                        JSON.createObjectNode()
                                .put("__type", "com.amazonaws.sqs#" + e.code())
                                .put("message", e.getMessage());
                String queryCode = SqsApi.queryErrorCode(e.code());
                return new Call.Response(
                        e.status(),
                        "application/x-amz-json-1.0",
                        json(n),
                        Map.of(
                                "x-amzn-query-error",
                                queryCode + ";" + (e.status() >= 500 ? "Receiver" : "Sender")));
            }
            default -> {
                String xml =
                        new Xml()
                                .open("Error")
                                .el("Code", e.code())
                                .el("Message", e.getMessage())
                                .el("RequestId", requestId)
                                .close("Error")
                                .toString();
                return new Call.Response(
                        e.status(),
                        "application/xml",
                        xml.getBytes(StandardCharsets.UTF_8),
                        Map.of());
            }
        }
    }

    static byte[] json(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, Call.Response r, String requestId) {
        try {
            var h = ex.getResponseHeaders();
            if (r.contentType != null) {
                h.set("Content-Type", r.contentType);
            }
            h.set("x-amzn-RequestId", requestId);
            h.set("x-amz-request-id", requestId);
            h.set("x-amz-id-2", requestId);
            r.headers.forEach(h::set);
            boolean noBody = r.body == null || r.body.length == 0;
            ex.sendResponseHeaders(r.status, noBody ? -1 : r.body.length);
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "sandbox: client went away", e);
        } finally {
            ex.close();
        }
    }
}
