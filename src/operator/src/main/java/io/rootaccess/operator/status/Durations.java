package io.rootaccess.operator.status;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write in specs: 30d, 4h, 90m, 1h30m, 45s. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("([0-9]+)(d|h|m|s)");
    private static final Pattern WHOLE = Pattern.compile("^([0-9]+(d|h|m|s))+$");

    /** No setting of this operator makes sense beyond ten years. */
    static final long MAX_DAYS = 3650;

    private Durations() {}

    /**
     * @throws IllegalArgumentException with a message fit for a status condition
     */
    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException(
                    "invalid duration '"
                            + text
                            + "': use a number with a unit d, h, m or s, for example 30d, 4h or 90m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text.trim());
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total =
                        total.plus(
                                switch (m.group(2)) {
                                    case "d" -> Duration.ofDays(n);
                                    case "h" -> Duration.ofHours(n);
                                    case "m" -> Duration.ofMinutes(n);
                                    default -> Duration.ofSeconds(n);
                                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // 200000000000000d overflows: a named problem, not an exception loop
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "': too long (at most " + MAX_DAYS + "d)");
        }
        if (total.compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "': too long (at most " + MAX_DAYS + "d)");
        }
        return total;
    }

    public static Duration parseOr(String text, Duration fallback) {
        return text == null || text.isBlank() ? fallback : parse(text);
    }

    /** Renders a duration the way users write them (30d, 1h30m, 45s). */
    public static String format(Duration d) {
        if (d == null) {
            return "";
        }
        long s = d.getSeconds();
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append('d');
        }
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (minutes > 0) {
            b.append(minutes).append('m');
        }
        if (seconds > 0 || b.length() == 0) {
            b.append(seconds).append('s');
        }
        return b.toString();
    }
}
