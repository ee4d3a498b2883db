package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notice's fail-closed rules, without a cluster: when it holds back, and what it reads. */
class RemovalNoticeTest {
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    static MemberAccountRootState account(String notice, Map<String, String> annotations) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder()
                        .withName("a")
                        .withNamespace("ns")
                        .withAnnotations(new HashMap<>(annotations))
                        .build());
        MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = "111111111111";
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        spec.notice = notice;
        m.setSpec(spec);
        return m;
    }

    static DesiredRootState desired(MemberAccountRootState m) {
        return DesiredRootState.validate(m.getSpec(), Duration.ofHours(1)).desired();
    }

    static boolean holdsBack(MemberAccountRootState m) {
        return RemovalNotice.holdsBack(m, desired(m), NOW);
    }

    @Test
    void withoutANoticeNothingIsHeldBack() {
        MemberAccountRootState m = account(null, Map.of());
        assertFalse(holdsBack(m));
        assertNull(RemovalNotice.key(m), "no notice: the desired-state hash is unchanged");
        assertFalse(holdsBack(account("0s", Map.of())), "0s means no notice");
    }

    @Test
    void aNoticeHoldsBackUntilStartPlusNotice() {
        String started = NOW.minus(Duration.ofDays(6)).toString();
        assertTrue(holdsBack(account("7d", Map.of(RemovalNotice.STARTED_ANNOTATION, started))));
        String served = NOW.minus(Duration.ofDays(7)).toString();
        assertFalse(holdsBack(account("7d", Map.of(RemovalNotice.STARTED_ANNOTATION, served))));
    }

    @Test
    void failsClosedOnAMissingOrUnreadableStart() {
        assertTrue(holdsBack(account("7d", Map.of())), "not started yet");
        assertTrue(
                holdsBack(account("7d", Map.of(RemovalNotice.STARTED_ANNOTATION, "yesterday"))),
                "unreadable start: the notice starts anew");
        assertTrue(
                RemovalNotice.start(
                                account("7d", Map.of(RemovalNotice.STARTED_ANNOTATION, "garbage")))
                        .isEmpty());
    }

    @Test
    void theHoldAnnotationCancelsEvenAServedNotice() {
        String served = NOW.minus(Duration.ofDays(30)).toString();
        MemberAccountRootState m =
                account(
                        "7d",
                        Map.of(
                                RemovalNotice.STARTED_ANNOTATION,
                                served,
                                RemovalNotice.HOLD_ANNOTATION,
                                "True"));
        assertTrue(RemovalNotice.cancelled(m));
        assertTrue(holdsBack(m));
        assertTrue(
                holdsBack(account(null, Map.of(RemovalNotice.HOLD_ANNOTATION, "true"))),
                "cancels without a notice too");
        assertFalse(
                RemovalNotice.cancelled(
                        account("7d", Map.of(RemovalNotice.HOLD_ANNOTATION, "no"))));
    }

    @Test
    void dryRunAndOtherStatesAreNotHeldBackButShowTheSchedule() {
        MemberAccountRootState dry = account("7d", Map.of());
        dry.getSpec().mode = Mode.DryRun;
        assertFalse(holdsBack(dry), "DryRun changes nothing anyway");
        assertEquals(
                NOW.plus(Duration.ofDays(7)), RemovalNotice.scheduledAt(dry, NOW).orElseThrow());
        MemberAccountRootState audit = account("7d", Map.of());
        audit.getSpec().rootCredentials.state = RootCredentialsState.Audit;
        assertFalse(RemovalNotice.governs(audit, desired(audit)));
    }

    @Test
    void anInvalidNoticeIsAnInvalidSpec() {
        assertNotNull(RemovalNotice.problem(account("7 days", Map.of()).getSpec()));
        assertNull(RemovalNotice.problem(account("7d", Map.of()).getSpec()));
        assertNull(RemovalNotice.problem(account(null, Map.of()).getSpec()));
    }
}
