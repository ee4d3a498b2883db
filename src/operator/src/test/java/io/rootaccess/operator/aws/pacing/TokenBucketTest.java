package io.rootaccess.operator.aws.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Reservation;
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
        TokenBucket bucket =
                new TokenBucket(10, 8, 0); // reserve: a quarter of the burst = 2 tokens
        int taken = 0;
        while (bucket.tryTakeSpare(0)) {
            taken++;
        }
        assertEquals(6, taken, "8 tokens minus the foreground reserve of 2");
        assertEquals(0, bucket.reserve(0, SECOND), "foreground still finds a token at once");
        assertEquals(0, bucket.reserve(0, SECOND));
        assertEquals(SECOND / 10, bucket.reserve(0, SECOND), "then queues");
        assertFalse(bucket.tryTakeSpare(SECOND / 10), "background never takes from a queue");
        // once the foreground queue has drained and the reserve refilled, background gets the spare
        // again
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
    void throttlingCutsTheRateOncePerCooldownAndNeverBelowTheFloor() {
        TokenBucket bucket = new TokenBucket(8, 8, 0);
        bucket.onThrottle(0);
        assertEquals(8 * TokenBucket.CUT, bucket.rate(), 1e-9);
        bucket.onThrottle(SECOND / 10); // same burst of throttles: no second cut
        assertEquals(8 * TokenBucket.CUT, bucket.rate(), 1e-9);
        long t = 0;
        for (int i = 0; i < 40; i++) {
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
        assertEquals(
                (long) Math.ceil(SECOND / (2 * TokenBucket.CUT)),
                wait); // one token at the cut rate
    }

    @Test
    void aCutRecoversQuicklyToJustUnderTheThrottledRateThenProbesWhenSaturated() {
        TokenBucket bucket = new TokenBucket(10, 10, 0);
        bucket.onThrottle(0);
        assertEquals(7.5, bucket.rate(), 1e-9);
        bucket.onSuccess(SECOND / 100);
        double afterOne = bucket.rate();
        assertTrue(afterOne > 7.5 && afterOne < 8, "one success recovers only a step: " + afterOne);
        for (int i = 0; i < 200; i++) {
            bucket.onSuccess(SECOND / 100);
        }
        assertEquals(
                9, bucket.rate(), 1e-9, "quick climb up to 90 % of the throttled rate, not beyond");
        // queued callers (tokens spent) for 4 seconds: the rate probes back up to its ceiling (here
        // the configured rate)
        long t = SECOND / 100;
        for (int i = 0; i < 400; i++) {
            long wait = bucket.reserve(t, 10 * SECOND);
            t += Math.max(wait, SECOND / 100);
            bucket.onSuccess(t);
        }
        assertEquals(10, bucket.rate(), 1e-9);
    }

    @Test
    void risesTowardTheCeilingWhileNothingIsThrottledAndNeverExceedsIt() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("sts-assume-root", limit(10, 1, 20.0)), pacing);
        double previous = limiter.currentRate(ApiFamily.STS_ASSUME_ROOT);
        double max = previous;
        long start = pacing.nanoTime();
        double atTenSeconds = 0;
        while (pacing.nanoTime() - start
                < 40 * SECOND) { // a saturated caller: every call queues for its token
            limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot", Duration.ofSeconds(10));
            limiter.onSuccess(ApiFamily.STS_ASSUME_ROOT);
            double r = limiter.currentRate(ApiFamily.STS_ASSUME_ROOT);
            assertTrue(r >= previous, "never falls without throttling");
            previous = r;
            max = Math.max(max, r);
            if (atTenSeconds == 0 && pacing.nanoTime() - start >= 10 * SECOND) {
                atTenSeconds = r;
            }
        }
        // +5 % of 10/s per second: about 15/s after 10 s, the ceiling of 20/s after 20 s, and no
        // higher
        assertEquals(15, atTenSeconds, 0.6);
        assertEquals(20, limiter.currentRate(ApiFamily.STS_ASSUME_ROOT), 1e-9);
        assertEquals(20, max, 1e-9);
        // the calls really went faster: the waits shrank from 100 ms to 50 ms
        assertEquals(
                Duration.ofMillis(50).toNanos(),
                pacing.sleeps.get(pacing.sleeps.size() - 1).toNanos(),
                1e6);
    }

    @Test
    void dropsOnThrottlingAndRecoversToTheLimitItFound() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("sts-assume-root", limit(10, 1, 20.0)), pacing);
        // a service whose limit is 16/s: throttles whenever the pace is above it
        int throttles = 0;
        long start = pacing.nanoTime();
        double minAfterFirstThrottle = Double.MAX_VALUE;
        while (pacing.nanoTime() - start < 120 * SECOND) {
            limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot", Duration.ofSeconds(10));
            double r = limiter.currentRate(ApiFamily.STS_ASSUME_ROOT);
            assertTrue(r <= 20 + 1e-9, "never above the ceiling: " + r);
            if (r > 16) {
                throttles++;
                limiter.onThrottle(ApiFamily.STS_ASSUME_ROOT);
                assertTrue(
                        limiter.currentRate(ApiFamily.STS_ASSUME_ROOT) < r,
                        "a throttle cuts the rate");
            } else {
                limiter.onSuccess(ApiFamily.STS_ASSUME_ROOT);
            }
            if (throttles > 0) {
                minAfterFirstThrottle =
                        Math.min(
                                minAfterFirstThrottle,
                                limiter.currentRate(ApiFamily.STS_ASSUME_ROOT));
            }
        }
        assertTrue(throttles > 0, "it probed past the limit");
        assertTrue(
                minAfterFirstThrottle >= 16 * TokenBucket.CUT - 1,
                "one cut, not a collapse: " + minAfterFirstThrottle);
        assertTrue(
                limiter.currentRate(ApiFamily.STS_ASSUME_ROOT) >= 0.85 * 16,
                "recovered toward the limit it found");
        // on average it runs near the limit: calls made / time is at least 85 % of 16/s, with few
        // throttles
        long calls = pacing.sleeps.size();
        double seconds = (pacing.nanoTime() - start) / 1e9;
        assertTrue(calls / seconds >= 0.85 * 16, "average pace " + calls / seconds);
        assertTrue(throttles < calls / 100.0, "under 1 % throttled: " + throttles + " of " + calls);
    }

    @Test
    void throttlingUnrelatedToThePaceDoesNotDriveTheRateToACrawl() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("organizations-read", limit(5, 8)), pacing);
        // the chaos run's AWS: a fifth of the calls throttled at any pace (java.util.Random with a
        // fixed seed, so the test is repeatable)
        java.util.Random random = new java.util.Random(42);
        long start = pacing.nanoTime();
        int calls = 0;
        double lowest = Double.MAX_VALUE;
        while (pacing.nanoTime() - start < 300 * SECOND) {
            limiter.acquire(
                    ApiFamily.ORGANIZATIONS_READ,
                    "organizations:ListTagsForResource",
                    Duration.ofSeconds(10));
            calls++;
            if (random.nextDouble() < 0.2) {
                limiter.onThrottle(ApiFamily.ORGANIZATIONS_READ);
            } else {
                limiter.onSuccess(ApiFamily.ORGANIZATIONS_READ);
            }
            lowest = Math.min(lowest, limiter.currentRate(ApiFamily.ORGANIZATIONS_READ));
        }
        assertEquals(2.5, lowest, 1e-9, "cut to the floor, half the configured rate, not below");
        double seconds = (pacing.nanoTime() - start) / 1e9;
        // with the old floor (5 % of the rate) this was 0.3 calls/s: 1,000 accounts' tags took an
        // hour
        assertTrue(calls / seconds >= 2.5, "average pace " + calls / seconds);
    }

    @Test
    void aConfiguredFloorReplacesHalfTheRate() {
        TokenBucket bucket = new TokenBucket(10, 10, 10, 1, 0);
        long t = 0;
        for (int i = 0; i < 40; i++) {
            t += 2 * SECOND;
            bucket.onThrottle(t);
        }
        assertEquals(1, bucket.floor(), 1e-9);
        assertEquals(1, bucket.rate(), 1e-9);
        assertEquals(5, new TokenBucket(10, 10, 0).floor(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 10, 10, 0, 0));
    }

    @Test
    void idleCapacityDoesNotRaiseTheRate() {
        TokenBucket bucket = new TokenBucket(10, 10, 20, 0);
        for (int i = 1; i <= 100; i++) {
            bucket.reserve(i * SECOND, SECOND); // one call a second: tokens always left over
            bucket.onSuccess(i * SECOND);
        }
        assertEquals(10, bucket.rate(), 1e-9);
    }

    @Test
    void backgroundDemandAboveTheRateRaisesItThoughBackgroundNeverDrainsTheBucket() {
        // a first audit wave is all background: it takes spare tokens only, so tokens never fall
        // below one; the spare tokens it is refused are the sign that demand exceeds the rate
        TokenBucket bucket = new TokenBucket(10, 8, 20, 0);
        long t = 0;
        for (int i = 0; i < 3000; i++) {
            t += SECOND / 100; // 100 background attempts a second, far above the rate
            if (bucket.tryTakeSpare(t)) {
                bucket.onSuccess(t);
            }
        }
        assertEquals(20, bucket.rate(), 1e-9, "30 s of refused background demand: at the ceiling");

        TokenBucket quiet = new TokenBucket(10, 8, 20, 0);
        t = 0;
        for (int i = 0; i < 300; i++) {
            t += SECOND / 5; // 5 a second, under the rate: nothing is refused
            assertTrue(quiet.tryTakeSpare(t));
            quiet.onSuccess(t);
        }
        assertEquals(10, quiet.rate(), 1e-9, "background demand under the rate proves nothing");
    }

    @Test
    void ceilingDefaultsToTwiceTheRateForAssumeRootAndTheRateElsewhere() {
        ApiRateLimiter limiter =
                new ApiRateLimiter(
                        Map.of("iam-root", limit(3, 1), "s3", limit(4, 1, 6.0)), new FakePacing());
        assertEquals(
                2 * ApiFamily.STS_ASSUME_ROOT.defaultRate(),
                limiter.ceiling(ApiFamily.STS_ASSUME_ROOT),
                1e-9);
        assertEquals(
                ApiFamily.ORGANIZATIONS_READ.defaultRate(),
                limiter.ceiling(ApiFamily.ORGANIZATIONS_READ),
                1e-9);
        assertEquals(3, limiter.ceiling(ApiFamily.IAM_ROOT), 1e-9);
        assertEquals(6, limiter.ceiling(ApiFamily.S3), 1e-9);
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
        assertEquals(
                ApiFamily.ORGANIZATIONS_READ.defaultRate(),
                limiter.currentRate(ApiFamily.ORGANIZATIONS_READ));
        assertEquals(3, limiter.currentRate(ApiFamily.IAM_ROOT));

        limiter.acquire(ApiFamily.IAM_ROOT, "iam:GetAccountSummary", Duration.ofSeconds(10));
        limiter.acquire(ApiFamily.IAM_ROOT, "iam:GetAccountSummary", Duration.ofSeconds(10));
        assertEquals(1, pacing.sleeps.size());
        assertEquals(Duration.ofNanos(333_333_334), pacing.sleeps.get(0));
        // families do not share tokens
        limiter.acquire(ApiFamily.S3, "s3:GetBucketPolicy", Duration.ofSeconds(10));
        assertEquals(1, pacing.sleeps.size());
    }

    @Test
    void saturatedFamilyFailsFastAsThrottled() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("organizations-write", limit(0.1, 1)), pacing);
        limiter.acquire(
                ApiFamily.ORGANIZATIONS_WRITE,
                "organizations:EnableAWSServiceAccess",
                Duration.ofSeconds(1));
        AwsException e =
                assertThrows(
                        AwsException.class,
                        () ->
                                limiter.acquire(
                                        ApiFamily.ORGANIZATIONS_WRITE,
                                        "organizations:EnableAWSServiceAccess",
                                        Duration.ofSeconds(1)));
        assertEquals(AwsErrorKind.THROTTLED, e.kind());
        assertEquals("organizations:EnableAWSServiceAccess", e.action());
        assertTrue(pacing.sleeps.isEmpty());
    }

    @Test
    void backgroundCallsAreDeferredInsteadOfSleeping() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("sts-assume-root", limit(1, 4)), pacing); // reserve 1
        AwsCalls calls = new AwsCalls(limiter, pacing, 3, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(
                    Reservation.Granted.class,
                    calls.reserve(CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT));
        }
        Reservation.Deferred deferred =
                assertInstanceOf(
                        Reservation.Deferred.class,
                        calls.reserve(CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT));
        assertEquals(Duration.ofSeconds(1), deferred.retryAfter(), "one token at 1/s is spare");
        assertTrue(deferred.reason().contains("sts-assume-root"), deferred.reason());
        assertTrue(pacing.sleeps.isEmpty(), "a background pass never holds its thread");
        limiter.acquire(ApiFamily.STS_ASSUME_ROOT, "sts:AssumeRoot", Duration.ofSeconds(30));
        assertTrue(pacing.sleeps.isEmpty(), "the reserve is there for the foreground");
        assertSame(Reservation.FOREGROUND, calls.reserve(CallPriority.FOREGROUND));
    }

    @Test
    void aDeferredBackgroundPassMakesNoCallAndTakesNothing() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(
                        Map.of("iam-root", limit(1, 2), "sts-assume-root", limit(1, 4)),
                        pacing); // iam-root: one spare token; sts-assume-root: three
        AwsCalls calls = new AwsCalls(limiter, pacing, 3, Duration.ofSeconds(30));
        int[] made = {0};
        Reservation first =
                calls.reserve(
                        CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT, ApiFamily.IAM_ROOT);
        Reservation.Granted grant = assertInstanceOf(Reservation.Granted.class, first);
        assertEquals(
                1, calls.call(ApiFamily.IAM_ROOT, "iam:GetAccountSummary", grant, () -> ++made[0]));
        grant.release(); // the sts-assume-root token was not used: it goes back
        Reservation second =
                calls.reserve(
                        CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT, ApiFamily.IAM_ROOT);
        assertInstanceOf(Reservation.Deferred.class, second, "no spare iam-root token left");
        assertEquals(1, made[0], "the deferred pass made no call");
        // all or none: the deferred pass took no sts-assume-root token, and the first gave its back
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(
                    Reservation.Granted.class,
                    calls.reserve(CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT));
        }
        assertInstanceOf(
                Reservation.Deferred.class,
                calls.reserve(CallPriority.BACKGROUND, ApiFamily.STS_ASSUME_ROOT));
        assertTrue(pacing.sleeps.isEmpty());
    }

    @Test
    void aGrantedPassIsNeverCutOffHalfway() {
        FakePacing pacing = new FakePacing();
        ApiRateLimiter limiter =
                new ApiRateLimiter(Map.of("iam-root", limit(1, 2)), pacing); // one spare token
        AwsCalls calls = new AwsCalls(limiter, pacing, 3, Duration.ofSeconds(30));
        Reservation.Granted grant =
                assertInstanceOf(
                        Reservation.Granted.class,
                        calls.reserve(CallPriority.BACKGROUND, ApiFamily.IAM_ROOT));
        // the held token, then the foreground reserve, then a wait for the next token
        for (int i = 0; i < 3; i++) {
            calls.call(ApiFamily.IAM_ROOT, "iam:ListAccessKeys", grant, () -> "ok");
        }
        assertEquals(1, pacing.sleeps.size(), "the third call waited for its token");
        grant.release();
    }

    static io.rootaccess.operator.config.OperatorConfig.RateLimit limit(double rate, int burst) {
        return limit(rate, burst, null);
    }

    static io.rootaccess.operator.config.OperatorConfig.RateLimit limit(
            double rate, int burst, Double ceiling) {
        return new io.rootaccess.operator.config.OperatorConfig.RateLimit() {
            @Override
            public double rate() {
                return rate;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public java.util.Optional<Double> ceiling() {
                return java.util.Optional.ofNullable(ceiling);
            }

            @Override
            public java.util.Optional<Double> floor() {
                return java.util.Optional.empty();
            }
        };
    }

    /**
     * The pace against a service shaped like AWS's throttling (and the sandbox's): a token bucket
     * of 20/s with a burst of 40, 40 ms round trips, callers that retry a throttled call after a
     * jittered back-off and otherwise spend half a second on other calls before their next one.
     * Saturated demand, simulated time: over two minutes the pacing should deliver at least 90 % of
     * the service's rate with under 1 % of calls throttled.
     */
    @Test
    void keepsNearTheLimitOfABucketShapedServiceWithFewThrottles() {
        double serviceRate = 20;
        double serviceBurst = 40;
        TokenBucket bucket = new TokenBucket(15, 30, 30, 0);
        // event queue: {time, worker, kind}; kind 0 = wants a token, 1 = reaches the service,
        // 2 = answer arrives (success), 3 = answer arrives (throttled)
        java.util.PriorityQueue<long[]> events =
                new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(e -> e[0]));
        java.util.Random random = new java.util.Random(7);
        int workers = 32;
        for (int w = 0; w < workers; w++) {
            events.add(new long[] {w * SECOND / 100, w, 0, 0});
        }
        double serviceTokens = serviceBurst;
        long serviceRefilled = 0;
        long measureFrom = 10 * SECOND;
        long measureTo = 130 * SECOND;
        int[] attempts = new int[workers];
        long ok = 0;
        long throttled = 0;
        while (!events.isEmpty()) {
            long[] e = events.poll();
            long t = e[0];
            int w = (int) e[1];
            if (t > measureTo) {
                break;
            }
            boolean measured = t >= measureFrom;
            switch ((int) e[2]) {
                case 0 -> {
                    long wait = bucket.reserve(t, 10 * SECOND);
                    if (wait < 0) {
                        events.add(new long[] {t + SECOND, w, 0, 0});
                    } else {
                        events.add(new long[] {t + wait + 20_000_000L, w, 1, t});
                    }
                }
                case 1 -> {
                    serviceTokens =
                            Math.min(
                                    serviceBurst,
                                    serviceTokens + serviceRate * (t - serviceRefilled) / SECOND);
                    serviceRefilled = t;
                    boolean pass = serviceTokens >= 1;
                    if (pass) {
                        serviceTokens -= 1;
                    }
                    events.add(new long[] {t + 20_000_000L, w, pass ? 2 : 3, e[3]});
                }
                case 2 -> {
                    bucket.onSuccess(t);
                    attempts[w] = 0;
                    if (measured) {
                        ok++;
                    }
                    events.add(new long[] {t + SECOND / 2, w, 0, 0});
                }
                default -> {
                    bucket.onThrottle(t, e[3]);
                    if (measured) {
                        throttled++;
                    }
                    attempts[w]++;
                    long cap = Math.min(5000L, 100L << Math.min(attempts[w] - 1, 16));
                    long backOff = Math.max(1, (long) (cap * random.nextDouble())) * 1_000_000L;
                    events.add(new long[] {t + backOff, w, 0, 0});
                }
            }
        }
        double seconds = (measureTo - measureFrom) / (double) SECOND;
        double share = ok / seconds / serviceRate;
        double throttledShare = throttled / (double) (ok + throttled);
        assertTrue(share >= 0.9, "delivered " + share + " of the service's rate");
        assertTrue(throttledShare < 0.01, "throttled " + throttledShare);
    }
}
