package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.account.AccountPhase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutTest {
    static final List<String> ACCOUNTS = List.of("1", "2", "3", "4", "5");

    static Rollout.ChildView released(AccountPhase phase) {
        return new Rollout.ChildView(true, phase);
    }

    static Rollout.ChildView suspended(AccountPhase phase) {
        return new Rollout.ChildView(false, phase);
    }

    @Test
    void firstPassReleasesTheFirstAccountsInOrder() {
        var plan = Rollout.plan(ACCOUNTS, Map.of(), 2, false, true);
        assertEquals(Set.of("1", "2"), plan.released());
        assertEquals(2, plan.inFlight());
        assertEquals(3, plan.waiting());
        assertFalse(plan.paused());
    }

    @Test
    void settledAccountsFreeTheirSlot() {
        Map<String, Rollout.ChildView> children = new HashMap<>();
        children.put("1", released(AccountPhase.Compliant));
        children.put("2", released(AccountPhase.Blocked));
        children.put("3", suspended(AccountPhase.NonCompliant));
        children.put("4", suspended(AccountPhase.NonCompliant));
        var plan = Rollout.plan(ACCOUNTS, children, 2, false, true);
        assertEquals(Set.of("1", "2", "3", "4"), plan.released());
        assertEquals(1, plan.waiting());
    }

    @Test
    void inFlightAccountsHoldTheirSlot() {
        Map<String, Rollout.ChildView> children = new HashMap<>();
        children.put("1", released(AccountPhase.InProgress));
        children.put("2", released(null)); // status older than the spec
        var plan = Rollout.plan(ACCOUNTS, children, 2, false, true);
        assertEquals(Set.of("1", "2"), plan.released());
        assertEquals(3, plan.waiting());
    }

    @Test
    void scheduledAccountsHoldTheirSlotSoMaxInFlightHoldsWhenTheirNoticesEnd() {
        Map<String, Rollout.ChildView> children = new HashMap<>();
        children.put("1", released(AccountPhase.Scheduled));
        children.put("2", released(AccountPhase.Scheduled));
        children.put("3", suspended(AccountPhase.Scheduled)); // its notice runs while it waits
        var plan = Rollout.plan(ACCOUNTS, children, 2, false, true);
        assertEquals(Set.of("1", "2"), plan.released());
        assertEquals(2, plan.inFlight());
        assertEquals(3, plan.waiting());
    }

    @Test
    void compliantWhileSuspendedIsReleasedWithoutASlot() {
        Map<String, Rollout.ChildView> children = new HashMap<>();
        children.put("1", suspended(AccountPhase.Compliant));
        children.put("2", suspended(AccountPhase.Compliant));
        var plan = Rollout.plan(ACCOUNTS, children, 1, false, true);
        assertEquals(Set.of("1", "2", "3"), plan.released());
        assertEquals(1, plan.inFlight());
    }

    @Test
    void pauseKeepsReleasedAccountsAndReleasesNoMore() {
        Map<String, Rollout.ChildView> children = new HashMap<>();
        children.put("1", released(AccountPhase.InProgress));
        children.put("2", suspended(AccountPhase.Compliant));
        var plan = Rollout.plan(ACCOUNTS, children, 3, true, true);
        assertEquals(Set.of("1"), plan.released());
        assertEquals(4, plan.waiting());
        assertTrue(plan.paused());
        // resume: continues in order where it stopped
        var resumed = Rollout.plan(ACCOUNTS, children, 3, false, true);
        assertEquals(Set.of("1", "2", "3", "4"), resumed.released());
    }

    @Test
    void unpacedModesReleaseEverything() {
        var plan = Rollout.plan(ACCOUNTS, Map.of(), 1, true, false);
        assertEquals(Set.copyOf(ACCOUNTS), plan.released());
        assertEquals(0, plan.waiting());
        assertFalse(plan.paused());
    }
}
