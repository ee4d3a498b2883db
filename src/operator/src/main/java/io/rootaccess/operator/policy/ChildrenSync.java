package io.rootaccess.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Makes a policy's MemberAccountRootState children match an evaluation: one child per account it
 * acts on (suspended until the rollout releases it), none for accounts it no longer acts on. No AWS
 * call.
 */
final class ChildrenSync {
    private static final Logger LOG = Logger.getLogger(ChildrenSync.class);

    /** Child creations and updates in flight at once, shared by every policy. */
    static final int WRITE_PARALLELISM = 8;

    private static final ExecutorService WRITES =
            Executors.newFixedThreadPool(
                    WRITE_PARALLELISM,
                    r -> {
                        Thread t = new Thread(r, "policy-children-write");
                        t.setDaemon(true);
                        return t;
                    });

    private ChildrenSync() {}

    /**
     * @return the accounts whose child was created or had its spec changed in this pass
     */
    static Set<String> sync(
            RootAccessPolicy policy, Evaluation evaluation, KubernetesClient client) {
        long started = System.nanoTime();
        Set<String> keep = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        List<Runnable> writes = new ArrayList<>();
        for (String id : evaluation.owned()) {
            if (evaluation.handover().contains(id)) {
                continue;
            }
            boolean suspend = !evaluation.plan().released().contains(id);
            MemberAccountRootState wanted =
                    Children.desired(policy, id, evaluation.desired(), suspend);
            MemberAccountRootState existing = evaluation.children().get(id);
            if (existing == null) {
                writes.add(() -> create(client, wanted));
                keep.add(wanted.getMetadata().getName());
                changed.add(id);
            } else {
                keep.add(existing.getMetadata().getName());
                if (Children.differs(existing, wanted)) {
                    changed.add(id);
                    writes.add(() -> update(client, policy, existing, wanted, suspend));
                }
            }
        }
        writeAll(writes);
        for (MemberAccountRootState child : evaluation.children().values()) {
            String account = Children.accountId(child);
            if (!keep.contains(child.getMetadata().getName())
                    && !evaluation.tagsPending().contains(account)
                    && !evaluation.walk().unseen().contains(account)) {
                delete(client, policy, child);
            }
        }
        LOG.debugf(
                "policy %s: %d accounts owned, %d children created or changed in %d ms%s",
                RootAccessPolicyReconciler.key(policy),
                evaluation.owned().size(),
                changed.size(),
                (System.nanoTime() - started) / 1_000_000,
                evaluation.walk().complete()
                        ? ""
                        : " (organization walk at " + evaluation.walk().accountsFound() + ")");
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

    /**
     * Creates and updates children {@link #WRITE_PARALLELISM} at a time: one request after another
     * took most of a first 10,000-account rollout (docs/benchmark.md), and releasing the next
     * accounts of a rollout is one update each, while the API server answers many at once. Any
     * failure other than "already exists" fails the pass after every write was tried, so the retry
     * only has the missing ones left.
     */
    private static void writeAll(List<Runnable> writes) {
        if (writes.size() <= 1) {
            writes.forEach(Runnable::run);
            return;
        }
        List<CompletableFuture<Void>> running =
                writes.stream().map(w -> CompletableFuture.runAsync(w, WRITES)).toList();
        RuntimeException first = null;
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first =
                            e.getCause() instanceof RuntimeException r
                                    ? r
                                    : new IllegalStateException(e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void update(
            KubernetesClient client,
            RootAccessPolicy policy,
            MemberAccountRootState existing,
            MemberAccountRootState wanted,
            boolean suspend) {
        // the informer's copy is the base of the patch (edit() by name would GET it first): one
        // request per released account instead of two
        client.resource(existing)
                .edit(
                        c -> {
                            c.setSpec(wanted.getSpec());
                            c.getMetadata().getLabels().putAll(wanted.getMetadata().getLabels());
                            return c;
                        });
        LOG.debugf(
                "policy %s: updated child %s (suspend=%s)",
                RootAccessPolicyReconciler.key(policy), existing.getMetadata().getName(), suspend);
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
