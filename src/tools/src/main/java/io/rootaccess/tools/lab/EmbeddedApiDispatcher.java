package io.rootaccess.tools.lab;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The embedded API server's request handling: Fabric8's CRUD dispatcher (with an index by name,
 * {@link IndexedCrudStore}), plus what it lacks for leader election and what the fault tests need.
 *
 * <ul>
 *   <li>SelfSubjectRulesReview: JOSDK asks, before electing, whether it may get/create/update
 *       Leases. The CRUD dispatcher would store the review and answer it without a status (JOSDK
 *       then fails with a NullPointerException); here it answers "everything allowed", as for a
 *       cluster admin.
 *   <li>Status-write faults: a share of status PATCH/PUT requests, or the next n, answered 409
 *       Conflict or 500, as a busy or failing API server does.
 * </ul>
 *
 * Leases themselves need nothing extra: the CRUD dispatcher stores them and answers 409 to an
 * update with a stale resourceVersion, which is the optimistic concurrency Fabric8's LeaderElector
 * relies on.
 */
public final class EmbeddedApiDispatcher extends Dispatcher {
    private static final String RULES_REVIEW =
            "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final IndexedCrudStore crud = new IndexedCrudStore();
    private volatile double statusFaultShare;
    private final AtomicInteger failNextStatusWrites = new AtomicInteger();
    private final AtomicLong statusFaultsInjected = new AtomicLong();
    private final AtomicLong unprocessable = new AtomicLong();

    /** Share (0..1) of status writes answered 409 or 500 (alternately, at random). */
    public void statusFaultShare(double share) {
        this.statusFaultShare = share;
    }

    /** The next n status writes are answered 409 or 500. */
    public void failNextStatusWrites(int n) {
        failNextStatusWrites.set(n);
    }

    public long statusFaultsInjected() {
        return statusFaultsInjected.get();
    }

    /**
     * Requests the store could not apply (answered 422): a JSON patch computed against a stale
     * copy.
     */
    public long unprocessableRequests() {
        return unprocessable.get();
    }

    /** Times the store's name index was rebuilt because it missed a change (expected: 0). */
    public long storeIndexRebuilds() {
        return crud.rebuilds();
    }

    private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder crudNanos = new LongAdder();

    /**
     * Requests answered by the CRUD store, by method (a WATCH counts once, when it starts): what a
     * run cost the API server (`make bench`).
     */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Time spent in the CRUD store (its lock included), summed over requests. */
    public double crudSeconds() {
        return crudNanos.sum() / 1e9;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String method = request.getMethod();
        if ("POST".equals(method) && bare.equals(RULES_REVIEW)) {
            return new MockResponse()
                    .setResponseCode(201)
                    .setHeader("Content-Type", "application/json")
                    .setBody(
                            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                                    + "\"spec\":{},\"status\":{\"incomplete\":false,\"nonResourceRules\":[],"
                                    + "\"resourceRules\":[{\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"verbs\":[\"*\"]}]}}");
        }
        if (("PATCH".equals(method) || "PUT".equals(method))
                && bare.endsWith("/status")
                && injectStatusFault()) {
            statusFaultsInjected.incrementAndGet();
            boolean conflict = ThreadLocalRandom.current().nextBoolean();
            return conflict
                    ? status(409, "Conflict", "injected Conflict")
                    : status(500, "InternalError", "injected InternalError");
        }
        long started = System.nanoTime();
        try {
            return crud.dispatch(request);
        } catch (RuntimeException e) {
            // Fabric8's store throws on a JSON patch it cannot apply (an index past the end of a
            // list) and the request then went unanswered until the client's 10 s timeout; a real
            // API server answers 422 at once, and the caller's retry takes over
            unprocessable.incrementAndGet();
            return status(422, "Invalid", "the patch cannot be applied: " + e.getMessage());
        } finally {
            crudNanos.add(System.nanoTime() - started);
            requests.computeIfAbsent(method, m -> new LongAdder()).increment();
        }
    }

    private static MockResponse status(int code, String reason, String message) {
        String body =
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                        + Serialization.asJson(message)
                        + ",\"reason\":\""
                        + reason
                        + "\",\"code\":"
                        + code
                        + "}";
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private boolean injectStatusFault() {
        if (failNextStatusWrites.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        double share = statusFaultShare;
        return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }
}
