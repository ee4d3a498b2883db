package io.rootaccess.operator.account;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.policy.PolicyIntent;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The last check before each mutating call of an account pass, read from the informer caches at
 * that moment (no API request), never from the start of the pass:
 *
 * <ul>
 *   <li>a break-glass hold that began while the pass ran (a recovery task accepted, about to create
 *       the login profile the pass is about to delete);
 *   <li>the account's own spec: still the generation the pass read, and not being deleted;
 *   <li>the owning policy's intent ({@link PolicyIntent#refusal}): not DryRun, not paused or
 *       re-suspended, not held, not edited since the children were written.
 * </ul>
 *
 * A refusal stops the plan before that call; the next pass starts from the new state.
 */
final class MutationFence {
    private final Clock clock;

    MutationFence(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param actingOn the account as the pass read it
     * @param current the account as its informer has it now (empty: deleted)
     * @param holds the recovery tasks of the account as their informer has them now
     * @param policies a RootAccessPolicy of the account's namespace by name, from its informer
     */
    Optional<String> refusal(
            MemberAccountRootState actingOn,
            Optional<MemberAccountRootState> current,
            Supplier<Collection<PrivilegedRootTask>> holds,
            Function<String, Optional<RootAccessPolicy>> policies) {
        String ns = actingOn.getMetadata().getNamespace();
        Optional<BreakGlassHold> hold =
                BreakGlassHold.find(holds.get(), ns, actingOn.getSpec().accountId, clock.instant());
        if (hold.isPresent()) {
            return Optional.of(
                    "PrivilegedRootTask "
                            + hold.get().taskName()
                            + " put the account on hold for password recovery while this pass ran");
        }
        if (current.isEmpty() || current.get().getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("the MemberAccountRootState is being deleted");
        }
        Long read = actingOn.getMetadata().getGeneration();
        Long now = current.get().getMetadata().getGeneration();
        if (!Objects.equals(read, now)) {
            return Optional.of(
                    "its spec changed (generation "
                            + now
                            + ") while this pass acted on generation "
                            + read);
        }
        if (!PolicyIntent.governs(actingOn)) {
            return Optional.empty(); // written by hand: its own spec is its whole intent
        }
        OwnerReference ref =
                actingOn.getMetadata().getOwnerReferences().stream()
                        .filter(
                                o ->
                                        "RootAccessPolicy".equals(o.getKind())
                                                && Boolean.TRUE.equals(o.getController()))
                        .findFirst()
                        .orElseThrow();
        RootAccessPolicy owner =
                policies.apply(ref.getName())
                        .filter(p -> Objects.equals(p.getMetadata().getUid(), ref.getUid()))
                        .orElse(null);
        return PolicyIntent.refusal(owner, actingOn.getSpec());
    }
}
