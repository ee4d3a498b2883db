package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass of a policy over the organization: what it selects, what it acts on after conflicts, what its
 * children report, and the rollout plan. Input of {@link PolicyStatusFactory#summary}.
 *
 * @param desired null when the policy declares no rootCredentials (organization switches only)
 * @param owned accounts this policy acts on (keeps a child for), sorted
 * @param ties accounts nobody acts on because an equal-priority policy wants another state
 * @param yielded accounts another policy acts on
 * @param children this policy's children by account id
 * @param handover owned accounts whose child waits until another policy's child for the account is gone
 * @param tagsPending accounts whose tags are still being read while some policy targets tags: nobody can tell yet
 *        which policy selects them, so they are neither acted on nor let go (their children stay as they are)
 */
public record Evaluation(DesiredState desired, Targeting.Selection selection, List<String> owned,
        Map<String, Conflicts.Decision> ties, Map<String, Conflicts.Decision> yielded,
        Map<String, MemberAccountRootState> children, Set<String> handover, Rollout.Plan plan, Set<String> tagsPending) {

    /**
     * The same pass without what the given accounts' children said: their spec was just written, so their status
     * describes the old spec (for example Compliant with the previous desired state) and must not count yet.
     */
    public Evaluation withoutNewsFrom(Set<String> accounts) {
        if (accounts.isEmpty()) {
            return this;
        }
        Map<String, MemberAccountRootState> current = new java.util.TreeMap<>(children);
        current.keySet().removeAll(accounts);
        return new Evaluation(desired, selection, owned, ties, yielded, Map.copyOf(current), handover, plan, tagsPending);
    }
}
