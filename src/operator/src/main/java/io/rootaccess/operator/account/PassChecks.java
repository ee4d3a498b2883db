package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The checks before any AWS call, in order, as a chain that returns an outcome: the
 * wrong-organization guard, hand-written duplicates for the account, the spec, the notice. The
 * first that refuses writes its status and says when to look again; otherwise the pass goes on with
 * the validated desired state.
 */
final class PassChecks {
    /** What the checks decided. */
    sealed interface Outcome permits Proceed, Stop {}

    /** Every check passed: the pass goes on with this desired state. */
    record Proceed(DesiredRootState desired) implements Outcome {}

    /**
     * A check refused (its status is written): come back after {@code requeue}, or only on a new
     * generation when null.
     */
    record Stop(Duration requeue) implements Outcome {}

    private final OrganizationGuard guard;
    private final AccountStatusFactory status;
    private final Duration defaultAuditInterval;

    PassChecks(
            OrganizationGuard guard, AccountStatusFactory status, Duration defaultAuditInterval) {
        this.guard = guard;
        this.status = status;
        this.defaultAuditInterval = defaultAuditInterval;
    }

    Outcome check(MemberAccountRootState resource, Stream<MemberAccountRootState> all) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        if (guard.refuses(st.conditions, gen)) {
            st.observedGeneration = gen;
            return new Stop(OrganizationGuard.RECHECK);
        }
        // fail closed: two hand-written resources for one account act on neither
        List<String> duplicates = DuplicateAccountStates.others(resource, all);
        if (!duplicates.isEmpty()) {
            DuplicateAccountStates.report(
                    status.conditions(), st, gen, resource.getSpec().accountId, duplicates);
            return new Stop(DuplicateAccountStates.RECHECK);
        }
        Conditions.remove(st.conditions, ConditionTypes.CONFLICT);
        var validation = DesiredRootState.validate(resource.getSpec(), defaultAuditInterval);
        if (!validation.valid()) {
            status.invalidSpec(st, gen, validation.problem());
            return new Stop(null); // only a new generation can fix it
        }
        String noticeProblem = RemovalNotice.problem(resource.getSpec());
        if (noticeProblem != null) { // fail closed: an unreadable notice never means "no notice"
            status.invalidSpec(st, gen, noticeProblem);
            return new Stop(null);
        }
        return new Proceed(validation.desired());
    }
}
