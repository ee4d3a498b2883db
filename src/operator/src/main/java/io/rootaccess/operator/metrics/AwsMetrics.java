package io.rootaccess.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCallObserver;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * AWS call metrics: every attempt by service, operation and outcome; time waiting for the
 * client-side rate limiter and its current pace per API family; calls the limiter refused; root
 * sessions opened per task policy. Operations are the fixed set the aws package calls
 * ("iam:GetAccountSummary"...), so labels stay bounded.
 */
@Singleton
public class AwsMetrics implements AwsCallObserver {
    static final String CALLS = "rootaccess.aws.calls";
    static final String WAIT = "rootaccess.aws.rate.limiter.wait";
    static final String REFUSED = "rootaccess.aws.rate.limiter.refused";
    static final String PACE = "rootaccess.aws.pace";
    static final String SESSIONS = "rootaccess.root.sessions.opened";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> calls = new ConcurrentHashMap<>();

    public AwsMetrics(MeterRegistry registry, ApiRateLimiter limiter) {
        this.registry = registry;
        for (ApiFamily family : ApiFamily.values()) {
            // strong reference: the gauge must not depend on the limiter (a CDI client proxy) being
            // reachable elsewhere;
            // with a weak one it vanished from the scrape after a GC
            Gauge.builder(PACE, limiter, l -> l.currentRate(family))
                    .strongReference(true)
                    .baseUnit("calls_per_second")
                    .description(
                            "Current client-side pace of an API family (lowered by AWS throttling, recovers on success)")
                    .tag("family", family.key())
                    .register(registry);
            waitTimer(family);
            refusedCounter(family);
        }
        for (TaskPolicy policy : TaskPolicy.values()) {
            sessionCounter(policy);
        }
    }

    /**
     * ok, throttled, denied, not_found (often the expected answer: "already gone", "no password"),
     * error.
     */
    static String outcome(AwsErrorKind failure) {
        if (failure == null) {
            return "ok";
        }
        return switch (failure) {
            case THROTTLED -> "throttled";
            case ACCESS_DENIED -> "denied";
            case NOT_FOUND -> "not_found";
            default -> "error";
        };
    }

    @Override
    public void attempted(ApiFamily family, String action, AwsErrorKind failure) {
        String outcome = outcome(failure);
        calls.computeIfAbsent(
                        action + "|" + outcome,
                        k -> {
                            int colon = action.indexOf(':');
                            String service = colon < 0 ? "unknown" : action.substring(0, colon);
                            String operation = colon < 0 ? action : action.substring(colon + 1);
                            return Counter.builder(CALLS)
                                    .description(
                                            "AWS API calls that reached AWS (each attempt), by outcome")
                                    .tag("service", service)
                                    .tag("operation", operation)
                                    .tag("outcome", outcome)
                                    .register(registry);
                        })
                .increment();
    }

    @Override
    public void paced(ApiFamily family, long waitedNanos) {
        waitTimer(family).record(Duration.ofNanos(Math.max(0, waitedNanos)));
    }

    @Override
    public void refused(ApiFamily family, String action) {
        refusedCounter(family).increment();
    }

    @Override
    public void rootSessionOpened(TaskPolicy taskPolicy) {
        sessionCounter(taskPolicy).increment();
    }

    private Timer waitTimer(ApiFamily family) {
        return Timer.builder(WAIT)
                .description("Time calls waited for a token of the client-side rate limiter")
                .tag("family", family.key())
                .register(registry);
    }

    private Counter refusedCounter(ApiFamily family) {
        return Counter.builder(REFUSED)
                .description(
                        "Calls the client-side rate limiter refused before they reached AWS (rescheduled)")
                .tag("family", family.key())
                .register(registry);
    }

    private Counter sessionCounter(TaskPolicy policy) {
        return Counter.builder(SESSIONS)
                .description("sts:AssumeRoot sessions opened (reused sessions are not counted)")
                .tag("task_policy", policy.policyName())
                .register(registry);
    }
}
