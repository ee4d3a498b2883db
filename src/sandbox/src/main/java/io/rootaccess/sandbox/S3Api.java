package io.rootaccess.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * S3 bucket policies over REST-XML, path-style ({@code GET|PUT|DELETE /<bucket>?policy}, {@code GET
 * /}).
 */
final class S3Api {
    private final Sandbox sb;
    private final SandboxOrganization org;

    S3Api(Sandbox sb) {
        this.sb = sb;
        this.org = sb.organization();
    }

    /**
     * The operation a REST request stands for; unknown shapes are named by method, path and
     * sub-resource.
     */
    static String operation(String method, String path, Map<String, String> query) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty() && method.equals("GET")) {
            return "s3:ListBuckets";
        }
        if (!trimmed.contains("/") && query.containsKey("policy")) {
            return switch (method) {
                case "GET" -> "s3:GetBucketPolicy";
                case "PUT" -> "s3:PutBucketPolicy";
                case "DELETE" -> "s3:DeleteBucketPolicy";
                default -> "s3:" + method + " " + path + "?policy";
            };
        }
        String sub = query.isEmpty() ? "" : "?" + String.join("&", query.keySet());
        return "s3:" + method + " " + path + sub;
    }

    Call.Response handle(Call c) {
        return switch (c.operation) {
            case "s3:ListBuckets" -> listBuckets(c);
            case "s3:GetBucketPolicy" -> getPolicy(c);
            case "s3:PutBucketPolicy" -> putPolicy(c);
            case "s3:DeleteBucketPolicy" -> deletePolicy(c);
            default -> throw c.protocol.unknownOperation(c.operation);
        };
    }

    private Call.Response listBuckets(Call c) {
        sb.authorize(c, "s3:ListAllMyBuckets", "arn:aws:s3:::*");
        Xml x =
                new Xml()
                        .open("ListAllMyBucketsResult", "http://s3.amazonaws.com/doc/2006-03-01/")
                        .open("Owner")
                        .el("ID", c.identity.accountId())
                        .close("Owner")
                        .open("Buckets");
        for (SandboxOrganization.Bucket b : org.bucketsOf(c.identity.accountId())) {
            x.open("Bucket").el("Name", b.name).el("CreationDate", b.created).close("Bucket");
        }
        x.close("Buckets").close("ListAllMyBucketsResult");
        return new Call.Response(
                200, "application/xml", x.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private Call.Response getPolicy(Call c) {
        SandboxOrganization.Bucket b = bucket(c);
        String policy = b.policy;
        if (policy == null) {
            throw SandboxError.of("NoSuchBucketPolicy", 404, "The bucket policy does not exist");
        }
        return new Call.Response(
                200, "application/json", policy.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private Call.Response putPolicy(Call c) {
        SandboxOrganization.Bucket b = bucket(c);
        String policy = new String(c.body, StandardCharsets.UTF_8);
        try {
            Sandbox.JSON.readTree(policy);
        } catch (Exception e) {
            throw SandboxError.of(
                    "MalformedPolicy",
                    400,
                    "Policies must be valid JSON and the first byte must be '{'");
        }
        b.policy = policy;
        return new Call.Response(204, null, null, Map.of());
    }

    private Call.Response deletePolicy(Call c) {
        SandboxOrganization.Bucket b = bucket(c);
        c.alreadyGone = b.policy == null; // AWS answers 204 either way
        if (b.policy != null) {
            c.destroyed = "bucket-policy:" + c.path.replaceAll("^/+|/+$", "");
            c.priorDocument = b.policy;
        }
        b.policy = null;
        return new Call.Response(204, null, null, Map.of());
    }

    private SandboxOrganization.Bucket bucket(Call c) {
        String name = c.path.replaceAll("^/+|/+$", "");
        sb.authorize(c, "arn:aws:s3:::" + name);
        SandboxOrganization.Bucket b = org.bucket(name);
        if (b == null) {
            throw SandboxError.of("NoSuchBucket", 404, "The specified bucket does not exist");
        }
        if (!b.accountId.equals(c.identity.accountId())) {
            throw c.protocol.accessDenied("Access Denied");
        }
        return b;
    }
}
