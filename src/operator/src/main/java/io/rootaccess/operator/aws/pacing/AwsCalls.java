package io.rootaccess.operator.aws.pacing;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.sdk.ErrorClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs every AWS call: takes a token of the call's family, classifies failures once, and retries
 * throttling and transient failures with jittered exponential back-off (the SDK's own retries are
 * off). Throttling also cuts the family's rate. Unreachable endpoints and expired sessions are not
 * retried here: the reconciler reports them and reschedules.
 */
public class AwsCalls {
    private static final Logger LOG = Logger.getLogger(AwsCalls.class);
    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private final ApiRateLimiter limiter;
    private final Pacing pacing;
    private final int maxAttempts;
    private final Duration maxPacingWait;
    private volatile AwsCallObserver observer = AwsCallObserver.NONE;
    private volatile Runnable fence = () -> {};

    public AwsCalls(
            ApiRateLimiter limiter, Pacing pacing, int maxAttempts, Duration maxPacingWait) {
        this.limiter = limiter;
        this.pacing = pacing;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.maxPacingWait = maxPacingWait;
    }

    /** Reports every attempt, wait and refusal to {@code observer} (metrics); returns this. */
    public AwsCalls observedBy(AwsCallObserver observer) {
        this.observer = observer == null ? AwsCallObserver.NONE : observer;
        return this;
    }

    /**
     * Runs {@code fence} right before every attempt is sent (the leader's pause fence: it halts a
     * leader that was paused past its renew deadline); returns this.
     */
    public AwsCalls fencedBy(Runnable fence) {
        this.fence = fence == null ? () -> {} : fence;
        return this;
    }

    public AwsCallObserver observer() {
        return observer;
    }

    /** A foreground call (organization reads and writes, tasks, remediation). */
    public <T> T call(ApiFamily family, String action, Supplier<T> call) {
        return call(family, action, Reservation.FOREGROUND, call);
    }

    /**
     * Capacity for a pass that will call the given families, asked before its first call. A
     * foreground pass is always granted and holds nothing. A background pass takes one spare token
     * of each family, all or none: {@link Reservation.Deferred} when any is short, with nothing
     * taken and nothing waited (see {@link CallPriority}).
     */
    public Reservation reserve(CallPriority priority, ApiFamily... families) {
        if (priority == CallPriority.FOREGROUND) {
            return Reservation.FOREGROUND;
        }
        List<ApiFamily> taken = new ArrayList<>();
        for (ApiFamily family : families) {
            if (!limiter.tryTakeSpare(family)) {
                taken.forEach(limiter::giveBack);
                observer.refused(family, "reserve");
                return new Reservation.Deferred(
                        limiter.untilSpare(family),
                        "no spare " + family.key() + " capacity for background work");
            }
            taken.add(family);
        }
        return new HeldTokens(
                limiter, taken.isEmpty() ? EnumSet.noneOf(ApiFamily.class) : EnumSet.copyOf(taken));
    }

    /**
     * A call made under a grant of {@link #reserve}: it uses the token the grant holds for its
     * family, or waits for one like foreground work (a granted pass is never cut off halfway).
     */
    public <T> T call(
            ApiFamily family, String action, Reservation.Granted grant, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            long reserved = pacing.nanoTime();
            acquire(family, action, grant);
            fence.run();
            try {
                T result = call.get();
                limiter.onSuccess(family);
                observer.attempted(family, action, null);
                LOG.tracef("%s ok (attempt %d)", action, attempt);
                return result;
            } catch (RuntimeException e) {
                AwsException failure = ErrorClassifier.classify(e, action);
                observer.attempted(family, action, failure.kind());
                if (failure.kind() == AwsErrorKind.THROTTLED) {
                    limiter.onThrottle(family, reserved);
                }
                boolean retry =
                        (failure.kind() == AwsErrorKind.THROTTLED
                                        || failure.kind() == AwsErrorKind.TRANSIENT)
                                && attempt < maxAttempts;
                LOG.debugf(
                        "%s failed (attempt %d/%d, %s%s): %s",
                        action,
                        attempt,
                        maxAttempts,
                        failure.kind(),
                        retry ? ", retrying" : "",
                        failure.errorCode());
                if (!retry) {
                    throw failure;
                }
                backOff(attempt, action);
            }
        }
    }

    public void run(ApiFamily family, String action, Runnable call) {
        call(
                family,
                action,
                () -> {
                    call.run();
                    return null;
                });
    }

    private void acquire(ApiFamily family, String action, Reservation.Granted grant) {
        if (grant instanceof HeldTokens held && held.take(family)) {
            observer.paced(family, 0); // its token was taken when the pass was granted
            return;
        }
        long start = pacing.nanoTime();
        try {
            limiter.acquire(family, action, maxPacingWait);
        } catch (AwsException refused) {
            observer.refused(family, action);
            throw refused;
        }
        observer.paced(family, pacing.nanoTime() - start);
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))], at least 1 ms apart. */
    Duration backOffDelay(int attempt) {
        long cap =
                Math.min(MAX_DELAY.toMillis(), BASE_DELAY.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(Math.max(1, (long) (cap * pacing.random())));
    }

    private void backOff(int attempt, String action) {
        try {
            pacing.sleep(backOffDelay(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException(
                    AwsErrorKind.TRANSIENT, action, "Interrupted", "interrupted during back-off");
        }
    }
}
