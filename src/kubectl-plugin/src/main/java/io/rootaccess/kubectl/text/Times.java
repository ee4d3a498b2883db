package io.rootaccess.kubectl.text;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times as the operator writes them (RFC 3339), shown with their age as kubectl shows ages. */
public final class Times {
    private Times() {}

    /** "2026-12-06T18:39:21Z (5m ago)", "... (in 55m)", or the text as it is when unparsable. */
    public static String withAge(String rfc3339, Instant now) {
        if (rfc3339 == null) {
            return "-";
        }
        Instant t = parse(rfc3339);
        if (t == null) {
            return rfc3339;
        }
        Duration d = Duration.between(t, now);
        return d.isNegative()
                ? rfc3339 + " (in " + age(d.negated()) + ")"
                : rfc3339 + " (" + age(d) + " ago)";
    }

    /** The age of a time: "12s", "5m", "3h", "2d" (empty string when unparsable). */
    public static String since(String rfc3339, Instant now) {
        Instant t = parse(rfc3339);
        return t == null ? "-" : age(Duration.between(t, now));
    }

    public static Instant parse(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return Instant.parse(rfc3339.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 2 * 3600) {
            return s / 60 + "m";
        }
        if (s < 2 * 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
