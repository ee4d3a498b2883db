package io.rootaccess.operator.account;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import java.util.Objects;

/**
 * Which root session a pass opens first. AssumeRoot is the scarcest call (AWS throttles it per
 * organization), so an account whose credentials are unknown or known non-compliant and that will
 * be enforced to Absent gets the IAMDeleteRootUserCredentials session straight away: its list calls
 * are the audit, its deletes and the verification follow in the same session (one AssumeRoot
 * instead of an audit session plus a delete session). An account held back by its policy's rollout
 * (spec.suspend) does the same listing and only plans: its later, released pass reuses the cached
 * session. Everything else (steady-state re-audits, Audit, DryRun, RecoveryAllowed, holds) starts
 * with the IAMAuditRootUserCredentials session and GetAccountSummary.
 */
final class SessionChoice {
    private SessionChoice() {}

    static boolean deleteSessionFirst(
            MemberAccountRootStateStatus st,
            Long gen,
            String hash,
            DesiredRootState desired,
            boolean held) {
        // Enforce, released or still waiting for its rollout turn (suspend): a waiting account
        // lists in the delete
        // session and plans only; when released, its pass reuses that cached session (no second
        // AssumeRoot)
        if (held
                || desired.mode() != Mode.Enforce
                || desired.state() != RootCredentialsState.Absent) {
            return false;
        }
        boolean convergedThisState =
                hash.equals(st.convergedSpecHash) && Objects.equals(gen, st.observedGeneration);
        // converged and compliant: a routine re-audit, where one GetAccountSummary is the cheap
        // check
        return !convergedThisState || st.phase != AccountPhase.Compliant;
    }
}
