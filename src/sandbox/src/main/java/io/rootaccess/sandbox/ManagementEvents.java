package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The management account's events as an EventBridge rule delivers them into an SQS queue: one
 * EventBridge envelope per matching call ({@code detail-type} "AWS API Call via CloudTrail", the
 * CloudTrail record in {@code detail}), whoever made the call. Off unless the sandbox is started
 * with events on ({@code SANDBOX_EVENTS=true}); then the queue {@value #QUEUE_NAME} exists in the
 * management account and answers ReceiveMessage (long polling), DeleteMessage,
 * ChangeMessageVisibility, GetQueueAttributes and SendMessage ({@link SqsApi}).
 *
 * <p>Which calls are delivered is what deploy/events' rule selects: sts:AssumeRoot with the
 * IAMCreateRootUserPassword task policy, the four RootCredentialsManagement/RootSessions switches,
 * and the Organizations calls recorded in the management account (CreateAccount with its
 * CreateAccountResult service event, InviteAccountToOrganization, MoveAccount,
 * RemoveAccountFromOrganization). CloudTrail records AcceptHandshake and LeaveOrganization in the
 * member account, so the management account's rule never sees them, and neither does this queue.
 * The session's secret key and token are never part of an event.
 */
public final class ManagementEvents {
    public static final String QUEUE_NAME = "root-access-events";
    static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);
    static final String CREATE_PASSWORD_POLICY =
            "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword";

    private final Sandbox sb;
    private final Object lock = new Object();
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private volatile String last;

    static final class Message {
        final String id;
        final String body;
        final long sentAtMillis;
        long visibleAtNanos;
        int receiveCount;
        String receipt;

        Message(String id, String body, long sentAtMillis) {
            this.id = id;
            this.body = body;
            this.sentAtMillis = sentAtMillis;
        }
    }

    /** One received copy of a message: what ReceiveMessage answers. */
    record Received(
            String messageId, String receipt, String body, int receiveCount, long sentAtMillis) {}

    ManagementEvents(Sandbox sb) {
        this.sb = sb;
    }

    // ---------------------------------------------------------------- what tests read

    /** Events put into the queue since the start. */
    public long published() {
        return published.get();
    }

    /** Messages deleted by a consumer since the start. */
    public long deleted() {
        return deleted.get();
    }

    /** Messages in the queue, visible or not (ApproximateNumberOfMessages + ...NotVisible). */
    public int inQueue() {
        synchronized (lock) {
            return messages.size();
        }
    }

    /** The body of the last message put in, e.g. to deliver it once more (at least once). */
    public String lastPublished() {
        return last;
    }

    /** Empties the queue (as PurgeQueue does), e.g. of the events of seeding it. */
    public void purge() {
        synchronized (lock) {
            messages.clear();
        }
    }

    /** Puts a raw message body into the queue (as SendMessage does), e.g. a malformed one. */
    public String send(String body) {
        String id = UUID.randomUUID().toString();
        synchronized (lock) {
            messages.put(id, new Message(id, body, System.currentTimeMillis()));
            last = body;
            lock.notifyAll();
        }
        published.incrementAndGet();
        return id;
    }

    // ---------------------------------------------------------------- SQS semantics

    List<Received> receive(int max, Duration wait, Duration visibility)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (true) {
                List<Received> out = new ArrayList<>();
                long now = System.nanoTime();
                for (Iterator<Message> it = messages.values().iterator();
                        it.hasNext() && out.size() < max; ) {
                    Message m = it.next();
                    if (m.visibleAtNanos - now > 0) {
                        continue;
                    }
                    m.receiveCount++;
                    m.receipt = m.id + "#" + UUID.randomUUID();
                    m.visibleAtNanos = now + visibility.toNanos();
                    out.add(new Received(m.id, m.receipt, m.body, m.receiveCount, m.sentAtMillis));
                }
                long left = deadline - System.nanoTime();
                if (!out.isEmpty() || left <= 0) {
                    return out;
                }
                // wake up for new messages, or when the first hidden one becomes visible again
                long nextVisible = Long.MAX_VALUE;
                for (Message m : messages.values()) {
                    nextVisible = Math.min(nextVisible, m.visibleAtNanos - now);
                }
                long sleep = Math.max(1, Math.min(left, nextVisible));
                lock.wait(sleep / 1_000_000, (int) Math.max(0, sleep % 1_000_000));
            }
        }
    }

    /** False when the receipt handle names no message (deleting twice is fine, as in SQS). */
    boolean delete(String receipt) {
        String id = messageId(receipt);
        synchronized (lock) {
            Message m = messages.get(id);
            if (m == null) {
                return id != null;
            }
            messages.remove(id);
        }
        deleted.incrementAndGet();
        return true;
    }

    /** False when the handle is not the message's latest receipt (SQS: MessageNotInflight). */
    boolean changeVisibility(String receipt, Duration visibility) {
        synchronized (lock) {
            Message m = messages.get(messageId(receipt));
            if (m == null || !receipt.equals(m.receipt)) {
                return false;
            }
            m.visibleAtNanos = System.nanoTime() + visibility.toNanos();
            lock.notifyAll();
            return true;
        }
    }

    /** ApproximateNumberOfMessages, ...NotVisible, and the age of the oldest message. */
    Map<String, String> attributes() {
        synchronized (lock) {
            long now = System.nanoTime();
            long visible =
                    messages.values().stream().filter(m -> m.visibleAtNanos - now <= 0).count();
            return Map.of(
                    "ApproximateNumberOfMessages", String.valueOf(visible),
                    "ApproximateNumberOfMessagesNotVisible",
                            String.valueOf(messages.size() - visible),
                    "VisibilityTimeout", String.valueOf(DEFAULT_VISIBILITY.toSeconds()),
                    "ReceiveMessageWaitTimeSeconds", "0");
        }
    }

    private static String messageId(String receipt) {
        if (receipt == null) {
            return null;
        }
        int hash = receipt.indexOf('#');
        return hash < 0 ? null : receipt.substring(0, hash);
    }

    static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("MD5")
                                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- what is recorded

    /**
     * After a successful call on the wire: the CloudTrail record of it, when the rule selects it.
     */
    void onCall(Call call, Identity caller, String userAgent) {
        switch (call.operation) {
            case "sts:AssumeRoot" -> {
                String policy = call.param("TaskPolicyArn.arn");
                if (!CREATE_PASSWORD_POLICY.equals(policy)) {
                    return; // the rule selects recoveries only: audits and deletions stay out
                }
                ObjectNode request = Sandbox.JSON.createObjectNode();
                request.put("targetPrincipal", call.param("TargetPrincipal"));
                request.putObject("taskPolicyArn").put("arn", policy);
                if (call.param("DurationSeconds") != null) {
                    request.put("durationSeconds", Integer.parseInt(call.param("DurationSeconds")));
                }
                ObjectNode response = Sandbox.JSON.createObjectNode();
                response.putObject("credentials")
                        .put("accessKeyId", call.trailSessionKey)
                        .put("expiration", String.valueOf(call.trailSessionExpiration));
                publish(
                        "aws.sts",
                        "sts.amazonaws.com",
                        "AssumeRoot",
                        caller,
                        userAgent,
                        request,
                        response,
                        call.requestId);
            }
            case "iam:EnableOrganizationsRootCredentialsManagement",
                    "iam:DisableOrganizationsRootCredentialsManagement",
                    "iam:EnableOrganizationsRootSessions",
                    "iam:DisableOrganizationsRootSessions" -> {
                ObjectNode response = Sandbox.JSON.createObjectNode();
                response.put("organizationId", sb.organization().id());
                ArrayNode features = response.putArray("enabledFeatures");
                sb.organization().enabledFeatures().forEach(features::add);
                publish(
                        "aws.iam",
                        "iam.amazonaws.com",
                        call.action(),
                        caller,
                        userAgent,
                        null,
                        response,
                        call.requestId);
            }
            default -> {}
        }
    }

    /** An organization change made through the sandbox's Java API, as the management account. */
    void onOrganizationChange(SandboxOrganization.Change change) {
        Identity caller = sb.managementIdentity();
        String requestId = UUID.randomUUID().toString();
        ObjectNode request = Sandbox.JSON.createObjectNode();
        ObjectNode response = null;
        switch (change.kind()) {
            case CREATED -> {
                request.put("accountName", change.accountName());
                String statusId = "car-" + change.accountId();
                response = Sandbox.JSON.createObjectNode();
                response.putObject("createAccountStatus")
                        .put("id", statusId)
                        .put("state", "IN_PROGRESS")
                        .put("accountName", change.accountName());
                publish(
                        "aws.organizations",
                        "organizations.amazonaws.com",
                        "CreateAccount",
                        caller,
                        "sandbox",
                        request,
                        response,
                        requestId);
                ObjectNode status = Sandbox.JSON.createObjectNode();
                status.putObject("createAccountStatus")
                        .put("id", statusId)
                        .put("state", "SUCCEEDED")
                        .put("accountName", change.accountName())
                        .put("accountId", change.accountId());
                publishServiceEvent("CreateAccountResult", status);
                return;
            }
            case INVITED -> {
                request.putObject("target").put("type", "ACCOUNT").put("id", change.accountId());
                publish(
                        "aws.organizations",
                        "organizations.amazonaws.com",
                        "InviteAccountToOrganization",
                        caller,
                        "sandbox",
                        request,
                        null,
                        requestId);
            }
            case MOVED -> {
                request.put("accountId", change.accountId())
                        .put("sourceParentId", change.fromParentId())
                        .put("destinationParentId", change.toParentId());
                publish(
                        "aws.organizations",
                        "organizations.amazonaws.com",
                        "MoveAccount",
                        caller,
                        "sandbox",
                        request,
                        null,
                        requestId);
            }
            case REMOVED -> {
                request.put("accountId", change.accountId());
                publish(
                        "aws.organizations",
                        "organizations.amazonaws.com",
                        "RemoveAccountFromOrganization",
                        caller,
                        "sandbox",
                        request,
                        null,
                        requestId);
            }
        }
    }

    private void publish(
            String source,
            String eventSource,
            String eventName,
            Identity caller,
            String userAgent,
            ObjectNode request,
            ObjectNode response,
            String requestId) {
        String management = sb.organization().managementAccountId();
        String time = sb.clock().instant().toString();
        ObjectNode detail = Sandbox.JSON.createObjectNode();
        detail.put("eventVersion", "1.09");
        ObjectNode who = detail.putObject("userIdentity");
        who.put("type", "IAMUser")
                .put("principalId", caller.userId())
                .put("arn", caller.arn())
                .put("accountId", caller.accountId())
                .put("accessKeyId", caller.accessKeyId())
                .put("userName", caller.arn().substring(caller.arn().lastIndexOf('/') + 1));
        detail.put("eventTime", time)
                .put("eventSource", eventSource)
                .put("eventName", eventName)
                .put("awsRegion", "us-east-1")
                .put("sourceIPAddress", "127.0.0.1")
                .put("userAgent", userAgent == null ? "" : userAgent);
        detail.set("requestParameters", request);
        detail.set("responseElements", response);
        detail.put("requestID", requestId)
                .put("eventID", UUID.randomUUID().toString())
                .put("readOnly", false)
                .put("eventType", "AwsApiCall")
                .put("managementEvent", true)
                .put("recipientAccountId", management)
                .put("eventCategory", "Management");
        send(envelope("AWS API Call via CloudTrail", source, time, detail));
    }

    private void publishServiceEvent(String eventName, ObjectNode serviceEventDetails) {
        String time = sb.clock().instant().toString();
        ObjectNode detail = Sandbox.JSON.createObjectNode();
        detail.put("eventVersion", "1.08");
        detail.putObject("userIdentity")
                .put("accountId", sb.organization().managementAccountId())
                .put("invokedBy", "AWS Internal");
        detail.put("eventTime", time)
                .put("eventSource", "organizations.amazonaws.com")
                .put("eventName", eventName)
                .put("awsRegion", "us-east-1");
        detail.putNull("requestParameters");
        detail.putNull("responseElements");
        detail.put("eventID", UUID.randomUUID().toString())
                .put("readOnly", false)
                .put("eventType", "AwsServiceEvent")
                .put("managementEvent", true)
                .put("recipientAccountId", sb.organization().managementAccountId())
                .put("eventCategory", "Management");
        detail.set("serviceEventDetails", serviceEventDetails);
        send(envelope("AWS Service Event via CloudTrail", "aws.organizations", time, detail));
    }

    private ObjectNode envelope(String detailType, String source, String time, ObjectNode detail) {
        ObjectNode e = Sandbox.JSON.createObjectNode();
        e.put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", source)
                .put("account", sb.organization().managementAccountId())
                .put("time", time)
                .put("region", "us-east-1");
        e.putArray("resources");
        e.set("detail", detail);
        return e;
    }

    private void send(ObjectNode envelope) {
        send(new String(Sandbox.json(envelope), StandardCharsets.UTF_8));
    }

    static Optional<String> queueName(String url, String managementAccountId) {
        String path = url.replaceFirst("^[a-z]+://[^/]+/", "");
        return path.equals(managementAccountId + "/" + QUEUE_NAME)
                ? Optional.of(QUEUE_NAME)
                : Optional.empty();
    }
}
