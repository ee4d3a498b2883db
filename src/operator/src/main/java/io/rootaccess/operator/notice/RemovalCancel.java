package io.rootaccess.operator.notice;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether removal is cancelled for one account, read from its key in the cancels ConfigMap and from
 * the older annotation on the MemberAccountRootState (still honoured, so cancels written before the
 * ConfigMap existed keep holding).
 *
 * <p>Fail closed: only {@code "false"} (or no value) means "not cancelled"; {@code "true"} cancels,
 * and any other value ({@code "yes"}, garbage) cancels too and is reported in {@link #problem()},
 * so a typo never resumes removal.
 *
 * @param cancelled whether nothing may be removed
 * @param source who cancelled, for status and events (null when not cancelled)
 * @param problem an unreadable value that was taken as a cancel (null when every value was read)
 */
public record RemovalCancel(boolean cancelled, String source, String problem) {
    public static final RemovalCancel NONE = new RemovalCancel(false, null, null);

    /**
     * @param configMapValue the account's value in the cancels ConfigMap, null without a key
     * @param configMapRef how to name that key to a person (ConfigMap and key)
     * @param annotationValue the older annotation's value on the resource, null without one
     * @param annotation the annotation's name
     */
    public static RemovalCancel read(
            String configMapValue, String configMapRef, String annotationValue, String annotation) {
        List<String> sources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        consider(configMapValue, configMapRef, sources, problems);
        consider(annotationValue, "the annotation " + annotation, sources, problems);
        if (sources.isEmpty()) {
            return NONE;
        }
        return new RemovalCancel(
                true,
                String.join(" and ", sources),
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static void consider(
            String value, String where, List<String> sources, List<String> problems) {
        if (value == null) {
            return;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("false")) {
            return;
        }
        sources.add(where + "=" + quoted(v));
        if (!v.equalsIgnoreCase("true")) {
            problems.add(
                    where
                            + " has the unreadable value "
                            + quoted(v)
                            + ": it counts as a cancel; write \"true\" to keep the cancel or"
                            + " \"false\" (or remove it) to lift it");
        }
    }

    /** Values are short words people type; a long one is cut so status stays small. */
    private static String quoted(String v) {
        String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
        return "\"" + shown + "\"";
    }

    /**
     * Part of the desired-state hash: a new cancel, a lifted one or a new problem forces a pass.
     */
    public String key() {
        return cancelled ? "cancelled:" + source : "none";
    }
}
