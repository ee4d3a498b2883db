package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Two MemberAccountRootStates written by hand for one account would undo each other's work (one
 * Absent, one RecoveryAllowed, or two audit rhythms fighting over one root user). Fail closed:
 * neither acts, both are Stalled with Conflict naming the other, until one is deleted. Children of
 * policies are left to the policies' own conflict rules (one child per account, handed over), so
 * only resources no policy owns count here.
 */
public final class DuplicateAccountStates {
    public static final String REASON = AccountReasons.CONFLICT;

    /** How soon a resource in conflict looks again (deleting the other one sends it no event). */
    public static final Duration RECHECK = Duration.ofSeconds(10);

    private DuplicateAccountStates() {}

    /** namespace/name of the other hand-written resources for the same account, sorted. */
    public static List<String> others(
            MemberAccountRootState self, Stream<MemberAccountRootState> all) {
        if (!acts(self) || ownedByPolicy(self)) {
            return List.of(); // an invalid spec is reported as such, and never acts
        }
        return all.filter(
                        m -> !Objects.equals(m.getMetadata().getUid(), self.getMetadata().getUid()))
                .filter(m -> acts(m) && self.getSpec().accountId.equals(m.getSpec().accountId))
                .filter(m -> m.getMetadata().getDeletionTimestamp() == null && !ownedByPolicy(m))
                .map(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** Writes Conflict=True and Stalled naming the others. */
    public static void report(
            Conditions conditions,
            MemberAccountRootStateStatus st,
            Long generation,
            String account,
            List<String> others) {
        String text =
                "account "
                        + account
                        + " is also managed by MemberAccountRootState "
                        + String.join(", ", others)
                        + ": neither acts until one of them is deleted";
        st.observedGeneration = generation;
        conditions.set(st.conditions, ConditionTypes.CONFLICT, true, REASON, text, generation);
        conditions.stalled(st.conditions, REASON, text, generation);
    }

    private static boolean acts(MemberAccountRootState m) {
        return m.getSpec() != null
                && m.getSpec().accountId != null
                && DesiredRootState.validate(m.getSpec(), Duration.ofHours(1)).valid();
    }

    private static boolean ownedByPolicy(MemberAccountRootState m) {
        return m.getMetadata().getOwnerReferences() != null
                && m.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> "RootAccessPolicy".equals(o.getKind()));
    }
}
