package io.rootaccess.operator.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What the operator reads of one EventBridge envelope from the management account: the CloudTrail
 * record's names, who called, and the few request and response fields the reactions need. Anything
 * else in the record is ignored; nothing secret is read (CloudTrail records no secret key).
 *
 * @param id the CloudTrail eventID (the same for every delivery of one event), else the envelope's
 * @param eventTime when the call happened, as CloudTrail recorded it
 * @param principalArn userIdentity.arn of the caller
 * @param sessionKeyId sts:AssumeRoot: the access key id of the session it handed out
 * @param sessionExpiration sts:AssumeRoot: when that session ends
 * @param accountId the member account concerned (AssumeRoot's target, the account moved, created,
 *     invited or removed), when the record names one
 * @param taskPolicyArn sts:AssumeRoot: the task policy asked for
 */
public record ManagementEvent(
        String id,
        String detailType,
        String eventSource,
        String eventName,
        Instant eventTime,
        String principalArn,
        String sessionKeyId,
        Instant sessionExpiration,
        String accountId,
        String taskPolicyArn) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @throws IllegalArgumentException when the body is not an EventBridge envelope with a
     *     CloudTrail record
     */
    public static ManagementEvent parse(String body) {
        JsonNode e;
        try {
            e = JSON.readTree(body);
        } catch (IOException ex) {
            throw new IllegalArgumentException("not JSON");
        }
        if (e == null || !e.isObject() || !e.path("detail").isObject()) {
            throw new IllegalArgumentException("not an EventBridge event with a detail");
        }
        JsonNode d = e.path("detail");
        String eventName = text(d.path("eventName"));
        String eventSource = text(d.path("eventSource"));
        if (eventName == null || eventSource == null) {
            throw new IllegalArgumentException("the detail is not a CloudTrail record");
        }
        JsonNode request = d.path("requestParameters");
        JsonNode credentials = d.path("responseElements").path("credentials");
        String account =
                first(
                        text(request.path("targetPrincipal")),
                        text(request.path("accountId")),
                        "ACCOUNT".equals(text(request.path("target").path("type")))
                                ? text(request.path("target").path("id"))
                                : null,
                        text(
                                d.path("serviceEventDetails")
                                        .path("createAccountStatus")
                                        .path("accountId")));
        return new ManagementEvent(
                first(text(d.path("eventID")), text(e.path("id"))),
                text(e.path("detail-type")),
                eventSource,
                eventName,
                instant(first(text(d.path("eventTime")), text(e.path("time")))).orElse(null),
                text(d.path("userIdentity").path("arn")),
                text(credentials.path("accessKeyId")),
                instant(text(credentials.path("expiration"))).orElse(null),
                account,
                text(request.path("taskPolicyArn").path("arn")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isBlank()
                ? null
                : n.asText();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** CloudTrail writes ISO-8601 instants; AssumeRole-style records may write "MMM d, yyyy..." */
    private static Optional<Instant> instant(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** "sts:AssumeRoot", "organizations:MoveAccount"... */
    public String action() {
        int dot = eventSource.indexOf('.');
        return (dot < 0 ? eventSource : eventSource.substring(0, dot)) + ":" + eventName;
    }
}
