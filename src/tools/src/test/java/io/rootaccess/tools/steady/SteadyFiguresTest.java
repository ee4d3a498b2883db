package io.rootaccess.tools.steady;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SteadyFiguresTest {
    private static final Duration DAY = Duration.ofSeconds(60);

    @Test
    void sessionsAreCountedPerAccountAndPerScaledDay() {
        // 100 accounts, 2 scaled days, 200 sessions: one a day each
        assertEquals(
                1.0,
                SteadyFigures.sessionsPerAccountPerDay(200, 100, Duration.ofSeconds(120), DAY),
                1e-9);
        // the hourly cadence: 24 a day, over 90 s (1.5 days)
        assertEquals(
                24.0,
                SteadyFigures.sessionsPerAccountPerDay(36 * 50, 50, Duration.ofSeconds(90), DAY),
                1e-9);
        assertThrows(
                IllegalArgumentException.class,
                () -> SteadyFigures.sessionsPerAccountPerDay(1, 0, DAY, DAY));
    }

    @Test
    void medianOfOddAndEvenCountsAndMax() {
        assertEquals(
                Optional.of(Duration.ofSeconds(3)),
                SteadyFigures.median(List.of(secs(9), secs(1), secs(3))));
        assertEquals(
                Optional.of(Duration.ofMillis(2500)),
                SteadyFigures.median(List.of(secs(4), secs(1), secs(2), secs(3))));
        assertEquals(Optional.of(secs(9)), SteadyFigures.max(List.of(secs(9), secs(1))));
        assertEquals(Optional.empty(), SteadyFigures.median(List.of()));
    }

    @Test
    void goalsNeedOneSessionADayAndEveryDriftRepairedWithinAMinute() {
        assertTrue(mode(100, List.of(secs(2), secs(60))).meetsGoals());
        assertFalse(mode(101, List.of(secs(2))).meetsGoals(), "1.01 sessions a day");
        assertFalse(mode(100, List.of(secs(2), Duration.ofMillis(60_001))).meetsGoals());
        assertFalse(mode(100, List.of(secs(2))).meetsGoals(), "one drift not repaired");
    }

    @Test
    void scaledIntervals() {
        SteadySettings s =
                new SteadySettings(10, 1, DAY, 1, 15, DAY, DAY, null, null, null, null, Map.of());
        assertEquals(Duration.ofMillis(2500), s.scaled(Duration.ofHours(1)));
        assertEquals(DAY, s.scaled(Duration.ofHours(24)));
    }

    private static SteadyFigures.Mode mode(long sessions, List<Duration> repairs) {
        return new SteadyFigures.Mode(
                "with events", 100, sessions, Duration.ofSeconds(60), DAY, 2, repairs);
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }
}
