package io.rootaccess.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Fail closed on a spec the operator refuses (InvalidSpec). The children keep the spec of the last
 * valid generation, so without this they would go on converging on a spec the author has already
 * replaced: deleting credentials a person may just have put back on purpose. Each existing child is
 * suspended instead (audit and plan only, no mutating call), its desired state left as it was; the
 * next valid generation writes the children again and the rollout releases them. No AWS call.
 */
final class InvalidSpecHold {
    private static final Logger LOG = Logger.getLogger(InvalidSpecHold.class);

    private InvalidSpecHold() {}

    /**
     * Suspends every child that is not suspended yet.
     *
     * @return how many children the policy has (all of them now held)
     */
    static int hold(KubernetesClient client, String policy, List<MemberAccountRootState> children) {
        for (MemberAccountRootState child : children) {
            if (child.getSpec() == null || Boolean.TRUE.equals(child.getSpec().suspend)) {
                continue;
            }
            client.resources(MemberAccountRootState.class)
                    .inNamespace(child.getMetadata().getNamespace())
                    .withName(child.getMetadata().getName())
                    .edit(
                            c -> {
                                c.getSpec().suspend = true;
                                return c;
                            });
            LOG.infof(
                    "policy %s: invalid spec, child %s held (suspended)",
                    policy, child.getMetadata().getName());
        }
        return children.size();
    }

    /** The Stalled message: the problem, and what happens to the children meanwhile. */
    static String message(String problem, int held) {
        return held == 0
                ? problem
                : problem
                        + ". The policy's "
                        + held
                        + " MemberAccountRootState(s) are held (suspended, audit only) until the"
                        + " spec is fixed";
    }
}
