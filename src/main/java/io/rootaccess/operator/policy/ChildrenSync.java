package io.rootaccess.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Makes a policy's MemberAccountRootState children match an evaluation: one child per account it
 * acts on (suspended until the rollout releases it), none for accounts it no longer acts on. No AWS
 * call.
 */
final class ChildrenSync {
    private static final Logger LOG = Logger.getLogger(ChildrenSync.class);

    private ChildrenSync() {}

    /**
     * @return the accounts whose child was created or had its spec changed in this pass
     */
    static Set<String> sync(
            RootAccessPolicy policy, Evaluation evaluation, KubernetesClient client) {
        Set<String> keep = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        for (String id : evaluation.owned()) {
            if (evaluation.handover().contains(id)) {
                continue;
            }
            boolean suspend = !evaluation.plan().released().contains(id);
            MemberAccountRootState wanted =
                    Children.desired(policy, id, evaluation.desired(), suspend);
            MemberAccountRootState existing = evaluation.children().get(id);
            if (existing == null) {
                create(client, wanted);
                keep.add(wanted.getMetadata().getName());
                changed.add(id);
            } else {
                keep.add(existing.getMetadata().getName());
                if (Children.differs(existing, wanted)) {
                    changed.add(id);
                    client.resources(MemberAccountRootState.class)
                            .inNamespace(existing.getMetadata().getNamespace())
                            .withName(existing.getMetadata().getName())
                            .edit(
                                    c -> {
                                        c.setSpec(wanted.getSpec());
                                        c.getMetadata()
                                                .getLabels()
                                                .putAll(wanted.getMetadata().getLabels());
                                        return c;
                                    });
                    LOG.debugf(
                            "policy %s: updated child %s (suspend=%s)",
                            RootAccessPolicyReconciler.key(policy),
                            existing.getMetadata().getName(),
                            suspend);
                }
            }
        }
        for (MemberAccountRootState child : evaluation.children().values()) {
            if (!keep.contains(child.getMetadata().getName())
                    && !evaluation.tagsPending().contains(Children.accountId(child))) {
                delete(client, policy, child);
            }
        }
        return changed;
    }

    /**
     * The policy is being deleted: owner references let Kubernetes collect the children, this works
     * without GC.
     */
    static void deleteAll(KubernetesClient client, List<MemberAccountRootState> children) {
        for (MemberAccountRootState child : children) {
            client.resource(child).delete();
        }
    }

    private static void create(KubernetesClient client, MemberAccountRootState child) {
        try {
            client.resource(child).create();
            LOG.debugf(
                    "created child %s/%s",
                    child.getMetadata().getNamespace(), child.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // created by an earlier pass and not yet in the informer cache: the next event brings
            // it
        }
    }

    private static void delete(
            KubernetesClient client, RootAccessPolicy policy, MemberAccountRootState child) {
        // no AWS call: the account left the organization, the selection, or this policy's ownership
        client.resource(child).delete();
        LOG.infof(
                "policy %s: removed child %s (account %s no longer acted on by this policy)",
                RootAccessPolicyReconciler.key(policy),
                child.getMetadata().getName(),
                Children.accountId(child));
    }
}
