package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * How long a Compliant account waits for its next audit. Every audit is a root session, a
 * CloudTrail event and a GuardDuty finding in the member account. With the management account's
 * events wired in, root credentials cannot come back to a compliant account without an event that
 * re-audits it at once (docs/events.md), so the periodic audit is only the safety net: once a day
 * by default. Without an event source, and in every other phase, the audit interval stays. An
 * interval written in the resource's spec wins: someone asked for it.
 */
record AuditCadence(Optional<Duration> compliantWithEvents) {

    static AuditCadence of(boolean eventSource, Duration compliantAuditInterval) {
        return new AuditCadence(
                eventSource ? Optional.of(compliantAuditInterval) : Optional.empty());
    }

    /** The interval of an account in this phase: the compliant one, or the audit interval. */
    Duration interval(AccountPhase phase, MemberAccountRootStateSpec spec, DesiredRootState d) {
        return phase == AccountPhase.Compliant ? compliant(spec, d) : d.auditInterval();
    }

    /** The interval after an audit that found the account compliant. */
    Duration compliant(MemberAccountRootStateSpec spec, DesiredRootState desired) {
        boolean specSaysSo =
                spec != null
                        && spec.rootCredentials != null
                        && spec.rootCredentials.auditInterval != null
                        && !spec.rootCredentials.auditInterval.isBlank();
        return specSaysSo
                ? desired.auditInterval()
                : compliantWithEvents.orElse(desired.auditInterval());
    }
}
