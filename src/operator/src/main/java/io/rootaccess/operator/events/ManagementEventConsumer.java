package io.rootaccess.operator.events;

import io.rootaccess.operator.aws.OwnRootSessions;
import io.rootaccess.operator.aws.sdk.AwsClients;
import io.rootaccess.operator.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs the {@link EventLoop} on a thread of its own while this replica leads (started by the leader
 * election's callback, or with the controllers when there is no election), when
 * rootaccess.events.queue-url is set. A replica that loses the Lease exits, so its messages come
 * back to the new leader after their visibility timeout.
 */
@ApplicationScoped
public class ManagementEventConsumer {
    private static final Logger LOG = Logger.getLogger(ManagementEventConsumer.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final OperatorConfig config;
    private final AwsClients clients;
    private final OwnRootSessions own;
    private final Reactions reactions;
    private final EventMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean withLeadership;
    private volatile Thread thread;
    private volatile SqsClient sqs;

    @Inject
    public ManagementEventConsumer(
            OperatorConfig config,
            AwsClients clients,
            OwnRootSessions own,
            OperatorReactions reactions,
            EventMetrics metrics,
            Clock clock) {
        this.config = config;
        this.clients = clients;
        this.own = own;
        this.reactions = reactions;
        this.metrics = metrics;
        this.clock = clock;
        if (metrics != null) {
            metrics.sourceConfigured(config.events().queueUrl().isPresent());
        }
    }

    /** Leader election is on: {@link #start()} is called when the Lease is won. */
    public void startsWithLeadership() {
        withLeadership = true;
    }

    public boolean waitsForLeadership() {
        return withLeadership;
    }

    public synchronized void start() {
        var events = config.events();
        if (events.queueUrl().isEmpty() || !running.compareAndSet(false, true)) {
            return;
        }
        String url = events.queueUrl().get();
        sqs = clients.longPollingSqs(url, events.waitTime());
        EventLoop loop =
                new EventLoop(
                        sqs,
                        new EventLoop.Settings(
                                url,
                                events.waitTime(),
                                events.visibilityTimeout(),
                                events.maxReceives()),
                        own,
                        reactions,
                        metrics,
                        clock);
        thread = new Thread(() -> run(loop), "management-events");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("consuming the management account's events from %s", url);
    }

    private void run(EventLoop loop) {
        Duration pause = Duration.ofSeconds(1);
        while (running.get()) {
            try {
                loop.pollOnce();
                pause = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.warnf(
                        "reading the event queue failed (retrying in %s): %s", pause, e.toString());
                try {
                    Thread.sleep(pause.toMillis()); // back-off after a failed receive
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause =
                        pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0
                                ? MAX_PAUSE
                                : pause.multipliedBy(2);
            }
        }
    }

    public synchronized void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        SqsClient c = sqs;
        if (c != null) {
            c.close();
        }
    }
}
