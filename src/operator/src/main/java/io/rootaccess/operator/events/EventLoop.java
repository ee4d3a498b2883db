package io.rootaccess.operator.events;

import io.rootaccess.operator.aws.OwnRootSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes the management account's event queue at least once: long polling; a message is deleted
 * only after its reaction has completed (so a crash, a lost leadership or a failed reaction brings
 * it back after its visibility timeout, and it is handled again: every reaction is idempotent); a
 * message received more than maxReceives times is deleted unhandled and counted as dropped;
 * duplicates (the same CloudTrail eventID) and reordering change nothing, because every reaction
 * re-reads the truth from AWS instead of applying the event.
 */
public final class EventLoop {
    private static final Logger LOG = Logger.getLogger(EventLoop.class);

    /** How much later than the session's end the second audit of a recovery runs. */
    static final Duration AFTER_SESSION = Duration.ofSeconds(5);

    /** The longest SQS keeps a message hidden. */
    static final Duration MAX_VISIBILITY = Duration.ofHours(12);

    /** Event ids handled lately: a second delivery of one is deleted without acting again. */
    private static final int RECENT = 10_000;

    public record Settings(
            String queueUrl, Duration waitTime, Duration visibility, int maxReceives) {}

    private final SqsClient sqs;
    private final Settings settings;
    private final OwnRootSessions own;
    private final Reactions reactions;
    private final EventMetrics metrics;
    private final Clock clock;

    /** Recoveries whose audits are running, by event id: the latest receipt handle of each. */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(String receipt, long sentAtMillis) {}

    private final Set<String> handled =
            Collections.synchronizedSet(
                    Collections.newSetFromMap(
                            new LinkedHashMap<>() {
                                @Override
                                protected boolean removeEldestEntry(
                                        Map.Entry<String, Boolean> eldest) {
                                    return size() > RECENT;
                                }
                            }));

    public EventLoop(
            SqsClient sqs,
            Settings settings,
            OwnRootSessions own,
            Reactions reactions,
            EventMetrics metrics,
            Clock clock) {
        this.sqs = sqs;
        this.settings = settings;
        this.own = own;
        this.reactions = reactions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** One long poll and the handling of what it brought; returns how many messages came. */
    public int pollOnce() {
        List<Message> messages =
                sqs.receiveMessage(
                                r ->
                                        r.queueUrl(settings.queueUrl())
                                                .maxNumberOfMessages(10)
                                                .waitTimeSeconds(
                                                        (int)
                                                                Math.min(
                                                                        20,
                                                                        settings.waitTime()
                                                                                .toSeconds()))
                                                .visibilityTimeout(
                                                        (int) settings.visibility().toSeconds())
                                                .messageSystemAttributeNames(
                                                        MessageSystemAttributeName
                                                                .APPROXIMATE_RECEIVE_COUNT,
                                                        MessageSystemAttributeName.SENT_TIMESTAMP))
                        .messages();
        long now = clock.millis();
        long oldest = now;
        for (InFlight f : inFlight.values()) {
            oldest = Math.min(oldest, f.sentAtMillis());
        }
        List<Message> organization = new ArrayList<>();
        for (Message m : messages) {
            metrics.received();
            long sent = attribute(m, MessageSystemAttributeName.SENT_TIMESTAMP, now);
            oldest = Math.min(oldest, sent);
            if (attribute(m, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, 1)
                    > settings.maxReceives()) {
                LOG.warnf(
                        "event message %s dropped after %d receives without being handled",
                        m.messageId(), settings.maxReceives());
                metrics.outcome("unhandled", "dropped");
                delete(m.receiptHandle());
                continue;
            }
            ManagementEvent event;
            try {
                event = ManagementEvent.parse(m.body());
            } catch (IllegalArgumentException e) {
                LOG.debugf("event message %s ignored: %s", m.messageId(), e.getMessage());
                metrics.outcome("malformed", "ignored");
                delete(m.receiptHandle());
                continue;
            }
            if (event.id() != null && handled.contains(event.id())) {
                metrics.outcome(kindLabel(EventKind.of(event, own)), "duplicate");
                delete(m.receiptHandle());
                continue;
            }
            EventKind kind = EventKind.of(event, own);
            try {
                switch (kind) {
                    case RECOVERY_ALLOWED -> recovery(m, event, sent);
                    case SWITCH_CHANGED -> {
                        reactions.switchChanged(event.eventName());
                        done(m.receiptHandle(), event, kind);
                    }
                    case ORGANIZATION_CHANGED -> organization.add(m);
                    case OWN_SESSION, UNKNOWN -> done(m.receiptHandle(), event, kind);
                }
            } catch (RuntimeException e) {
                failed(event, kind, e);
            }
        }
        if (!organization.isEmpty()) { // one re-read of the organization for the whole batch
            try {
                reactions.organizationChanged();
                for (Message m : organization) {
                    done(
                            m.receiptHandle(),
                            ManagementEvent.parse(m.body()),
                            EventKind.ORGANIZATION_CHANGED);
                }
            } catch (RuntimeException e) {
                for (Message m : organization) {
                    failed(ManagementEvent.parse(m.body()), EventKind.ORGANIZATION_CHANGED, e);
                }
            }
        }
        metrics.oldestMessageAge(Duration.ofMillis(Math.max(0, clock.millis() - oldest)));
        return messages.size();
    }

    /** Recoveries still waiting for their audits (their messages are kept until then). */
    public int inFlight() {
        return inFlight.size();
    }

    private void recovery(Message m, ManagementEvent event, long sentAtMillis) {
        String id = event.id() == null ? m.messageId() : event.id();
        boolean running = inFlight.containsKey(id);
        inFlight.put(id, new InFlight(m.receiptHandle(), sentAtMillis)); // the latest receipt
        // keep the message hidden while the audits run: the second one waits for the session's end
        Instant now = clock.instant();
        Instant until =
                event.sessionExpiration() == null
                        ? now
                        : event.sessionExpiration().plus(AFTER_SESSION);
        Duration hide = Duration.between(now, until).plus(settings.visibility());
        if (hide.compareTo(settings.visibility()) > 0) {
            try {
                sqs.changeMessageVisibility(
                        r ->
                                r.queueUrl(settings.queueUrl())
                                        .receiptHandle(m.receiptHandle())
                                        .visibilityTimeout(
                                                (int)
                                                        Math.min(
                                                                MAX_VISIBILITY.toSeconds(),
                                                                hide.toSeconds())));
            } catch (SdkException e) {
                LOG.debugf("could not extend the visibility of %s: %s", m.messageId(), e);
            }
        }
        if (running) {
            return; // a redelivery while its audits run: they answer this copy too
        }
        LOG.infof(
                "account %s: password recovery allowed by %s (session %s): auditing now",
                event.accountId(), event.principalArn(), event.sessionKeyId());
        reactions
                .recoveryAllowed(event.accountId(), event.sessionExpiration())
                .whenComplete(
                        (firstAudit, failure) -> {
                            InFlight f = inFlight.remove(id);
                            if (failure != null) {
                                failed(event, EventKind.RECOVERY_ALLOWED, failure);
                                return;
                            }
                            if (firstAudit != null && event.eventTime() != null) {
                                metrics.reaudited(Duration.between(event.eventTime(), firstAudit));
                            }
                            done(
                                    f == null ? m.receiptHandle() : f.receipt(),
                                    event,
                                    EventKind.RECOVERY_ALLOWED);
                        });
    }

    private void done(String receipt, ManagementEvent event, EventKind kind) {
        if (event.id() != null && kind != EventKind.UNKNOWN) {
            handled.add(event.id());
        }
        metrics.outcome(kindLabel(kind), kind.outcome());
        if (kind == EventKind.UNKNOWN) {
            LOG.debugf("event %s ignored", event.action());
        }
        delete(receipt);
    }

    private void failed(ManagementEvent event, EventKind kind, Throwable e) {
        // left in the queue: it comes back after its visibility timeout, at most maxReceives times
        metrics.outcome(kindLabel(kind), "failed");
        LOG.warnf("event %s not handled yet (it comes back): %s", event.action(), e.toString());
    }

    private void delete(String receipt) {
        try {
            sqs.deleteMessage(r -> r.queueUrl(settings.queueUrl()).receiptHandle(receipt));
        } catch (SdkException e) {
            // it comes back, and is recognised as a duplicate or handled again: both harmless
            LOG.debugf("could not delete an event message: %s", e);
        }
    }

    static String kindLabel(EventKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static long attribute(Message m, MessageSystemAttributeName name, long otherwise) {
        String v = m.attributes().get(name);
        try {
            return v == null ? otherwise : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
