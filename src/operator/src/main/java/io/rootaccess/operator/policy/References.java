package io.rootaccess.operator.policy;

import java.util.List;

/**
 * Fail closed on names the organization does not have. An exclusion that names an unknown account
 * or OU is most likely a typo of the one meant to be protected: the policy then changes no account
 * at all (its existing children are held in audit-only, none is created or removed) until the spec
 * is fixed. An unknown target only narrows the selection: the known targets proceed, but the policy
 * never reports Ready while it names something that is not there ({@link PolicyStatusFactory}
 * decides what the status says).
 */
public final class References {
    /** Prefix {@link Targeting} gives the unknown names it found in spec.exclude. */
    private static final String EXCLUDED_PREFIX = "excluded ";

    private References() {}

    public static List<String> unknownExclusions(Targeting.Selection selection) {
        return selection.unknownTargets().stream()
                .filter(u -> u.startsWith(EXCLUDED_PREFIX))
                .map(u -> u.substring(EXCLUDED_PREFIX.length()))
                .toList();
    }

    public static List<String> unknownTargets(Targeting.Selection selection) {
        return selection.unknownTargets().stream()
                .filter(u -> !u.startsWith(EXCLUDED_PREFIX))
                .toList();
    }

    /**
     * The pass as it may run: unchanged, or, when an exclusion is unknown, one that keeps exactly
     * the existing children, all suspended (audit and plan only), and creates none. An exclusion is
     * unknown only once the whole organization has been read: during the first walk a name not
     * found yet is held back by {@link Evaluation.Walk#waitsForExclusions()} instead.
     */
    public static Evaluation holdIfExclusionUnknown(Evaluation e) {
        if (!e.walk().complete()
                || e.desired() == null
                || unknownExclusions(e.selection()).isEmpty()) {
            return e;
        }
        List<String> held = List.copyOf(e.children().keySet());
        return Evaluation.builder(e.desired(), e.selection())
                .owned(held)
                .children(e.children())
                .walk(e.walk())
                .build();
    }
}
