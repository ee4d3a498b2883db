package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class RootSessionRunnerTest {
    /**
     * Hands out numbered sessions and remembers invalidations: the seam's contract, nothing more.
     */
    static final class CountingSessions implements RootSessions {
        int opened;
        final List<String> invalidated = new ArrayList<>();

        @Override
        public Reservation reserve(CallPriority priority) {
            return Reservation.FOREGROUND;
        }

        @Override
        public RootSession open(
                String accountId, TaskPolicy taskPolicy, Reservation.Granted grant) {
            opened++;
            return new RootSession(
                            accountId,
                            taskPolicy,
                            AwsSessionCredentials.create("ASIA00000000000000" + opened, "s", "t"),
                            Instant.MAX)
                    .under(grant);
        }

        @Override
        public void invalidate(RootSession session) {
            invalidated.add(session.accessKeyId());
        }
    }

    static final AwsException EXPIRED =
            new AwsException(
                    AwsErrorKind.EXPIRED_SESSION,
                    "iam:GetAccountSummary",
                    "ExpiredToken",
                    "expired");

    @Test
    void oneSessionServesEveryCallOfALease() {
        var sessions = new CountingSessions();
        var lease =
                new RootSessionRunner(sessions, Reservation.FOREGROUND)
                        .lease("111122223333", TaskPolicy.DELETE);
        lease.call(s -> 1);
        lease.call(s -> 2);
        assertEquals(1, sessions.opened);
        assertEquals("ASIA000000000000001", lease.accessKeyId());
    }

    @Test
    void expiredSessionIsRenewedOnceAndTheCallRepeated() {
        var sessions = new CountingSessions();
        var lease =
                new RootSessionRunner(sessions, Reservation.FOREGROUND)
                        .lease("111122223333", TaskPolicy.AUDIT);
        int[] attempts = {0};
        String key =
                lease.call(
                        s -> {
                            if (attempts[0]++ == 0) {
                                throw EXPIRED;
                            }
                            return s.accessKeyId();
                        });
        assertEquals("ASIA000000000000002", key);
        assertEquals(List.of("ASIA000000000000001"), sessions.invalidated);

        // a second expiry in the same pass propagates (retryable: the pass is rescheduled)
        var e =
                assertThrows(
                        AwsException.class,
                        () ->
                                lease.call(
                                        s -> {
                                            throw EXPIRED;
                                        }));
        assertEquals(AwsErrorKind.EXPIRED_SESSION, e.kind());
    }

    @Test
    void otherErrorsAreNotRetried() {
        var sessions = new CountingSessions();
        var lease =
                new RootSessionRunner(sessions, Reservation.FOREGROUND)
                        .lease("111122223333", TaskPolicy.AUDIT);
        assertThrows(
                AwsException.class,
                () ->
                        lease.call(
                                s -> {
                                    throw new AwsException(
                                            AwsErrorKind.ACCESS_DENIED,
                                            "iam:GetAccountSummary",
                                            "AccessDenied",
                                            "no");
                                }));
        assertEquals(1, sessions.opened);
    }
}
