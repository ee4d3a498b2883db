package io.rootaccess.operator.policy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.status.FencedWrites;
import io.rootaccess.operator.status.FencedWrites.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Makes a policy's MemberAccountRootState children match an evaluation: one child per account it
 * acts on (suspended until the rollout releases it), none for accounts it no longer acts on. No AWS
 * call.
 *
 * <p>A child's spec is written with the resourceVersion of the copy the evaluation saw ({@link
 * FencedWrites#update}): a copy older than the API server's (the informer has not delivered a write
 * yet) is refused with a 409 instead of being merged into the newer spec, the fresh copy goes to
 * the informer's cache and the pass says it is incomplete, so the next pass computes again. Each
 * write is handed to the children informer, so the next pass sees it even before the watch delivers
 * it: a decision not to write (the child already is what the policy wants) is never taken on a copy
 * from before this operator's own last write.
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
     * What a sync did.
     *
     * @param changed the accounts whose child was created or had its spec changed
     * @param stale writes refused because the copy they were computed from was not the API
     *     server's: until a pass has none, not every child carries the policy's intent
     */
    record Result(Set<String> changed, int stale) {
        boolean complete() {
            return stale == 0;
        }
    }

    /**
     * @param cache the children informer, told of every write
     */
    static Result sync(
            RootAccessPolicy policy,
            Evaluation evaluation,
            KubernetesClient client,
            RecentOperationCacheFiller<MemberAccountRootState> cache) {
        long started = System.nanoTime();
        Set<String> keep = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        List<Supplier<Outcome>> writes = new ArrayList<>();
        for (String id : evaluation.owned()) {
            if (evaluation.handover().contains(id)) {
                continue;
            }
            boolean suspend = !evaluation.plan().released().contains(id);
            MemberAccountRootState wanted =
                    Children.desired(policy, id, evaluation.desired(), suspend);
            MemberAccountRootState existing = evaluation.children().get(id);
            if (existing == null) {
                writes.add(() -> create(client, wanted, cache));
                keep.add(wanted.getMetadata().getName());
                changed.add(id);
            } else {
                keep.add(existing.getMetadata().getName());
                if (Children.differs(existing, wanted)) {
                    changed.add(id);
                    writes.add(() -> update(client, policy, existing, wanted, suspend, cache));
                }
            }
        }
        int stale = writeAll(writes);
        for (MemberAccountRootState child : evaluation.children().values()) {
            String account = Children.accountId(child);
            if (!keep.contains(child.getMetadata().getName())
                    && !evaluation.tagsPending().contains(account)
                    && !evaluation.walk().unseen().contains(account)) {
                delete(client, policy, child);
            }
        }
        LOG.debugf(
                "policy %s: %d accounts owned, %d children created or changed, %d stale, in %d"
                        + " ms%s",
                RootAccessPolicyReconciler.key(policy),
                evaluation.owned().size(),
                changed.size(),
                stale,
                (System.nanoTime() - started) / 1_000_000,
                evaluation.walk().complete()
                        ? ""
                        : " (organization walk at " + evaluation.walk().accountsFound() + ")");
        return new Result(changed, stale);
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
     * failure other than a stale copy or "already exists" fails the pass after every write was
     * tried, so the retry only has the missing ones left.
     *
     * @return how many writes were not made because their copy was stale (or the child gone)
     */
    private static int writeAll(List<Supplier<Outcome>> writes) {
        if (writes.size() <= 1) {
            return (int) writes.stream().filter(w -> w.get() != Outcome.WRITTEN).count();
        }
        List<CompletableFuture<Outcome>> running =
                writes.stream().map(w -> CompletableFuture.supplyAsync(w, WRITES)).toList();
        RuntimeException first = null;
        int stale = 0;
        for (CompletableFuture<Outcome> f : running) {
            try {
                stale += f.join() == Outcome.WRITTEN ? 0 : 1;
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
        return stale;
    }

    private static Outcome update(
            KubernetesClient client,
            RootAccessPolicy policy,
            MemberAccountRootState existing,
            MemberAccountRootState wanted,
            boolean suspend,
            RecentOperationCacheFiller<MemberAccountRootState> cache) {
        // the informer's copy is the base (a GET first would be two requests per released
        // account), fenced by its resourceVersion
        Outcome outcome =
                FencedWrites.update(
                        client,
                        existing,
                        c -> {
                            c.setSpec(wanted.getSpec());
                            c.getMetadata().getLabels().putAll(wanted.getMetadata().getLabels());
                            return c;
                        },
                        cache);
        LOG.debugf(
                "policy %s: child %s (suspend=%s): %s",
                RootAccessPolicyReconciler.key(policy),
                existing.getMetadata().getName(),
                suspend,
                outcome);
        return outcome;
    }

    private static Outcome create(
            KubernetesClient client,
            MemberAccountRootState child,
            RecentOperationCacheFiller<MemberAccountRootState> cache) {
        try {
            MemberAccountRootState created = client.resource(child).create();
            if (cache != null) {
                cache.handleRecentResourceCreate(ResourceID.fromResource(created), created);
            }
            LOG.debugf(
                    "created child %s/%s",
                    child.getMetadata().getNamespace(), child.getMetadata().getName());
            return Outcome.WRITTEN;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // created by an earlier pass and not in the informer yet: what it holds is unknown
            // here, the next pass sees it
            return Outcome.STALE;
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
