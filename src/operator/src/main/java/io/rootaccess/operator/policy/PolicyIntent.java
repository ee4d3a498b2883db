package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a policy's current intent still allows a mutating call its child is about to make: the
 * policy side of the generation fence, for the account pass to ask before each mutating call, with
 * the owning policy as its informer has it (no API request).
 *
 * <p>A policy edit (DryRun, an invalid spec, an unknown exclusion, a new desired state) reaches the
 * children when the policy's pass rewrites them, and a child's pass may already be running on the
 * spec from before. The policy publishes {@code status.childrenGeneration}: the generation whose
 * intent every child carries, written by {@link PolicyStatusFactory} at the end of a pass that
 * wrote every child, withdrawn while the children are held. The edit itself moves {@code
 * metadata.generation} at once, so the fence closes as soon as the API server accepts the edit and
 * opens again only when the children carry it.
 *
 * <p>The child must also confirm its own spec is still the one its pass read (its own informer's
 * metadata.generation): a policy that re-suspends one child moves that child's generation only.
 */
public final class PolicyIntent {
    private PolicyIntent() {}

    /** Whether the child is a policy's (its controller owner reference is a RootAccessPolicy). */
    public static boolean governs(MemberAccountRootState child) {
        return child.getMetadata().getOwnerReferences().stream()
                .anyMatch(
                        o ->
                                "RootAccessPolicy".equals(o.getKind())
                                        && Boolean.TRUE.equals(o.getController()));
    }

    /**
     * @param owner the child's RootAccessPolicy (its controller owner reference: same namespace,
     *     that name and uid) as an informer has it; null when it has none
     * @param actingOn the child's spec as the pass that is about to call AWS read it
     * @return why the call must not be made; empty when the policy's intent allows it
     */
    public static Optional<String> refusal(
            RootAccessPolicy owner, MemberAccountRootStateSpec actingOn) {
        if (owner == null) {
            return Optional.of("its RootAccessPolicy is gone");
        }
        if (owner.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("its RootAccessPolicy is being deleted");
        }
        Long generation = owner.getMetadata().getGeneration();
        Long carried = owner.getStatus() == null ? null : owner.getStatus().childrenGeneration;
        if (carried == null) {
            return Optional.of(
                    "its RootAccessPolicy holds its children (see the policy's conditions)");
        }
        if (!Objects.equals(generation, carried)) {
            return Optional.of(
                    "its RootAccessPolicy changed (generation "
                            + generation
                            + "); the children carry generation "
                            + carried
                            + " until the operator rewrites them");
        }
        if (Boolean.TRUE.equals(actingOn.suspend)) {
            return Optional.of("suspended: waiting for its turn in the policy's rollout");
        }
        if (actingOn.mode == Mode.DryRun || owner.getSpec() == null) {
            return Optional.of("DryRun: nothing is changed");
        }
        DesiredState now = DesiredState.of(owner.getSpec());
        if (now == null
                || now.mode() != Mode.Enforce
                || !now.equals(DesiredState.of(actingOn.rootCredentials, actingOn.mode))) {
            return Optional.of("its RootAccessPolicy now declares another desired state or mode");
        }
        String notice = owner.getSpec().rollout == null ? null : owner.getSpec().rollout.notice;
        if (!Objects.equals(notice, actingOn.notice)) {
            return Optional.of("its RootAccessPolicy now declares another notice");
        }
        return Optional.empty();
    }
}
