package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass of a policy over the organization: what it selects, what it acts on after conflicts,
 * what its children report, and the rollout plan. Input of {@link PolicyStatusFactory#summary}.
 *
 * @param desired null when the policy declares no rootCredentials (organization switches only)
 * @param owned accounts this policy acts on (keeps a child for), sorted
 * @param ties accounts nobody acts on because an equal-priority policy wants another state
 * @param yielded accounts another policy acts on
 * @param children this policy's children by account id
 * @param handover owned accounts whose child waits until another policy's child for the account is
 *     gone
 * @param tagsPending accounts whose tags are still being read while some policy targets tags:
 *     nobody can tell yet which policy selects them, so they are neither acted on nor let go (their
 *     children stay as they are)
 * @param walk how far the first walk of the organization is, while it runs
 */
public record Evaluation(
        DesiredState desired,
        Targeting.Selection selection,
        List<String> owned,
        Map<String, Conflicts.Decision> ties,
        Map<String, Conflicts.Decision> yielded,
        Map<String, MemberAccountRootState> children,
        Set<String> handover,
        Rollout.Plan plan,
        Set<String> tagsPending,
        Walk walk) {

    /**
     * The first walk of the organization, while it runs: accounts are acted on as they are found,
     * but nothing is concluded from an account not found yet.
     *
     * @param complete the whole organization has been read
     * @param accountsFound accounts found so far
     * @param unseen accounts with a child of this policy that the walk has not reached yet: their
     *     children are kept as they are (a restarted operator must not delete them)
     * @param exclusionsNotFound names in spec.exclude not found yet: until they are, the policy
     *     starts nothing (they may protect an account about to be found)
     */
    public record Walk(
            boolean complete,
            int accountsFound,
            Set<String> unseen,
            List<String> exclusionsNotFound) {
        static final Walk COMPLETE = new Walk(true, 0, Set.of(), List.of());

        /** The walk may not have reached an exclusion yet: wait rather than guess. */
        boolean waitsForExclusions() {
            return !complete && !exclusionsNotFound.isEmpty();
        }
    }

    /**
     * A policy without spec.rootCredentials: it manages the organization switches only, no account.
     */
    static Evaluation switchesOnly(
            Targeting.Selection selection, Map<String, MemberAccountRootState> children) {
        return builder(null, selection).children(children).build();
    }

    static Builder builder(DesiredState desired, Targeting.Selection selection) {
        return new Builder(desired, selection);
    }

    /** Names each part of a pass as it is decided; what is not set is empty. */
    static final class Builder {
        private final DesiredState desired;
        private final Targeting.Selection selection;
        private List<String> owned = List.of();
        private Map<String, Conflicts.Decision> ties = Map.of();
        private Map<String, Conflicts.Decision> yielded = Map.of();
        private Map<String, MemberAccountRootState> children = Map.of();
        private Set<String> handover = Set.of();
        private Rollout.Plan plan = new Rollout.Plan(Set.of(), 0, 0, false);
        private Set<String> tagsPending = Set.of();
        private Walk walk = Walk.COMPLETE;

        private Builder(DesiredState desired, Targeting.Selection selection) {
            this.desired = desired;
            this.selection = selection;
        }

        Builder owned(List<String> value) {
            owned = List.copyOf(value);
            return this;
        }

        Builder ties(Map<String, Conflicts.Decision> value) {
            ties = value;
            return this;
        }

        Builder yielded(Map<String, Conflicts.Decision> value) {
            yielded = value;
            return this;
        }

        Builder children(Map<String, MemberAccountRootState> value) {
            children = value;
            return this;
        }

        Builder handover(Set<String> value) {
            handover = value;
            return this;
        }

        Builder plan(Rollout.Plan value) {
            plan = value;
            return this;
        }

        Builder tagsPending(Set<String> value) {
            tagsPending = value;
            return this;
        }

        Builder walk(Walk value) {
            walk = value;
            return this;
        }

        Evaluation build() {
            return new Evaluation(
                    desired,
                    selection,
                    owned,
                    ties,
                    yielded,
                    children,
                    handover,
                    plan,
                    tagsPending,
                    walk);
        }
    }

    /** The same pass with what is now known of the first walk. */
    Evaluation withWalk(Walk value) {
        return with(children, value);
    }

    private Evaluation with(Map<String, MemberAccountRootState> newChildren, Walk newWalk) {
        return new Evaluation(
                desired,
                selection,
                owned,
                ties,
                yielded,
                newChildren,
                handover,
                plan,
                tagsPending,
                newWalk);
    }

    /**
     * The same pass without what the given accounts' children said: their spec was just written, so
     * their status describes the old spec (for example Compliant with the previous desired state)
     * and must not count yet.
     */
    public Evaluation withoutNewsFrom(Set<String> accounts) {
        if (accounts.isEmpty()) {
            return this;
        }
        Map<String, MemberAccountRootState> current = new java.util.TreeMap<>(children);
        current.keySet().removeAll(accounts);
        return with(Map.copyOf(current), walk);
    }
}
