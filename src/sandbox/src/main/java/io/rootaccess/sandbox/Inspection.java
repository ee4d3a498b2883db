package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The sandbox's own endpoint, for a sandbox running in another process ({@code make sandbox}, bench
 * and chaos runs): {@code GET /_sandbox/calls} answers the {@link CallLog} as JSON ({@code
 * ?byAccount} adds the per operation and account counts, large for big organizations), {@code
 * DELETE /_sandbox/calls} resets it. S3 bucket names cannot start with "_", so the path never
 * shadows an AWS request. Serves no secrets.
 */
final class Inspection {
    static final String PREFIX = "/_sandbox/";

    private Inspection() {}

    static void handle(Sandbox sb, HttpExchange ex) {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (!path.equals(PREFIX + "calls")) {
                answer(
                        ex,
                        404,
                        Sandbox.JSON
                                .createObjectNode()
                                .put("message", "unknown: try GET " + PREFIX + "calls"));
            } else if (method.equals("GET")) {
                String query = ex.getRequestURI().getRawQuery();
                answer(ex, 200, report(sb.calls(), query != null && query.contains("byAccount")));
            } else if (method.equals("DELETE")) {
                sb.calls().reset();
                answer(ex, 200, Sandbox.JSON.createObjectNode().put("reset", true));
            } else {
                answer(ex, 405, Sandbox.JSON.createObjectNode().put("message", "GET or DELETE"));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static ObjectNode report(CallLog log, boolean byAccount) {
        ObjectNode n = Sandbox.JSON.createObjectNode();
        n.put("total", log.total());
        n.put("mutating", log.mutatingCount());
        n.put("duplicateDestructiveCalls", log.duplicateDestructiveCalls());
        put(n, "byOperation", log.snapshot());
        put(n, "byCaller", log.byCaller());
        put(n, "byAgent", log.byAgent());
        put(n, "byOutcome", log.byOutcome());
        put(n, "assumeRootByAccount", log.assumeRootCountByAccount());
        put(n, "mutatingByAccount", log.mutatingCountByAccount());
        put(n, "duplicateDestructiveByOperation", log.duplicateDestructiveByOperation());
        put(n, "duplicateDestructiveByAccount", log.duplicateDestructiveByAccount());
        if (byAccount) {
            put(n, "byOperationAndAccount", log.snapshotByAccount());
        }
        return n;
    }

    private static void put(ObjectNode n, String field, Map<String, Long> counts) {
        ObjectNode o = n.putObject(field);
        counts.forEach(o::put);
    }

    private static void answer(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = Sandbox.json(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
