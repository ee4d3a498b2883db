package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** When an account is looked at next, read from its status: the audit interval, a hold's end. */
final class AuditSchedule {
    private AuditSchedule() {}

    /**
     * Present when the last pass converged this exact desired state and its next audit is not due
     * yet.
     *
     * <p>Status is only a hint here, since anyone with status rights can edit it: the audit is due
     * at the earliest of status.nextAuditTime and lastAuditTime + interval, and at once when
     * lastAuditTime is missing, unreadable or in the future, or status.holdUntil is unreadable (the
     * pass then reads the hold again from the tasks). So an edited nextAuditTime or holdUntil never
     * stops audits, and never throws.
     */
    static Optional<Duration> untilNextAudit(
            MemberAccountRootStateStatus st,
            Long gen,
            String hash,
            Duration interval,
            Instant now) {
        if (!hash.equals(st.convergedSpecHash)
                || !Objects.equals(gen, st.observedGeneration)
                || st.nextAuditTime == null) {
            return Optional.empty();
        }
        Instant due = parse(st.nextAuditTime);
        Instant last = parse(st.lastAuditTime);
        if (due == null || last == null || last.isAfter(now)) {
            return Optional.empty();
        }
        due = min(due, last.plus(interval));
        if (!now.isBefore(due)) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, due);
        if (st.holdUntil != null) {
            Instant holdUntil = parse(st.holdUntil);
            if (holdUntil == null) {
                return Optional.empty();
            }
            wait = min(wait, untilHoldEnds(holdUntil, now));
        }
        return Optional.of(max(wait, Duration.ofMillis(200)));
    }

    /**
     * Whether the last audit is older than twice the interval (or unknown): background audits were
     * deferred too long for the last result to count as current, so the account is no longer
     * reported Compliant (reason AuditOverdue) until an audit runs.
     */
    static boolean overdue(MemberAccountRootStateStatus st, Duration interval, Instant now) {
        Instant last = parse(st.lastAuditTime);
        return last == null || now.isAfter(last.plus(interval.multipliedBy(2)));
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The periodic look at an account that was compliant with this very spec: nothing to change is
     * expected.
     */
    static boolean routineReaudit(MemberAccountRootStateStatus st, Long gen, String hash) {
        return st.phase == AccountPhase.Compliant
                && hash.equals(st.convergedSpecHash)
                && Objects.equals(gen, st.observedGeneration);
    }

    static Duration untilHoldEnds(Instant holdUntil, Instant now) {
        // a moment after holdUntil, so the pass that ends the hold sees it expired
        return max(Duration.between(now, holdUntil).plusMillis(500), Duration.ofMillis(500));
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
