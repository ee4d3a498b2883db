package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** SQS queue policies over JSON 1.0 ({@code X-Amz-Target: AmazonSQS.<Operation>}). */
final class SqsApi {
    private final Sandbox sb;
    private final SandboxOrganization org;

    SqsApi(Sandbox sb) {
        this.sb = sb;
        this.org = sb.organization();
    }

    /** The legacy Query error code the SDK reads from x-amzn-query-error. */
    static String queryErrorCode(String code) {
        return switch (code) {
            case "QueueDoesNotExist" -> "AWS.SimpleQueueService.NonExistentQueue";
            case "MessageNotInflight" -> "AWS.SimpleQueueService.MessageNotInflight";
            default -> code;
        };
    }

    Call.Response handle(Call c) {
        String url = c.jsonText("QueueUrl");
        if (url != null
                && ManagementEvents.queueName(url, org.managementAccountId()).isPresent()
                && sb.events().isPresent()) {
            return eventQueue(c, sb.events().get());
        }
        if ("GetQueueUrl".equals(c.action())
                && ManagementEvents.QUEUE_NAME.equals(c.jsonText("QueueName"))
                && sb.isManagement(c.identity)
                && sb.events().isPresent()) {
            return ok(
                    Sandbox.JSON
                            .createObjectNode()
                            .put("QueueUrl", sb.eventQueueUrl().orElseThrow()));
        }
        return switch (c.action()) {
            case "ListQueues" -> listQueues(c);
            case "GetQueueUrl" -> getQueueUrl(c);
            case "GetQueueAttributes" -> getQueueAttributes(c);
            case "SetQueueAttributes" -> setQueueAttributes(c);
            case "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "SendMessage" -> {
                queue(c); // a queue that does not exist says so; messages are the event queue's
                // only
                throw c.protocol.unknownOperation(c.operation);
            }
            default -> throw c.protocol.unknownOperation(c.operation);
        };
    }

    private Call.Response listQueues(Call c) {
        String account = c.identity.accountId();
        sb.authorize(c, "arn:aws:sqs:us-east-1:" + account + ":*");
        String prefix = c.jsonText("QueueNamePrefix");
        int max = c.json.has("MaxResults") ? c.json.get("MaxResults").asInt() : 1000;
        int from = 0;
        if (c.jsonText("NextToken") != null) {
            from =
                    Integer.parseInt(
                            new String(
                                    Base64.getDecoder().decode(c.jsonText("NextToken")),
                                    StandardCharsets.UTF_8));
        }
        List<SandboxOrganization.Queue> queues =
                org.queuesOf(account).stream()
                        .filter(q -> prefix == null || q.name.startsWith(prefix))
                        .toList();
        int to = Math.min(queues.size(), from + max);
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("QueueUrls");
        for (SandboxOrganization.Queue q : queues.subList(Math.min(from, to), to)) {
            arr.add(org.queueUrl(q));
        }
        if (to < queues.size() && c.json.has("MaxResults")) {
            o.put(
                    "NextToken",
                    Base64.getEncoder()
                            .encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        return ok(o);
    }

    private Call.Response getQueueUrl(Call c) {
        String name = c.requiredJson("QueueName");
        String owner = c.jsonText("QueueOwnerAWSAccountId");
        String account = owner != null ? owner : c.identity.accountId();
        sb.authorize(c, "arn:aws:sqs:us-east-1:" + account + ":" + name);
        SandboxOrganization.Queue q = org.queue(account, name);
        if (q == null || !q.accountId.equals(c.identity.accountId())) {
            throw nonExistent();
        }
        return ok(Sandbox.JSON.createObjectNode().put("QueueUrl", org.queueUrl(q)));
    }

    private Call.Response getQueueAttributes(Call c) {
        SandboxOrganization.Queue q = queue(c);
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ObjectNode attrs = o.putObject("Attributes");
        JsonNode names = c.json.get("AttributeNames");
        boolean all = names == null || names.isEmpty();
        if (names != null) {
            for (JsonNode n : names) {
                all |= n.asText().equals("All");
            }
        }
        attrs.put("QueueArn", "arn:aws:sqs:us-east-1:" + q.accountId + ":" + q.name);
        for (Map.Entry<String, String> e : q.attributes.entrySet()) {
            boolean wanted = all;
            if (!all) {
                for (JsonNode n : names) {
                    wanted |= n.asText().equals(e.getKey());
                }
            }
            if (wanted && !e.getValue().isEmpty()) {
                attrs.put(e.getKey(), e.getValue());
            }
        }
        if (!all) {
            boolean arnWanted = false;
            for (JsonNode n : names) {
                arnWanted |= n.asText().equals("QueueArn");
            }
            if (!arnWanted) {
                attrs.remove("QueueArn");
            }
        }
        return ok(o);
    }

    private Call.Response setQueueAttributes(Call c) {
        SandboxOrganization.Queue q = queue(c);
        JsonNode attrs = c.json.get("Attributes");
        if (attrs == null || !attrs.isObject()) {
            throw SandboxError.of(
                    "MissingParameter", 400, "The request must contain the parameter Attributes.");
        }
        JsonNode policy = attrs.get("Policy");
        String had = q.attributes.get("Policy");
        c.alreadyGone =
                policy != null
                        && policy.asText().isEmpty()
                        && (had == null || had.isEmpty()); // AWS answers OK either way
        if (policy != null && policy.asText().isEmpty() && had != null && !had.isEmpty()) {
            c.destroyed = "queue-policy:" + q.name;
            c.priorDocument = had;
        }
        attrs.fields()
                .forEachRemaining(
                        e -> {
                            if (e.getValue().asText().isEmpty()) {
                                q.attributes.remove(e.getKey());
                            } else {
                                q.attributes.put(e.getKey(), e.getValue().asText());
                            }
                        });
        return ok(Sandbox.JSON.createObjectNode());
    }

    private SandboxOrganization.Queue queue(Call c) {
        String url = c.requiredJson("QueueUrl");
        SandboxOrganization.Queue q = org.queueByUrl(url);
        String[] parts = url.replaceFirst("^[a-z]+://[^/]+/", "").split("/");
        String account = parts.length == 2 ? parts[0] : c.identity.accountId();
        String name = parts.length == 2 ? parts[1] : url;
        sb.authorize(c, "arn:aws:sqs:us-east-1:" + account + ":" + name);
        if (q == null) {
            throw nonExistent();
        }
        if (!q.accountId.equals(c.identity.accountId())) {
            throw c.notAuthorized(
                    c.operation,
                    "arn:aws:sqs:us-east-1:" + account + ":" + name,
                    "because no resource-based policy allows the " + c.operation + " action");
        }
        return q;
    }

    /**
     * The management account's event queue: the calls a consumer makes (long polling receive,
     * delete, visibility), plus SendMessage so tests can put any body in.
     */
    private Call.Response eventQueue(Call c, ManagementEvents events) {
        String arn =
                "arn:aws:sqs:us-east-1:"
                        + org.managementAccountId()
                        + ":"
                        + ManagementEvents.QUEUE_NAME;
        if (!sb.isManagement(c.identity)) {
            throw c.notAuthorized(
                    c.operation,
                    arn,
                    "because no resource-based policy allows the " + c.operation + " action");
        }
        switch (c.action()) {
            case "ReceiveMessage" -> {
                int max =
                        c.json.has("MaxNumberOfMessages")
                                ? c.json.get("MaxNumberOfMessages").asInt()
                                : 1;
                int wait =
                        c.json.has("WaitTimeSeconds") ? c.json.get("WaitTimeSeconds").asInt() : 0;
                if (max < 1 || max > 10 || wait < 0 || wait > 20) {
                    throw SandboxError.of(
                            "InvalidParameterValue",
                            400,
                            "MaxNumberOfMessages must be 1..10 and WaitTimeSeconds 0..20.");
                }
                java.time.Duration visibility =
                        c.json.has("VisibilityTimeout")
                                ? java.time.Duration.ofSeconds(
                                        c.json.get("VisibilityTimeout").asInt())
                                : ManagementEvents.DEFAULT_VISIBILITY;
                List<ManagementEvents.Received> got;
                try {
                    got = events.receive(max, java.time.Duration.ofSeconds(wait), visibility);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw SandboxError.of("InternalError", 500, "interrupted");
                }
                ObjectNode o = Sandbox.JSON.createObjectNode();
                if (!got.isEmpty()) {
                    ArrayNode arr = o.putArray("Messages");
                    for (ManagementEvents.Received m : got) {
                        ObjectNode n = arr.addObject();
                        n.put("MessageId", m.messageId())
                                .put("ReceiptHandle", m.receipt())
                                .put("MD5OfBody", ManagementEvents.md5(m.body()))
                                .put("Body", m.body());
                        n.putObject("Attributes")
                                .put("ApproximateReceiveCount", String.valueOf(m.receiveCount()))
                                .put("SentTimestamp", String.valueOf(m.sentAtMillis()));
                    }
                }
                return ok(o);
            }
            case "DeleteMessage" -> {
                if (!events.delete(c.requiredJson("ReceiptHandle"))) {
                    throw SandboxError.of(
                            "ReceiptHandleIsInvalid", 400, "The input receipt handle is invalid.");
                }
                return ok(Sandbox.JSON.createObjectNode());
            }
            case "ChangeMessageVisibility" -> {
                int seconds =
                        c.json.has("VisibilityTimeout")
                                ? c.json.get("VisibilityTimeout").asInt()
                                : -1;
                if (seconds < 0 || seconds > 43_200) {
                    throw SandboxError.of(
                            "InvalidParameterValue", 400, "VisibilityTimeout must be 0..43200.");
                }
                if (!events.changeVisibility(
                        c.requiredJson("ReceiptHandle"), java.time.Duration.ofSeconds(seconds))) {
                    throw SandboxError.of(
                            "MessageNotInflight", 400, "The message referred to is not in flight.");
                }
                return ok(Sandbox.JSON.createObjectNode());
            }
            case "GetQueueAttributes" -> {
                ObjectNode o = Sandbox.JSON.createObjectNode();
                ObjectNode attrs = o.putObject("Attributes");
                attrs.put("QueueArn", arn);
                events.attributes().forEach(attrs::put);
                return ok(o);
            }
            case "SendMessage" -> {
                String body = c.requiredJson("MessageBody");
                String id = events.send(body);
                return ok(
                        Sandbox.JSON
                                .createObjectNode()
                                .put("MessageId", id)
                                .put("MD5OfMessageBody", ManagementEvents.md5(body)));
            }
            default -> throw c.protocol.unknownOperation(c.operation);
        }
    }

    private static SandboxError nonExistent() {
        return SandboxError.of("QueueDoesNotExist", 400, "The specified queue does not exist.");
    }

    private static Call.Response ok(ObjectNode o) {
        return new Call.Response(200, "application/x-amz-json-1.0", Sandbox.json(o), Map.of());
    }
}
