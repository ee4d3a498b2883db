package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Organization switches have one value for the whole organization: two Enforce policies that
 * declare opposite values for one switch (or different delegated administrators) would flip it at
 * every refresh. Fail closed: neither acts on the switches, both say why (Stalled with
 * Conflict=True, decided in {@link PolicyStatusFactory}). DryRun policies never write, so they
 * neither conflict nor are conflicted with.
 */
public final class SwitchConflicts {
    private SwitchConflicts() {}

    /** Whether a policy of this spec may write the organization switches at all. */
    public static boolean writes(RootAccessPolicySpec spec) {
        return spec != null && spec.organization != null && spec.mode != Mode.DryRun;
    }

    /**
     * @param self namespace/name of the policy deciding
     * @param peers every policy (self and deleted ones are skipped)
     * @return one text per disagreeing policy and field, sorted; empty when self may act
     */
    public static List<String> find(
            String self, RootAccessPolicySpec spec, Stream<RootAccessPolicy> peers) {
        if (!writes(spec)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        peers.filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !self.equals(RootAccessPolicyReconciler.key(p)))
                .filter(p -> writes(p.getSpec()))
                .sorted(Comparator.comparing(RootAccessPolicyReconciler::key))
                .forEach(
                        p ->
                                found.addAll(
                                        between(
                                                spec.organization,
                                                RootAccessPolicyReconciler.key(p),
                                                p.getSpec().organization)));
        return List.copyOf(found);
    }

    static List<String> between(OrganizationSpec mine, String otherKey, OrganizationSpec theirs) {
        List<String> texts = new ArrayList<>();
        opposite(texts, "trustedAccess", mine.trustedAccess, theirs.trustedAccess, otherKey);
        opposite(
                texts,
                "rootCredentialsManagement",
                mine.rootCredentialsManagement,
                theirs.rootCredentialsManagement,
                otherKey);
        opposite(texts, "rootSessions", mine.rootSessions, theirs.rootSessions, otherKey);
        DelegatedAdministratorSpec a = mine.delegatedAdministrator;
        DelegatedAdministratorSpec b = theirs.delegatedAdministrator;
        if (a != null && b != null && a.accountId != null && b.accountId != null) {
            boolean aWants = a.state != FeatureState.Disabled;
            boolean bWants = b.state != FeatureState.Disabled;
            boolean sameAccount = a.accountId.equals(b.accountId);
            // two different administrators, or one policy registering what the other deregisters
            if ((aWants && bWants && !sameAccount) || (sameAccount && aWants != bWants)) {
                texts.add(
                        "policy "
                                + otherKey
                                + " wants delegatedAdministrator "
                                + b.accountId
                                + " "
                                + (bWants ? "Enabled" : "Disabled")
                                + ", this policy "
                                + a.accountId
                                + " "
                                + (aWants ? "Enabled" : "Disabled"));
            }
        }
        return texts;
    }

    private static void opposite(
            List<String> texts,
            String field,
            FeatureState mine,
            FeatureState theirs,
            String otherKey) {
        if (mine != null && theirs != null && !Objects.equals(mine, theirs)) {
            texts.add(
                    "policy "
                            + otherKey
                            + " wants "
                            + field
                            + " "
                            + theirs
                            + ", this policy "
                            + mine);
        }
    }
}
