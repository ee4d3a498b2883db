package io.rootaccess.operator.aws.pacing;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Deferral;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsFreeThenCallsAreSpacedAtTheRate() {
        TokenBucket bucket = new TokenBucket(4, 2, 0);
        assertEquals(0, bucket.reserve(0, SECOND));
        assertEquals(0, bucket.reserve(0, SECOND));
        // third call: one token at 4/s is 250 ms away, the fourth queues behind it
        assertEquals(SECOND / 4, bucket.reserve(0, SECOND));
        assertEquals(SECOND / 2, bucket.reserve(0, SECOND));
    }

    @Test
    void backgroundTakesOnlySpareTokensAndNeverQueues() {
        TokenBucket bucket = new TokenBucket(10, 8, 0); // reserve: a quarter of the burst = 2 tokens
        int taken = 0;
        while (bucket.tryTakeSpare(0)) {
            taken++;
        }
        assertEquals(6, taken, "8 tokens minus the foreground reserve of 2");
        assertEquals(0, bucket.reserve(0, SECOND), "foreground still finds a token at once");
        assertEquals(0, bucket.reserve(0, SECOND));
        assertEquals(SECOND / 10, bucket.reserve(0, SECOND), "then queues");
        assertFalse(bucket.tryTakeSpare(SECOND / 10), "background never takes from a queue");
        // once the foreground queue has drained and the reserve refilled, background gets the spare again
        assertTrue(bucket.tryTakeSpare(SECOND / 2));
    }

    @Test
    void aBurstOfOneLeavesNoReserveSoBackgroundIsNotShutOut() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        assertTrue(bucket.tryTakeSpare(0));
        assertFalse(bucket.tryTakeSpare(0));
        assertTrue(bucket.tryTakeSpare(SECOND));
    }

    @Test
    void refusesAReservationLongerThanTheBoundWithoutTakingAToken() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        assertEquals(0, bucket.reserve(0, SECOND));
        assertEquals(-1, bucket.reserve(0, SECOND / 2));
        // the refused call took nothing: the next one still waits just one second
        assertEquals(SECOND, bucket.reserve(0, 2 * SECOND));
    }

    @Test
    void refillsOverTimeUpToTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        for (int i = 0; i < 3; i++) {
            bucket.reserve(0, SECOND);
        }
        // ten seconds later only the burst (3) is available, not 100
        long t = 10 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.reserve(t, SECOND));
        }
        assertTrue(bucket.reserve(t, SECOND) > 0);
    }

    @Test
    void throttlingHalvesTheRateOncePerCooldownAndNeverBelowTheFloor() {
        TokenBucket bucket = new TokenBucket(8, 8, 0);
        bucket.onThrottle(0);
        assertEquals(4, bucket.rate(), 1e-9);
        bucket.onThrottle(SECOND / 10); // same burst of throttles: no second cut
        assertEquals(4, bucket.rate(), 1e-9);
        long t = 0;
        for (int i = 0; i < 20; i++) {
            t += 2 * SECOND;
            bucket.onThrottle(t);
        }
        assertEquals(bucket.floor(), bucket.rate(), 1e-9);
        assertTrue(bucket.floor() > 0);
    }

    @Test
    void throttlingDropsSavedTokensSoTheNextCallWaits() {
        TokenBucket bucket = new TokenBucket(2, 10, 0);
        bucket.onThrottle(0);
        long wait = bucket.reserve(0, 10 * SECOND);
        assertEquals(SECOND, wait); // one token at the halved rate of 1/s
    }

    @Test
    void successesRecoverSlowlyUpToTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        bucket.onThrottle(0);
        assertEquals(5, bucket.rate(), 1e-9);
        bucket.onSuccess(SECOND);
        double afterOne = bucket.rate();
        assertTrue(afterOne > 5 && afterOne < 5.5, "one success recovers only a little: " + afterOne);
        for (int i = 0; i < 200; i++) {
            bucket.onSuccess(SECOND);
        }
        assertEquals(10, bucket.rate(), 1e-9);
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }

    @Test
    void rateLimiterUsesDefaultsAndOverridesPerFamily() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter = new ApiRateLimiter(Map.of("iam-root", limit(3, 1)), pacing);
        assertEquals(ApiFamily.ORGANIZATIONS_READ.defaultRate(), limiter.currentRate(ApiFamily.ORGANIZATIONS_READ));
        assertEquals(3, limiter.currentRate(ApiFamily.IAM_ROOT));

        limiter.acquire(ApiFamily.IAM_ROOT, "iam:GetAccountSummary", Duration.ofSeconds(10), CallPriority.FOREGROUND);
        limiter.acquire(ApiFamily.IAM_ROOT, "iam:GetAccountSummary", Duration.ofSeconds(10), CallPriority.FOREGROUND);
        assertEquals(1, pacing.sleeps.size());
        assertEquals(Duration.ofNanos(333_333_334), pacing.sleeps.get(0));
        // families do not share tokens
        limiter.acquire(ApiFamily.S3, "s3:GetBucketPolicy", Duration.ofSeconds(10), CallPriority.FOREGROUND);
        assertEquals(1, pacing.sleeps.size());
    }

    @Test
    void saturatedFamilyFailsFastAsThrottled() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter = new ApiRateLimiter(Map.of("organizations-write", limit(0.1, 1)), pacing);
        limiter.acquire(ApiFamily.ORGANIZATIONS_WRITE, "organizations:EnableAWSServiceAccess", Duration.ofSeconds(1), CallPriority.FOREGROUND);
        AwsException e = assertThrows(AwsException.class, () -> limiter.acquire(ApiFamily.ORGANIZATIONS_WRITE,
                "organizations:EnableAWSServiceAccess", Duration.ofSeconds(1), CallPriority.FOREGROUND));
        assertEquals(AwsErrorKind.THROTTLED, e.kind());
        assertEquals("organizations:EnableAWSServiceAccess", e.action());
        assertTrue(pacing.sleeps.isEmpty());
    }

    @Test
    void backgroundCallsAreDeferredInsteadOfSleeping() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter = new ApiRateLimiter(Map.of("sts-assume-root", limit(1, 4)), pacing); // reserve 1
        for (int i = 0; i < 3; i++) {
            assertEquals(ApiRateLimiter.Admission.GRANTED, limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot",
                    Duration.ofSeconds(30), CallPriority.BACKGROUND));
        }
        assertEquals(ApiRateLimiter.Admission.DEFERRED, limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot",
                Duration.ofSeconds(30), CallPriority.BACKGROUND));
        assertTrue(pacing.sleeps.isEmpty(), "a background call never holds its thread");
        assertEquals(ApiRateLimiter.Admission.GRANTED, limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot",
                Duration.ofSeconds(30), CallPriority.FOREGROUND));
        assertTrue(pacing.sleeps.isEmpty(), "the reserve is there for the foreground");
    }

    @Test
    void aDeferredBackgroundCallIsNotMadeAndEndsAsAnEmptyResult() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter = new ApiRateLimiter(Map.of("iam-root", limit(1, 2)), pacing); // no spare beyond 1
        AwsCalls calls = new AwsCalls(limiter, pacing, 3, Duration.ofSeconds(30));
        int[] made = {0};
        Optional<Integer> first = Deferral.unlessDeferred(() -> calls.call(ApiFamily.IAM_ROOT, "iam:GetAccountSummary",
                CallPriority.BACKGROUND, () -> ++made[0]));
        Optional<Integer> second = Deferral.unlessDeferred(() -> calls.call(ApiFamily.IAM_ROOT, "iam:GetAccountSummary",
                CallPriority.BACKGROUND, () -> ++made[0]));
        assertEquals(Optional.of(1), first);
        assertEquals(Optional.empty(), second, "deferred");
        assertEquals(1, made[0], "the deferred call was not made");
        assertTrue(pacing.sleeps.isEmpty());
    }

    static io.rootaccess.operator.config.OperatorConfig.RateLimit limit(double rate, int burst) {
        return new io.rootaccess.operator.config.OperatorConfig.RateLimit() {
            @Override
            public double rate() {
                return rate;
            }

            @Override
            public int burst() {
                return burst;
            }
        };
    }
}
