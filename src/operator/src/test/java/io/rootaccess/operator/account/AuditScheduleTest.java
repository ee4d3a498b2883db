package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When the next audit is due, when status is edited by hand: never later than the operator's own.
 */
class AuditScheduleTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final String HASH = "h";

    /** Compliant, audited an hour ago, next audit in 23 hours. */
    static MemberAccountRootStateStatus audited() {
        MemberAccountRootStateStatus st = new MemberAccountRootStateStatus();
        st.phase = AccountPhase.Compliant;
        st.observedGeneration = 1L;
        st.convergedSpecHash = HASH;
        st.lastAuditTime = NOW.minus(Duration.ofHours(1)).toString();
        st.nextAuditTime = NOW.plus(Duration.ofHours(23)).toString();
        return st;
    }

    static Optional<Duration> untilDue(MemberAccountRootStateStatus st) {
        return AuditSchedule.untilNextAudit(st, 1L, HASH, DAY, NOW);
    }

    @Test
    void anUneditedStatusWaitsForTheNextAudit() {
        assertEquals(Optional.of(Duration.ofHours(23)), untilDue(audited()));
    }

    @Test
    void aNextAuditTimeEditedIntoTheFutureNeverStopsAudits() {
        MemberAccountRootStateStatus st = audited();
        st.nextAuditTime = NOW.plus(Duration.ofDays(3650)).toString();
        assertEquals(
                Optional.of(Duration.ofHours(23)),
                untilDue(st),
                "due at lastAuditTime + interval, whatever nextAuditTime says");
        st.lastAuditTime = NOW.plus(Duration.ofDays(3650)).toString();
        assertTrue(untilDue(st).isEmpty(), "a last audit in the future: audit now");
        st.lastAuditTime = "garbage";
        assertTrue(untilDue(st).isEmpty(), "an unreadable last audit: audit now");
        st.lastAuditTime = null;
        assertTrue(untilDue(st).isEmpty(), "no last audit: audit now");
    }

    @Test
    void anEditedConvergedSpecHashMeansAFullPassNow() {
        MemberAccountRootStateStatus st = audited();
        st.convergedSpecHash = "edited";
        assertTrue(untilDue(st).isEmpty());
    }

    @Test
    void anUnparseableHoldUntilDoesNotThrowAndLooksAgainNow() {
        MemberAccountRootStateStatus st = audited();
        st.holdUntil = "tomorrow";
        assertTrue(untilDue(st).isEmpty(), "the pass reads the hold from the tasks again");
        st.holdUntil = NOW.plus(Duration.ofHours(2)).toString();
        assertTrue(untilDue(st).orElseThrow().compareTo(Duration.ofHours(3)) < 0);
    }

    @Test
    void anAuditOlderThanTwiceTheIntervalIsOverdue() {
        MemberAccountRootStateStatus st = audited();
        assertFalse(AuditSchedule.overdue(st, DAY, NOW));
        st.lastAuditTime = NOW.minus(Duration.ofHours(47)).toString();
        assertFalse(AuditSchedule.overdue(st, DAY, NOW));
        st.lastAuditTime = NOW.minus(Duration.ofHours(49)).toString();
        assertTrue(AuditSchedule.overdue(st, DAY, NOW));
        st.lastAuditTime = null;
        assertTrue(AuditSchedule.overdue(st, DAY, NOW));
    }
}
