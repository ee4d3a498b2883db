package io.rootaccess.operator.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event source's metrics (docs/metrics.md): messages received; events by kind and outcome
 * (handled, ignored, duplicate, failed, dropped); the age of the oldest message seen and not yet
 * deleted; the time from an event to the end of the audit it asked for. Labels are the fixed kinds
 * and outcomes, never an account id.
 */
@Singleton
public class EventMetrics {
    static final String RECEIVED = "rootaccess.events.received";
    static final String EVENTS = "rootaccess.events";
    static final String OLDEST = "rootaccess.events.oldest.message.age";
    static final String REAUDIT = "rootaccess.events.reaudit.delay";
    static final String SOURCE = "rootaccess.events.source";

    private final MeterRegistry registry;
    private final Counter received;
    private final AtomicLong oldestMillis = new AtomicLong();
    private final AtomicLong source = new AtomicLong();
    private final Timer reaudit;
    private final ConcurrentMap<String, Counter> outcomes = new ConcurrentHashMap<>();

    public EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received =
                Counter.builder(RECEIVED)
                        .description("Messages received from the management account's event queue")
                        .register(registry);
        Gauge.builder(SOURCE, source, AtomicLong::get)
                .strongReference(true)
                .description(
                        "1 when an event source (rootaccess.events.queue-url) is configured, else 0")
                .register(registry);
        Gauge.builder(OLDEST, oldestMillis, a -> a.get() / 1000.0)
                .strongReference(true)
                .baseUnit("seconds")
                .description(
                        "Age of the oldest event message received and not deleted yet (0 when the queue is drained)")
                .register(registry);
        this.reaudit =
                Timer.builder(REAUDIT)
                        .description(
                                "Time from a management account event to the end of the audit it asked for")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(100))
                        .maximumExpectedValue(Duration.ofMinutes(30))
                        .register(registry);
        for (EventKind kind : EventKind.values()) {
            outcome(EventLoop.kindLabel(kind), kind.outcome(), false);
        }
        outcome("unhandled", "dropped", false);
        outcome("malformed", "ignored", false);
    }

    void sourceConfigured(boolean configured) {
        source.set(configured ? 1 : 0);
    }

    void received() {
        received.increment();
    }

    void outcome(String kind, String outcome) {
        outcome(kind, outcome, true);
    }

    private void outcome(String kind, String outcome, boolean count) {
        Counter c =
                outcomes.computeIfAbsent(
                        kind + "|" + outcome,
                        k ->
                                Counter.builder(EVENTS)
                                        .description(
                                                "Management account events by kind and outcome (handled, ignored, duplicate, failed, dropped)")
                                        .tag("kind", kind)
                                        .tag("outcome", outcome)
                                        .register(registry));
        if (count) {
            c.increment();
        }
    }

    void oldestMessageAge(Duration age) {
        oldestMillis.set(age.toMillis());
    }

    void reaudited(Duration sinceEvent) {
        reaudit.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    /** For tests: how many events of this kind ended with this outcome. */
    public double count(String kind, String outcome) {
        Counter c = outcomes.get(kind + "|" + outcome);
        return c == null ? 0 : c.count();
    }
}
