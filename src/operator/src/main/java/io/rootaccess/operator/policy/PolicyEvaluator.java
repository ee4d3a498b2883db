package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.ProtectedAccounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One pass of a policy over the cached organization, without side effects: select accounts, settle
 * conflicts with the other policies, find the accounts waiting for another policy's child to go,
 * and pace the rollout.
 */
final class PolicyEvaluator {
    private PolicyEvaluator() {}

    static Evaluation evaluate(
            RootAccessPolicy policy,
            RootAccessPolicySpec spec,
            OrganizationSnapshot org,
            Set<String> tagsPending,
            PolicyInformers informers,
            ProtectedAccounts protectedAccounts) {
        DesiredState desired = DesiredState.of(spec);
        Map<String, MemberAccountRootState> children = new TreeMap<>();
        for (MemberAccountRootState child : informers.ownChildren(policy)) {
            String account = Children.accountId(child);
            if (account != null) {
                children.merge(
                        account,
                        child,
                        (a, b) ->
                                ChildNames.of(account, policy.getMetadata().getName())
                                                .equals(a.getMetadata().getName())
                                        ? a
                                        : b);
            }
        }
        if (desired == null) {
            return Evaluation.switchesOnly(
                    new Targeting.Selection(
                            List.of(), List.of(), List.of(), Targeting.declared(spec.targets)),
                    children);
        }
        Map<String, String> ownResources = informers.handWrittenResources();
        Targeting.Selection selection =
                Targeting.select(spec.targets, spec.exclude, org, protectedAccounts)
                        .withoutOwnResources(ownResources);
        var self =
                new Conflicts.Claim(
                        RootAccessPolicyReconciler.key(policy),
                        priority(spec),
                        desired,
                        Set.copyOf(selection.selected()));
        List<Conflicts.Claim> others =
                informers
                        .policies()
                        .filter(
                                p ->
                                        !Objects.equals(
                                                p.getMetadata().getUid(),
                                                policy.getMetadata().getUid()))
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .map(p -> claim(p, org, ownResources, protectedAccounts))
                        .filter(Objects::nonNull)
                        .toList();
        Map<String, Conflicts.Decision> decisions = Conflicts.resolve(self, others);

        List<String> owned = new ArrayList<>();
        Map<String, Conflicts.Decision> ties = new HashMap<>();
        Map<String, Conflicts.Decision> yielded = new HashMap<>();
        for (String id : selection.selected()) {
            if (tagsPending.contains(id)) {
                continue; // a peer's tag selector may claim it once its tags are read
            }
            Conflicts.Decision d = decisions.get(id);
            switch (d.outcome()) {
                case OWN -> owned.add(id);
                case TIE -> ties.put(id, d);
                default -> yielded.put(id, d);
            }
        }
        Set<String> handover = new LinkedHashSet<>();
        Set<String> othersChildren =
                null; // read once, and only when some owned account has no child yet
        for (String id : owned) {
            if (!children.containsKey(id)) {
                if (othersChildren == null) {
                    othersChildren = informers.accountsWithOtherPoliciesChildren(policy);
                }
                if (othersChildren.contains(id)) {
                    handover.add(id);
                }
            }
        }
        Map<String, Rollout.ChildView> views = new HashMap<>();
        children.forEach((id, child) -> views.put(id, Children.view(child, desired)));
        RolloutSpec rollout = spec.rollout == null ? new RolloutSpec() : spec.rollout;
        boolean paced =
                desired.mode() == Mode.Enforce
                        && spec.rootCredentials.state != RootCredentialsState.Audit;
        List<String> rollable = owned.stream().filter(id -> !handover.contains(id)).toList();
        Evaluation.Walk walk = walk(org, children.keySet(), selection);
        int inFlightUnseen =
                (int)
                        walk.unseen().stream()
                                .map(views::get)
                                .filter(Rollout.ChildView::inFlight)
                                .count();
        Rollout.Plan plan =
                Rollout.plan(
                        rollable,
                        views,
                        rollout.maxInFlight == null ? 10 : rollout.maxInFlight,
                        Boolean.TRUE.equals(rollout.paused),
                        paced,
                        inFlightUnseen);
        return Evaluation.builder(desired, selection)
                .owned(owned)
                .ties(ties)
                .yielded(yielded)
                .children(children)
                .handover(handover)
                .plan(plan)
                .tagsPending(tagsPending)
                .walk(walk)
                .build();
    }

    /** Where the first walk of the organization is; {@link Evaluation.Walk#COMPLETE} once done. */
    private static Evaluation.Walk walk(
            OrganizationSnapshot org, Set<String> childAccounts, Targeting.Selection selection) {
        if (org.complete()) {
            return Evaluation.Walk.COMPLETE;
        }
        Set<String> unseen = new TreeSet<>(childAccounts);
        unseen.removeAll(org.accounts().keySet());
        return new Evaluation.Walk(
                false,
                org.accounts().size(),
                Set.copyOf(unseen),
                References.unknownExclusions(selection));
    }

    /**
     * A spec just written that names ids or OUs the cached snapshot lacks most likely names
     * something new (an account created minutes ago): read the organization again once, rather than
     * report it unknown (and the policy Ready with nothing selected) until the next refresh. Only
     * on the first pass of a generation, so a typo costs one sweep of the organization, not one per
     * pass.
     */
    static boolean namesUnknown(RootAccessPolicySpec spec, OrganizationSnapshot org) {
        return !Targeting.select(spec.targets, spec.exclude, org).unknownTargets().isEmpty();
    }

    /**
     * Tags cost one call per account: read them only while some policy selects by tag. The peers'
     * claims, computed from the same snapshot, must see tags too.
     */
    static boolean anyPolicyTargetsTags(RootAccessPolicySpec spec, PolicyInformers informers) {
        return targetsTags(spec) || informers.policies().anyMatch(p -> targetsTags(p.getSpec()));
    }

    private static boolean targetsTags(RootAccessPolicySpec spec) {
        return spec != null
                && spec.targets != null
                && spec.targets.tags != null
                && !spec.targets.tags.isEmpty();
    }

    private static Conflicts.Claim claim(
            RootAccessPolicy other,
            OrganizationSnapshot org,
            Map<String, String> ownResources,
            ProtectedAccounts protectedAccounts) {
        DesiredState desired = DesiredState.of(other.getSpec());
        if (desired == null) {
            return null;
        }
        var selection =
                Targeting.select(
                                other.getSpec().targets,
                                other.getSpec().exclude,
                                org,
                                protectedAccounts)
                        .withoutOwnResources(ownResources);
        return new Conflicts.Claim(
                RootAccessPolicyReconciler.key(other),
                priority(other.getSpec()),
                desired,
                Set.copyOf(selection.selected()));
    }

    private static int priority(RootAccessPolicySpec spec) {
        return spec.priority == null ? 0 : spec.priority;
    }
}
