package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which session a pass opens first: the delete session only where it saves an AssumeRoot and is
 * allowed.
 */
class SessionChoiceTest {
    static DesiredRootState desired(RootCredentialsState state, Mode mode, boolean suspend) {
        return new DesiredRootState(
                "111122223333", state, Set.of(), null, Duration.ofHours(1), mode, suspend);
    }

    static MemberAccountRootStateStatus converged(String hash, AccountPhase phase) {
        var st = new MemberAccountRootStateStatus();
        st.observedGeneration = 1L;
        st.convergedSpecHash = hash;
        st.phase = phase;
        return st;
    }

    @Test
    void unknownCredentialsUnderEnforceAbsentOpenTheDeleteSession() {
        var d = desired(RootCredentialsState.Absent, Mode.Enforce, false);
        assertTrue(
                SessionChoice.deleteSessionFirst(
                        new MemberAccountRootStateStatus(), 1L, d.hash(null), d, false));
        // converged an older desired state, or an older generation: credentials unknown for this
        // one
        assertTrue(
                SessionChoice.deleteSessionFirst(
                        converged("other", AccountPhase.Compliant), 1L, d.hash(null), d, false));
        assertTrue(
                SessionChoice.deleteSessionFirst(
                        converged(d.hash(null), AccountPhase.Compliant),
                        2L,
                        d.hash(null),
                        d,
                        false));
    }

    @Test
    void knownNonCompliantCredentialsOpenTheDeleteSession() {
        var d = desired(RootCredentialsState.Absent, Mode.Enforce, false);
        assertTrue(
                SessionChoice.deleteSessionFirst(
                        converged(d.hash(null), AccountPhase.NonCompliant),
                        1L,
                        d.hash(null),
                        d,
                        false));
    }

    @Test
    void aRoutineReauditOfACompliantAccountUsesTheAuditSession() {
        var d = desired(RootCredentialsState.Absent, Mode.Enforce, false);
        assertFalse(
                SessionChoice.deleteSessionFirst(
                        converged(d.hash(null), AccountPhase.Compliant),
                        1L,
                        d.hash(null),
                        d,
                        false));
    }

    @Test
    void auditDryRunRecoveryAndHoldsNeverOpenTheDeleteSession() {
        var fresh = new MemberAccountRootStateStatus();
        var dryRun = desired(RootCredentialsState.Absent, Mode.DryRun, false);
        assertFalse(SessionChoice.deleteSessionFirst(fresh, 1L, dryRun.hash(null), dryRun, false));
        var audit = desired(RootCredentialsState.Audit, Mode.Enforce, false);
        assertFalse(SessionChoice.deleteSessionFirst(fresh, 1L, audit.hash(null), audit, false));
        var recovery = desired(RootCredentialsState.RecoveryAllowed, Mode.Enforce, false);
        assertFalse(
                SessionChoice.deleteSessionFirst(fresh, 1L, recovery.hash(null), recovery, false));
        var absent = desired(RootCredentialsState.Absent, Mode.Enforce, false);
        assertFalse(SessionChoice.deleteSessionFirst(fresh, 1L, absent.hash("hold"), absent, true));
    }

    @Test
    void anAccountWaitingForItsRolloutTurnListsInTheDeleteSessionItWillReuse() {
        var waiting = desired(RootCredentialsState.Absent, Mode.Enforce, true);
        assertTrue(
                SessionChoice.deleteSessionFirst(
                        new MemberAccountRootStateStatus(),
                        1L,
                        waiting.hash(null),
                        waiting,
                        false));
    }
}
