package io.rootaccess.operator.holds;

import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The RootAccessPolicies of every watched namespace, read from the account controller's policy
 * informer (the generation fence's) rather than listed from the API server: the task controller
 * asks it whether a policy excludes a task's account. Filled when that controller prepares its
 * event sources.
 */
@ApplicationScoped
public class WatchedPolicies {
    private volatile ResourceCache<RootAccessPolicy> cache;

    /** Called by the account controller with its policy informer, before that informer starts. */
    public void attach(ResourceCache<RootAccessPolicy> policies) {
        this.cache = policies;
    }

    /**
     * The policies as the informer has them now, without those being deleted.
     *
     * @throws IllegalStateException before the account controller is registered (the pass is
     *     retried: an exclusion is never assumed absent)
     */
    public List<RootAccessPolicy> current() {
        var policies = cache;
        if (policies == null) {
            throw new IllegalStateException("the RootAccessPolicy cache is not ready yet");
        }
        return policies.list(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }
}
