package io.rootaccess.operator.account;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The calls that AWS answered with AccessDenied during one account pass (a service control policy
 * denying root sessions some actions but not others). A denied detail read degrades that detail to
 * unknown instead of failing the pass, so what the SCPs allow is still done; the pass then ends
 * Blocked naming every denied action at once ({@link Denied}), never Compliant.
 */
final class DeniedCalls {
    private final boolean tolerant;
    private final Map<String, AwsException> denied = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private DeniedCalls(boolean tolerant) {
        this.tolerant = tolerant;
    }

    /** Collects the denials of one pass. */
    static DeniedCalls collecting() {
        return new DeniedCalls(true);
    }

    /** Rethrows the first denial (a caller that cannot report unknown details). */
    static DeniedCalls rethrowing() {
        return new DeniedCalls(false);
    }

    /** The read's result, or {@code unknown} (empty) when AWS denied it; the denial is kept. */
    <T> java.util.Optional<T> read(Supplier<T> read) {
        try {
            return java.util.Optional.ofNullable(read.get());
        } catch (AwsException e) {
            tolerate(e);
            return java.util.Optional.empty();
        }
    }

    /** Keeps {@code e} when it is a denial this collector tolerates; rethrows it otherwise. */
    void tolerate(AwsException e) {
        if (!tolerant || e.kind() != AwsErrorKind.ACCESS_DENIED) {
            throw e;
        }
        add(e);
    }

    void add(AwsException e) {
        denied.putIfAbsent(e.action() == null ? "sts:AssumeRoot" : e.action(), e);
    }

    /**
     * A sentence for the Blocked message about what else stays undone and why (an MFA device kept
     * because the password's deletion is denied, SCPs that could not be read).
     */
    void note(String sentence) {
        if (!notes.contains(sentence)) {
            notes.add(sentence);
        }
    }

    boolean any() {
        return !denied.isEmpty();
    }

    /** Fails the pass as Blocked, naming every denied action, when any call was denied. */
    void throwIfAny() {
        if (any()) {
            throw new Denied(new ArrayList<>(denied.values()), notes);
        }
    }

    /**
     * Every AccessDenied of a pass, reported together (the first one's action is this exception's
     * action).
     */
    static final class Denied extends AwsException {
        private final List<AwsException> denials;
        private final List<String> notes;

        Denied(List<AwsException> denials) {
            this(denials, List.of());
        }

        Denied(List<AwsException> denials, List<String> notes) {
            super(
                    AwsErrorKind.ACCESS_DENIED,
                    denials.get(0).action(),
                    denials.get(0).errorCode(),
                    denials.size() + " calls denied: " + actions(denials));
            this.denials = List.copyOf(denials);
            this.notes = List.copyOf(notes);
        }

        /** What else stays undone and why, one sentence each. */
        List<String> notes() {
            return notes;
        }

        List<AwsException> denials() {
            return denials;
        }

        private static String actions(List<AwsException> denials) {
            return String.join(", ", denials.stream().map(AwsException::action).toList());
        }
    }
}
