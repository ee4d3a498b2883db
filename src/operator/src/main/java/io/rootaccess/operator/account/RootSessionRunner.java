package io.rootaccess.operator.account;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import java.util.function.Function;

/**
 * Runs calls inside one sts:AssumeRoot session per account and task policy. A session that AWS
 * reports as expired is invalidated and renewed once, and the failed call repeated; a second expiry
 * propagates (retryable) so the pass is rescheduled.
 */
final class RootSessionRunner {
    private final RootSessions sessions;
    private final Reservation.Granted grant;

    /**
     * @param grant the pass's capacity, which every call in the leased sessions runs under
     */
    RootSessionRunner(RootSessions sessions, Reservation.Granted grant) {
        this.sessions = sessions;
        this.grant = grant;
    }

    /** A session held for the whole pass (one session per account per pass and task policy). */
    Lease lease(String accountId, TaskPolicy policy) {
        return new Lease(accountId, policy);
    }

    final class Lease {
        private final String accountId;
        private final TaskPolicy policy;
        private RootSession session;
        private boolean renewed;

        private Lease(String accountId, TaskPolicy policy) {
            this.accountId = accountId;
            this.policy = policy;
        }

        <T> T call(Function<RootSession, T> work) {
            if (session == null) {
                session = sessions.open(accountId, policy, grant);
            }
            try {
                return work.apply(session);
            } catch (AwsException e) {
                if (e.kind() != AwsErrorKind.EXPIRED_SESSION || renewed) {
                    throw e;
                }
                renewed = true;
                sessions.invalidate(session);
                session = sessions.open(accountId, policy, grant);
                return work.apply(session);
            }
        }

        /**
         * Access key id (ASIA...) of the session in use, for CloudTrail correlation; null before
         * the first call.
         */
        String accessKeyId() {
            return session == null ? null : session.accessKeyId();
        }
    }
}
