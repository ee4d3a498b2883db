package io.rootaccess.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.rootaccess.operator.schema.CrdValidator;
import io.rootaccess.operator.schema.CustomResourceSchemas;
import java.io.IOException;
import java.util.List;
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
 *   <li>Validation: creates and replaces of a custom resource are checked against its CRD's schema
 *       and CEL rules and refused with 422 Invalid, as a real API server does (without it, an
 *       object a cluster refuses was stored and then stopped the operator's informer).
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

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IndexedCrudStore crud = new IndexedCrudStore();
    private final CustomResourceSchemas schemas = new CustomResourceSchemas();
    private final AtomicLong invalid = new AtomicLong();
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
        MockResponse refused = validate(method, bare, request);
        if (refused != null) {
            return refused;
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

    /**
     * Learns each CRD's schema as it is created or replaced, and answers 422 Invalid, as an API
     * server does, to a create (POST) or replace (PUT) of a custom resource its schema or CEL rules
     * refuse; null lets the request through. Status writes are not checked (the status
     * subresource), nor are merge patches of a spec (the lab writes specs with POST and PUT), and
     * an update's transition rules (oldSelf) are not evaluated: the stored object is not read here.
     */
    private MockResponse validate(String method, String path, RecordedRequest request) {
        boolean write = "POST".equals(method) || "PUT".equals(method);
        if (!write || request.getBody() == null) {
            return null;
        }
        String[] parts = path.split("/");
        // /apis/GROUP/VERSION[/namespaces/NS]/PLURAL[/NAME]
        if (parts.length < 5 || !parts[1].equals("apis")) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().getBytes());
        } catch (IOException | RuntimeException e) {
            return null; // the store answers what it makes of it
        }
        if (body == null || !body.isObject()) {
            return null;
        }
        if (CRDS.equals(path) || path.startsWith(CRDS + "/")) {
            schemas.add(body);
            return null;
        }
        int plural = parts.length > 5 && parts[4].equals("namespaces") ? 6 : 4;
        if (parts.length <= plural
                || parts.length > plural + 2
                || (parts.length == plural + 2 && !"PUT".equals(method))) {
            return null; // a subresource (status) or not a resource path
        }
        var schema = schemas.forResource(parts[2], parts[3], parts[plural]);
        if (schema.isEmpty()) {
            return null;
        }
        List<String> errors =
                CrdValidator.validateObject(schema.get().openApiV3Schema(), body, null);
        if (errors.isEmpty()) {
            return null;
        }
        invalid.incrementAndGet();
        return invalid(
                schema.get().kind(),
                schema.get().group(),
                body.path("metadata").path("name").asText(),
                errors);
    }

    /** Objects refused as invalid against their CRD (answered 422). */
    public long invalidObjects() {
        return invalid.get();
    }

    /** A 422 Status as an API server writes it: message, reason Invalid, one cause per field. */
    private static MockResponse invalid(
            String kind, String group, String name, List<String> errors) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure");
        status.put("message", CrdValidator.invalidMessage(kind, group, name, errors));
        status.put("reason", "Invalid");
        ObjectNode details = status.putObject("details");
        details.put("name", name).put("group", group).put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        for (String error : errors) {
            String field = CrdValidator.field(error);
            causes.addObject()
                    .put("reason", "FieldValueInvalid")
                    .put("message", error.substring(Math.min(error.length(), field.length() + 2)))
                    .put("field", field);
        }
        status.put("code", 422);
        return new MockResponse()
                .setResponseCode(422)
                .setHeader("Content-Type", "application/json")
                .setBody(status.toString());
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
