package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One account's root user for one pass: the AWS sequence (observe, act, verify) behind one object
 * that owns the session choice (see {@link SessionChoice}). A first convergence to Absent observes
 * by listing in the IAMDeleteRootUserCredentials session and acts and verifies in that same
 * session: one AssumeRoot for the account. Otherwise it observes in the IAMAuditRootUserCredentials
 * session (GetAccountSummary first) and acts in the session of the plan's task policy.
 */
final class RootAccount {
    private final RootAuditor auditor;
    private final Remediator remediator;
    private final RootSessionRunner runner;
    private final String accountId;
    private final boolean oneSession;
    private final RootSessionRunner.Lease observing;
    private final DeniedCalls denied = DeniedCalls.collecting();

    RootAccount(
            RootSessions sessions,
            RootAuditor auditor,
            Remediator remediator,
            Reservation.Granted grant,
            String accountId,
            boolean oneSession) {
        this.auditor = auditor;
        this.remediator = remediator;
        this.runner = new RootSessionRunner(sessions, grant);
        this.accountId = accountId;
        this.oneSession = oneSession;
        this.observing = runner.lease(accountId, oneSession ? TaskPolicy.DELETE : TaskPolicy.AUDIT);
    }

    /**
     * The audit: every detail in the delete session, or the summary first and the details that are
     * due (a new generation or an unconverged state reads them all).
     */
    ObservedRoot observe(
            DesiredRootState desired, MemberAccountRootStateStatus st, boolean refreshDetails) {
        return oneSession
                ? auditor.listAll(observing, denied)
                : auditor.audit(
                        observing,
                        desired,
                        ObservedRoot.fromStatus(st.credentials),
                        refreshDetails,
                        denied);
    }

    /** Executes the plan, asking {@code check} right before each mutating call. */
    Optional<Remediator.Stop> act(
            RemediationPlan plan, Remediator.MutationCheck check, Consumer<ActionRecord> sink) {
        RootSessionRunner.Lease acting =
                oneSession ? observing : runner.lease(accountId, plan.taskPolicy());
        return remediator.apply(acting, plan, check, sink);
    }

    /** A fresh look (in the observing session) before anything is reported Compliant. */
    ObservedRoot verify(DesiredRootState desired, ObservedRoot observed, RemediationPlan plan) {
        return oneSession
                ? auditor.verify(observing, observed, plan, denied)
                : auditor.audit(observing, desired, Optional.of(observed), true, denied);
    }

    /**
     * The calls AWS denied in this pass so far (a denied read left its detail unknown; a denied
     * change is added by the caller): when any, the pass ends Blocked naming them all.
     */
    DeniedCalls denied() {
        return denied;
    }
}
