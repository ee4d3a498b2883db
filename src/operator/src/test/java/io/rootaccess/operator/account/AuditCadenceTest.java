package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a Compliant account waits for its next audit, with and without an event source. */
class AuditCadenceTest {
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofHours(24);

    static MemberAccountRootStateSpec spec(String auditInterval) {
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.accountId = "111122223333";
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        spec.rootCredentials.auditInterval = auditInterval;
        return spec;
    }

    static DesiredRootState desired(MemberAccountRootStateSpec spec) {
        return DesiredRootState.validate(spec, HOUR).desired();
    }

    @Test
    void withAnEventSourceACompliantAccountIsAuditedOnceADay() {
        MemberAccountRootStateSpec spec = spec(null);
        assertEquals(DAY, AuditCadence.of(true, DAY).compliant(spec, desired(spec)));
    }

    @Test
    void withoutAnEventSourceTheAuditIntervalStays() {
        MemberAccountRootStateSpec spec = spec(null);
        assertEquals(HOUR, AuditCadence.of(false, DAY).compliant(spec, desired(spec)));
    }

    @Test
    void anIntervalTheResourceAsksForWins() {
        MemberAccountRootStateSpec spec = spec("15m");
        assertEquals(
                Duration.ofMinutes(15), AuditCadence.of(true, DAY).compliant(spec, desired(spec)));
    }
}
