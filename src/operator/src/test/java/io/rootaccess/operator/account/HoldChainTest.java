package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.holds.BreakGlassHoldTest;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A new recovery task every day keeps an account held: the chain of holds is seen and reported. */
class HoldChainTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final String ACCOUNT = "111122223333";

    /** A Succeeded 24h recovery task created at {@code created}. */
    static PrivilegedRootTask recovery(String name, Instant created) {
        PrivilegedRootTask t =
                BreakGlassHoldTest.task(
                        name,
                        "ns",
                        ACCOUNT,
                        TaskType.AllowPasswordRecovery,
                        TaskPhase.Succeeded,
                        null);
        t.getMetadata().setCreationTimestamp(created.toString());
        return t;
    }

    /** One task a day for {@code days} days, the last created an hour ago. */
    static List<PrivilegedRootTask> daily(int days) {
        List<PrivilegedRootTask> tasks = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            tasks.add(recovery("t" + d, NOW.minus(Duration.ofHours(1)).minus(Duration.ofDays(d))));
        }
        return tasks;
    }

    @Test
    void aTaskEveryDayIsOneChainFromTheFirstTask() {
        Optional<Instant> since = HoldChain.since(daily(10), "ns", ACCOUNT, NOW);
        assertEquals(Optional.of(NOW.minus(Duration.ofHours(1)).minus(Duration.ofDays(9))), since);
        assertTrue(Duration.between(since.get(), NOW).compareTo(HoldChain.DEFAULT_PROLONGED) > 0);
    }

    @Test
    void aBreakBetweenHoldsStartsANewChain() {
        List<PrivilegedRootTask> tasks = new ArrayList<>(daily(2));
        // ended three days ago, long before the current chain began
        tasks.add(recovery("old", NOW.minus(Duration.ofDays(4))));
        assertEquals(
                Optional.of(NOW.minus(Duration.ofHours(1)).minus(Duration.ofDays(1))),
                HoldChain.since(tasks, "ns", ACCOUNT, NOW));
        assertTrue(
                HoldChain.since(
                                List.of(recovery("old", NOW.minus(Duration.ofDays(4)))),
                                "ns",
                                ACCOUNT,
                                NOW)
                        .isEmpty(),
                "no hold now: no chain");
        assertTrue(HoldChain.since(daily(3), "other-ns", ACCOUNT, NOW).isEmpty());
    }

    @Test
    void aProlongedHoldIsReportedOnTheOnHoldCondition() {
        AccountStatusFactory factory = new AccountStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));
        MemberAccountRootStateStatus st = new MemberAccountRootStateStatus();
        var hold = BreakGlassHold.find(daily(10), "ns", ACCOUNT, NOW).orElseThrow();
        factory.onHold(st, 1L, hold, new RemediationPlan(List.of(), List.of()), "h");
        assertFalse(
                AccountReasons.HOLD_PROLONGED.equals(
                        Conditions.find(st.conditions, ConditionTypes.ON_HOLD)
                                .orElseThrow()
                                .getReason()));
        Instant since = HoldChain.since(daily(10), "ns", ACCOUNT, NOW).orElseThrow();
        factory.holdProlonged(st, 1L, since, HoldChain.DEFAULT_PROLONGED);
        var onHold = Conditions.find(st.conditions, ConditionTypes.ON_HOLD).orElseThrow();
        assertEquals(ConditionTypes.TRUE, onHold.getStatus());
        assertEquals(AccountReasons.HOLD_PROLONGED, onHold.getReason());
        assertTrue(onHold.getMessage().contains(since.toString()), onHold.getMessage());
    }
}
