package io.rootaccess.kubectl.model;

import java.util.Comparator;
import java.util.List;

/** The account phases in the order the operator defines them; others sort after, by name. */
public final class Phases {
    public static final String NO_STATUS = "(no status)";
    private static final List<String> ORDER =
            List.of(
                    "Pending",
                    "Compliant",
                    "NonCompliant",
                    "Scheduled",
                    "InProgress",
                    "Blocked",
                    "OnHold",
                    "Refused",
                    "Failed",
                    NO_STATUS);

    public static final Comparator<String> ORDERING =
            Comparator.<String>comparingInt(
                            p -> ORDER.indexOf(p) < 0 ? ORDER.size() : ORDER.indexOf(p))
                    .thenComparing(Comparator.naturalOrder());

    private Phases() {}

    public static String of(AccountState a) {
        return a.phase() == null ? NO_STATUS : a.phase();
    }

    public static String of(Task t) {
        return t.phase() == null ? NO_STATUS : t.phase();
    }
}
