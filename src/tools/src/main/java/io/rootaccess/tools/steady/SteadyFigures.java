package io.rootaccess.tools.steady;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The arithmetic of `make steady`, kept apart from the run so a unit test can check it: root
 * sessions per compliant account per scaled day, and the median and maximum repair time of the
 * drifts (a drift not repaired within the run's bound counts as not repaired: no figure for it, and
 * the goal is missed).
 */
public final class SteadyFigures {
    /** The goals with the event source: at most one root session per account a day... */
    public static final double SESSIONS_GOAL = 1.0;

    /** ...and every drift repaired within 60 s. */
    public static final Duration REPAIR_GOAL = Duration.ofSeconds(60);

    private SteadyFigures() {}

    /**
     * @param sessions root sessions (sts:AssumeRoot) opened in the compliant accounts during the
     *     quiet period
     * @param accounts compliant accounts
     * @param quiet the quiet period's real length
     * @param scaledDay what one day is scaled down to
     */
    public static double sessionsPerAccountPerDay(
            long sessions, long accounts, Duration quiet, Duration scaledDay) {
        if (accounts <= 0 || quiet.isZero() || quiet.isNegative()) {
            throw new IllegalArgumentException("no compliant accounts or no quiet period");
        }
        double days = quiet.toNanos() / (double) scaledDay.toNanos();
        return sessions / (double) accounts / days;
    }

    /** The median of the repair times (the mean of the middle two for an even count). */
    public static Optional<Duration> median(List<Duration> repairs) {
        if (repairs.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = new ArrayList<>(repairs);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n % 2 == 1) {
            return Optional.of(sorted.get(n / 2));
        }
        return Optional.of(sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
    }

    public static Optional<Duration> max(List<Duration> repairs) {
        return repairs.stream().max(Duration::compareTo);
    }

    /**
     * One mode's figures (with or without the event source).
     *
     * @param repairs the repair time of each drift that was repaired
     * @param drifts how many drifts were made
     */
    public record Mode(
            String name,
            long compliantAccounts,
            long sessions,
            Duration quiet,
            Duration scaledDay,
            int drifts,
            List<Duration> repairs) {

        public double sessionsPerAccountPerDay() {
            return SteadyFigures.sessionsPerAccountPerDay(
                    sessions, compliantAccounts, quiet, scaledDay);
        }

        public int unrepaired() {
            return drifts - repairs.size();
        }

        public Optional<Duration> medianRepair() {
            return median(repairs);
        }

        public Optional<Duration> maxRepair() {
            return max(repairs);
        }

        /** The goals: at most one session a day per account, every drift repaired within 60 s. */
        public boolean meetsGoals() {
            return sessionsPerAccountPerDay() <= SESSIONS_GOAL
                    && unrepaired() == 0
                    && maxRepair().map(d -> d.compareTo(REPAIR_GOAL) <= 0).orElse(true);
        }

        public String summary() {
            return String.format(
                    Locale.ROOT,
                    "%s: %.2f root sessions per compliant account per scaled day, %d/%d drifts"
                            + " repaired (median %s, max %s)",
                    name,
                    sessionsPerAccountPerDay(),
                    repairs.size(),
                    drifts,
                    seconds(medianRepair()),
                    seconds(maxRepair()));
        }
    }

    static String seconds(Optional<Duration> d) {
        return d.map(v -> String.format(Locale.ROOT, "%.1fs", v.toMillis() / 1000.0)).orElse("-");
    }
}
