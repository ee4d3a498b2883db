package io.rootaccess.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.status.FencedWrites;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fail closed on a spec the operator refuses (InvalidSpec). The children keep the spec of the last
 * valid generation, so without this they would go on converging on a spec the author has already
 * replaced: deleting credentials a person may just have put back on purpose. Each existing child is
 * suspended instead (audit and plan only, no mutating call), its desired state left as it was, and
 * the policy withdraws its fence ({@link PolicyIntent}) so a pass already running stops too; the
 * next valid generation writes the children again and the rollout releases them. No AWS call.
 */
final class InvalidSpecHold {
    private static final Logger LOG = Logger.getLogger(InvalidSpecHold.class);

    private InvalidSpecHold() {}

    /**
     * Suspends every child that is not suspended yet, each write fenced by the informer's copy.
     *
     * @return how many children could not be suspended yet (a stale copy): the pass must come back
     */
    static int hold(
            KubernetesClient client,
            String policy,
            List<MemberAccountRootState> children,
            RecentOperationCacheFiller<MemberAccountRootState> cache) {
        int stale = 0;
        for (MemberAccountRootState child : children) {
            if (child.getSpec() == null || Boolean.TRUE.equals(child.getSpec().suspend)) {
                continue;
            }
            FencedWrites.Outcome outcome =
                    FencedWrites.update(
                            client,
                            child,
                            c -> {
                                c.getSpec().suspend = true;
                                return c;
                            },
                            cache);
            stale += outcome == FencedWrites.Outcome.STALE ? 1 : 0;
            LOG.infof(
                    "policy %s: invalid spec, child %s held (suspended): %s",
                    policy, child.getMetadata().getName(), outcome);
        }
        return stale;
    }
}
