package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One decoded request: who, which operation, its parameters. */
final class Call {
    final Protocol protocol;

    /** The service that answers it; null for a service the sandbox does not speak. */
    final Sandbox.Route route;

    /** "iam:GetAccountSummary", "organizations:ListAccounts", "s3:GetBucketPolicy"... */
    final String operation;

    final String requestId;

    /** Query parameters (Query protocol: the form body; S3: the URL query). */
    final Map<String, String> params;

    /** JSON body (JSON protocols), else null. */
    final JsonNode json;

    final String method;
    final String path;
    final byte[] body;
    Identity identity;

    /**
     * Set by a destructive operation that found nothing to destroy (see {@link
     * CallLog#duplicateDestructiveCalls()}).
     */
    boolean alreadyGone;

    /**
     * What a successful destructive call destroyed ({@code "password"}, {@code "access-key:<id>"},
     * {@code "certificate:<id>"}, {@code "mfa:<serial>"}, {@code "bucket-policy:<bucket>"}, {@code
     * "queue-policy:<queue>"}), else null: {@link CallLog#destructions()}.
     */
    String destroyed;

    /** The document a bucket or queue policy deletion removed. */
    String priorDocument;

    /** Set by sts:AssumeRoot: the session's access key id and expiry, for its CloudTrail record. */
    String trailSessionKey;

    java.time.Instant trailSessionExpiration;

    Call(
            Protocol protocol,
            Sandbox.Route route,
            String operation,
            String requestId,
            Map<String, String> params,
            JsonNode json,
            String method,
            String path,
            byte[] body) {
        this.protocol = protocol;
        this.route = route;
        this.operation = operation;
        this.requestId = requestId;
        this.params = params;
        this.json = json;
        this.method = method;
        this.path = path;
        this.body = body;
    }

    /** "GetAccountSummary" */
    String action() {
        return operation.substring(operation.indexOf(':') + 1);
    }

    /**
     * AccessDenied worded as AWS does: "User: P is not authorized to perform: A on resource: R
     * <why>".
     */
    SandboxError notAuthorized(String action, String resourceArn, String why) {
        return protocol.accessDenied(
                "User: "
                        + identity.deniedPrincipal()
                        + " is not authorized to perform: "
                        + action
                        + " on resource: "
                        + resourceArn
                        + " "
                        + why);
    }

    String param(String name) {
        return params.get(name);
    }

    String requiredParam(String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw SandboxError.of(
                    protocol == Protocol.QUERY ? "ValidationError" : "InvalidInputException",
                    400,
                    "1 validation error detected: Value null at '"
                            + decap(name)
                            + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    String jsonText(String field) {
        JsonNode n = json == null ? null : json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    String requiredJson(String field) {
        String v = jsonText(field);
        if (v == null || v.isEmpty()) {
            throw SandboxError.of(
                    protocol == Protocol.JSON_SQS ? "MissingParameter" : "InvalidInputException",
                    400,
                    "You provided a value that does not match the required pattern: "
                            + field
                            + " is required.");
        }
        return v;
    }

    private static String decap(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static final class Response {
        final int status;
        final String contentType;
        final byte[] body;
        final Map<String, String> headers;

        Response(int status, String contentType, byte[] body, Map<String, String> headers) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.headers = headers;
        }
    }
}
