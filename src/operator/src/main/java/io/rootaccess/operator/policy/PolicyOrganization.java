package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * What a policy's pass observes of the organization: the cached snapshot, and the organization
 * switches, converged when the policy declares them ({@link OrganizationSwitchesMemo}). No call per
 * account.
 */
final class PolicyOrganization {
    private final OrganizationCache cache;
    private final OrganizationSwitchesMemo switches;

    PolicyOrganization(OrganizationCache cache, OrganizationSwitchesMemo switches) {
        this.cache = cache;
        this.switches = switches;
    }

    /**
     * With tags when a policy selects by tag; without, what the first walk has found so far (the
     * accounts are acted on as it finds them). A new generation that names what the snapshot lacks
     * reads the organization again.
     *
     * @throws AwsException the last refresh failed: reported with the action and the fix, like a
     *     first read
     */
    OrganizationSnapshot snapshot(
            RootAccessPolicySpec spec, boolean tagsMatter, boolean newGeneration) {
        OrganizationSnapshot org = tagsMatter ? cache.currentWithTags() : cache.currentOrPartial();
        Optional<AwsException> refreshFailed = cache.lastRefreshFailure();
        if (refreshFailed.isPresent()) {
            throw refreshFailed.get();
        }
        if (newGeneration && org.complete() && PolicyEvaluator.namesUnknown(spec, org)) {
            org = cache.refresh();
        }
        return org;
    }

    /**
     * The switches as last read; converged first when the policy declares them. Fail closed: DryRun
     * and a conflict with another policy over a switch only plan.
     */
    Optional<OrganizationSwitches.Observed> switches(
            String uid, RootAccessPolicySpec spec, List<String> switchConflicts) {
        if (spec.organization == null) {
            return switches.observe();
        }
        return Optional.of(
                switches.converge(
                        uid,
                        spec.organization,
                        spec.mode == Mode.DryRun || !switchConflicts.isEmpty()));
    }

    /**
     * Switching the organization on takes a second or more (Organizations writes at 0.5/s): act on
     * what the first walk found meanwhile, not on the snapshot from before (one account at the
     * first pass of a 1,000-account bench).
     */
    OrganizationSnapshot afterSwitches(OrganizationSnapshot org, boolean tagsMatter) {
        return !org.complete() && !tagsMatter ? cache.currentOrPartial() : org;
    }

    void forget(String uid) {
        switches.forget(uid);
    }
}
