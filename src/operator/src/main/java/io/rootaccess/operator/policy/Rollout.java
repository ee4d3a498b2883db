package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.account.AccountPhase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paces remediation: at most maxInFlight accounts are released (child spec.suspend=false) and still
 * being changed; the rest stay suspended (they audit and plan only). Accounts are released in
 * account-id order, so a paused rollout resumes where it stopped. A release belongs to one desired
 * state: when the policy's desired state changes, earlier releases no longer count and the accounts
 * go through the rollout again.
 */
public final class Rollout {
    private Rollout() {}

    /**
     * What the policy knows of an existing child.
     *
     * @param released suspend=false with the current desired state
     * @param phase the child's phase when its status reflects its current spec, else null
     */
    public record ChildView(boolean released, AccountPhase phase) {
        /** Released and still being changed: it holds one of maxInFlight's slots. */
        boolean inFlight() {
            return released && !settled(phase);
        }
    }

    /**
     * @param waiting accounts held back (suspended) because of maxInFlight or pause
     */
    public record Plan(Set<String> released, int inFlight, int waiting, boolean paused) {}

    /**
     * @param accounts the accounts this policy acts on, sorted
     * @param paced false for DryRun and Audit, which change nothing and so need no pacing
     */
    public static Plan plan(
            List<String> accounts,
            Map<String, ChildView> children,
            int maxInFlight,
            boolean paused,
            boolean paced) {
        return plan(accounts, children, maxInFlight, paused, paced, 0);
    }

    /**
     * @param inFlightElsewhere released children being changed that are not among {@code accounts}
     *     (accounts the first walk of the organization has not reached yet): they hold slots too
     */
    public static Plan plan(
            List<String> accounts,
            Map<String, ChildView> children,
            int maxInFlight,
            boolean paused,
            boolean paced,
            int inFlightElsewhere) {
        if (!paced) {
            return new Plan(new LinkedHashSet<>(accounts), 0, 0, false);
        }
        Set<String> released = new LinkedHashSet<>();
        int inFlight = inFlightElsewhere;
        for (String id : accounts) {
            ChildView child = children.get(id);
            if (child != null && child.released()) {
                released.add(id);
                if (child.inFlight()) {
                    inFlight++;
                }
            }
        }
        int limit = Math.max(1, maxInFlight);
        int waiting = 0;
        for (String id : accounts) {
            if (released.contains(id)) {
                continue;
            }
            ChildView child = children.get(id);
            boolean alreadyCompliant = child != null && child.phase() == AccountPhase.Compliant;
            if (!paused && alreadyCompliant) {
                // nothing to change there: releasing it costs no slot, and it then keeps the
                // account compliant
                released.add(id);
            } else if (!paused && inFlight < limit) {
                released.add(id);
                inFlight++;
            } else {
                waiting++;
            }
        }
        return new Plan(released, inFlight, waiting, paused && waiting > 0);
    }

    /**
     * Settled = not being changed any more (nor about to be: Scheduled counts as in flight):
     * compliant, or waiting for a person (blocked, failed, on hold, non-compliant by decision,
     * refused). Pending, in progress, or a status older than the spec is in flight.
     */
    static boolean settled(AccountPhase phase) {
        // Scheduled holds its slot: when its notice ends it acts, and maxInFlight must still hold
        return phase != null
                && phase != AccountPhase.Pending
                && phase != AccountPhase.InProgress
                && phase != AccountPhase.Scheduled;
    }
}
