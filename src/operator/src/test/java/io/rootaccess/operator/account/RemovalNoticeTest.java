package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.notice.RemovalCancel;
import io.rootaccess.operator.notice.RemovalRecords;
import io.rootaccess.operator.testing.AccountStates;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The notice's fail-closed rules, without a cluster: when it holds back, and what it reads. The
 * records ({@link RemovalRecords}: the cancels ConfigMap's value and the recorded start) are given
 * as the keys {@link #CANCEL} and {@link #START}; any other key is an annotation on the resource.
 */
class RemovalNoticeTest {
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    static final String CANCEL = "records:cancel";
    static final String START = "records:start";

    static MemberAccountRootState account(String notice, Map<String, String> annotations) {
        MemberAccountRootState m =
                AccountStates.accountState("111111111111")
                        .named("a")
                        .inNamespace("ns")
                        .enforce()
                        .spec(s -> s.notice = notice)
                        .build();
        m.getMetadata().setAnnotations(new HashMap<>(annotations));
        return m;
    }

    /** What a pass reads for the account: the records keys, the annotation on the resource. */
    static RemovalNotice read(MemberAccountRootState m) {
        Map<String, String> a = m.getMetadata().getAnnotations();
        return new RemovalNotice(
                m.getSpec(),
                RemovalCancel.read(
                        a.get(CANCEL),
                        "ConfigMap x/" + RemovalRecords.CANCELS + " key 111111111111",
                        a.get(RemovalNotice.HOLD_ANNOTATION),
                        RemovalNotice.HOLD_ANNOTATION),
                RemovalRecords.parseStart(a.get(START)));
    }

    static DesiredRootState desired(MemberAccountRootState m) {
        return DesiredRootState.validate(m.getSpec(), Duration.ofHours(1)).desired();
    }

    static boolean holdsBack(MemberAccountRootState m) {
        return read(m).holdsBack(desired(m), NOW);
    }

    @Test
    void withoutANoticeNothingIsHeldBack() {
        MemberAccountRootState m = account(null, Map.of());
        assertFalse(holdsBack(m));
        assertNull(read(m).key(), "no notice: the desired-state hash is unchanged");
        assertFalse(holdsBack(account("0s", Map.of())), "0s means no notice");
    }

    @Test
    void aNoticeHoldsBackUntilStartPlusNotice() {
        String started = NOW.minus(Duration.ofDays(6)).toString();
        assertTrue(holdsBack(account("7d", Map.of(START, started))));
        String served = NOW.minus(Duration.ofDays(7)).toString();
        assertFalse(holdsBack(account("7d", Map.of(START, served))));
    }

    @Test
    void theOldStartAnnotationIsNotReadSoNobodyCanBackDateANotice() {
        String backDated = NOW.minus(Duration.ofDays(30)).toString();
        assertTrue(
                holdsBack(account("7d", Map.of(RemovalNotice.STARTED_ANNOTATION, backDated))),
                "a start on the resource (which people can edit) never serves a notice");
    }

    @Test
    void failsClosedOnAMissingOrUnreadableStart() {
        assertTrue(holdsBack(account("7d", Map.of())), "not started yet");
        assertTrue(
                holdsBack(account("7d", Map.of(START, "yesterday"))),
                "unreadable start: the notice starts anew");
        assertTrue(read(account("7d", Map.of(START, "garbage"))).start().isEmpty());
    }

    @Test
    void theConfigMapKeyOrTheOldAnnotationCancelsEvenAServedNotice() {
        String served = NOW.minus(Duration.ofDays(30)).toString();
        MemberAccountRootState m = account("7d", Map.of(START, served, CANCEL, "True"));
        assertTrue(read(m).cancelled());
        assertNull(read(m).cancel().problem());
        assertTrue(holdsBack(m));
        assertTrue(
                holdsBack(account(null, Map.of(CANCEL, "true"))), "cancels without a notice too");
        MemberAccountRootState old =
                account("7d", Map.of(START, served, RemovalNotice.HOLD_ANNOTATION, "true"));
        assertTrue(read(old).cancelled(), "the older annotation still cancels (migration)");
        assertTrue(read(old).cancel().source().contains(RemovalNotice.HOLD_ANNOTATION));
        assertFalse(read(account("7d", Map.of(START, served, CANCEL, "false"))).cancelled());
        assertNotEquals(
                read(account("7d", Map.of())).key(),
                read(account("7d", Map.of(CANCEL, "true"))).key(),
                "a cancel changes the desired-state hash");
    }

    @Test
    void anUnreadableCancelValueCancelsAndIsReported() {
        String served = NOW.minus(Duration.ofDays(30)).toString();
        for (String value : new String[] {"yes", "garbage", "", "1"}) {
            RemovalNotice n = read(account("7d", Map.of(START, served, CANCEL, value)));
            assertTrue(n.cancelled(), "\"" + value + "\" cancels");
            assertNotNull(n.cancel().problem(), value);
            assertTrue(n.cancel().problem().contains("unreadable"), n.cancel().problem());
            RemovalNotice a =
                    read(
                            account(
                                    "7d",
                                    Map.of(START, served, RemovalNotice.HOLD_ANNOTATION, value)));
            assertTrue(a.cancelled(), "annotation \"" + value + "\" cancels");
            assertNotNull(a.cancel().problem());
        }
    }

    @Test
    void dryRunAndOtherStatesAreNotHeldBackButShowTheSchedule() {
        MemberAccountRootState dry = account("7d", Map.of());
        dry.getSpec().mode = Mode.DryRun;
        assertFalse(holdsBack(dry), "DryRun changes nothing anyway");
        assertEquals(NOW.plus(Duration.ofDays(7)), read(dry).scheduledAt(NOW).orElseThrow());
        MemberAccountRootState audit = account("7d", Map.of());
        audit.getSpec().rootCredentials.state = RootCredentialsState.Audit;
        assertFalse(read(audit).governs(desired(audit)));
    }

    @Test
    void anInvalidNoticeIsAnInvalidSpec() {
        assertNotNull(RemovalNotice.problem(account("7 days", Map.of()).getSpec()));
        assertNull(RemovalNotice.problem(account("7d", Map.of()).getSpec()));
        assertNull(RemovalNotice.problem(account(null, Map.of()).getSpec()));
    }
}
