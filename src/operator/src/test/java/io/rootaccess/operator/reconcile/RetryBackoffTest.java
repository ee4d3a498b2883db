package io.rootaccess.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final RetryBackoff backoff =
            new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), clock);

    @Test
    void doublesPerFailureUpToTheCapAndStartsOverAfterAReset() {
        assertEquals(Duration.ofSeconds(1), backoff.failed("a"));
        assertEquals(Duration.ofSeconds(2), backoff.failed("a"));
        assertEquals(Duration.ofSeconds(4), backoff.failed("a"));
        assertEquals(Duration.ofSeconds(1), backoff.failed("b"), "per resource");
        for (int i = 0; i < 30; i++) {
            backoff.failed("a");
        }
        assertEquals(Duration.ofMinutes(5), backoff.failed("a"));
        backoff.reset("a");
        assertEquals(Duration.ofSeconds(1), backoff.failed("a"));
    }

    @Test
    void deferralsAreJitteredAndBounded() {
        for (int i = 0; i < 50; i++) {
            Duration d = backoff.deferred("a");
            assertTrue(
                    d.compareTo(Duration.ofMillis(500)) >= 0
                            && d.compareTo(Duration.ofMillis(60_500)) < 0,
                    d::toString);
        }
    }

    @Test
    void fewWaitingComeBackWithinASecondManyWaitingSpreadUpToAMinute() {
        // one resource deferred many times in a row: alone it waits at most 1.5 s, not a minute
        for (int i = 0; i < 20; i++) {
            Duration d = backoff.deferred("alone");
            assertTrue(d.compareTo(Duration.ofMillis(1_500)) < 0, d::toString);
        }
        // 5,000 waiting, each deferred often: spread over up to a minute (5,000 / 50 per s = 100 s)
        Duration longest = Duration.ZERO;
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 5_000; i++) {
                Duration d = backoff.deferred("account-" + i);
                assertTrue(d.compareTo(Duration.ofMillis(60_500)) < 0, d::toString);
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
        }
        assertTrue(longest.compareTo(Duration.ofSeconds(30)) > 0, longest::toString);
    }

    @Test
    void stateOfAResourceThatStoppedFailingIsDroppedWithoutAnyCallForIt() {
        backoff.failed("deleted-while-failing");
        backoff.failed("still-failing");
        assertEquals(2, backoff.tracked());
        clock.now = clock.now.plus(Duration.ofMinutes(14));
        backoff.failed("still-failing");
        clock.now = clock.now.plus(Duration.ofMinutes(2)); // 16 min idle > 3 x 5 min
        assertEquals(1, backoff.tracked());
        backoff.forget("still-failing");
        assertEquals(0, backoff.tracked());
    }
}
