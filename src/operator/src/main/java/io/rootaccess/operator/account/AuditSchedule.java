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
     */
    static Optional<Duration> untilNextAudit(
            MemberAccountRootStateStatus st, Long gen, String hash, Instant now) {
        if (!hash.equals(st.convergedSpecHash)
                || !Objects.equals(gen, st.observedGeneration)
                || st.nextAuditTime == null) {
            return Optional.empty();
        }
        Instant due;
        try {
            due = Instant.parse(st.nextAuditTime);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!now.isBefore(due)) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, due);
        if (st.holdUntil != null) {
            wait = min(wait, untilHoldEnds(Instant.parse(st.holdUntil), now));
        }
        return Optional.of(max(wait, Duration.ofMillis(200)));
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
