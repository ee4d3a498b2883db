package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.StatusPatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountStatusFactoryTest {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    final AccountStatusFactory recorder =
            new AccountStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));

    static Condition cond(MemberAccountRootStateStatus st, String type) {
        return Conditions.find(st.conditions, type)
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    @Test
    void compliantSetsReadyAndEveryConditionCarriesTheGeneration() {
        var st = new MemberAccountRootStateStatus();
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        recorder.audited(
                st,
                ObservedRoot.summaryOnly(new AccountSummary(false, 0, 0, 0)),
                Duration.ofHours(1));
        recorder.compliant(st, 3L, desired, "h1");
        assertEquals(AccountPhase.Compliant, st.phase);
        assertEquals("2026-11-22T12:00:00Z", st.lastAuditTime);
        assertEquals("2026-11-22T13:00:00Z", st.nextAuditTime);
        assertEquals("h1", st.convergedSpecHash);
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.READY).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.STALLED).getStatus());
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.COMPLIANT).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.BLOCKED_BY_POLICY).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.ON_HOLD).getStatus());
        st.conditions.forEach(c -> assertEquals(3L, c.getObservedGeneration(), c.getType()));
        assertEquals(Boolean.FALSE, st.credentials.passwordPresent);
    }

    @Test
    void repeatingAnOutcomeChangesNothingSoNoPatch() {
        var st = new MemberAccountRootStateStatus();
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        recorder.compliant(st, 1L, desired, "h");
        var before = StatusPatch.snapshot(st);
        recorder.compliant(st, 1L, desired, "h");
        assertFalse(StatusPatch.changed(before, st));
    }

    /** Every denied action of a pass is named, grouped by the SCP statement that denies it. */
    @Test
    void blockedNamesEveryDeniedActionAtOnce() {
        var st = new MemberAccountRootStateStatus();
        String fix = "Exempt root sessions in its statement DenyAllButLogin.";
        List<PolicyDenial> denials =
                List.of(
                        new PolicyDenial(
                                "111122223333", "iam:ListAccessKeys", "p-1", "n", "r-1", fix),
                        new PolicyDenial(
                                "111122223333", "iam:ListMFADevices", "p-1", "n", "r-1", fix),
                        new PolicyDenial("111122223333", "iam:GetUser", null, null, null, null));
        recorder.blocked(st, 2L, denials);
        String message = cond(st, ConditionTypes.BLOCKED_BY_POLICY).getMessage();
        assertTrue(message.contains("iam:ListAccessKeys, iam:ListMFADevices were denied"), message);
        assertTrue(message.contains("p-1") && message.contains("DenyAllButLogin"), message);
        assertTrue(message.contains("iam:GetUser was denied"), message);
        assertEquals(
                "DeniedByServiceControlPolicy",
                cond(st, ConditionTypes.BLOCKED_BY_POLICY).getReason());
        assertEquals(message, st.attention);
    }

    @Test
    void blockedNamesTheScpAndTheFixAndStalls() {
        var st = new MemberAccountRootStateStatus();
        var denial =
                new PolicyDenial(
                        "111122223333",
                        "iam:GetAccountSummary",
                        "p-deny1234",
                        "DenyRoot",
                        "r-abcd",
                        "Exempt root sessions with \"Null\": {\"aws:AssumedRoot\": \"true\"}.");
        recorder.blocked(st, 2L, denial);
        assertEquals(AccountPhase.Blocked, st.phase);
        Condition blocked = cond(st, ConditionTypes.BLOCKED_BY_POLICY);
        assertEquals(ConditionTypes.TRUE, blocked.getStatus());
        assertEquals("DeniedByServiceControlPolicy", blocked.getReason());
        assertTrue(
                blocked.getMessage().contains("p-deny1234")
                        && blocked.getMessage().contains("DenyRoot")
                        && blocked.getMessage().contains("aws:AssumedRoot"),
                blocked.getMessage());
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.STALLED).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.READY).getStatus());
        assertNull(st.convergedSpecHash);

        // once the fix lands, the denial condition flips back with a new transition time
        recorder.compliant(
                st, 2L, RemediationPlannerTest.desired(RootCredentialsState.Absent, null), "h");
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.BLOCKED_BY_POLICY).getStatus());
    }

    @Test
    void dryRunIsReadyButNotCompliantAndShowsThePlan() {
        var st = new MemberAccountRootStateStatus();
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var plan =
                RemediationPlanner.plan(RemediationPlannerTest.fullyCredentialed(), desired, NOW);
        recorder.planned(st, 1L, desired, plan, "h");
        assertEquals(AccountPhase.NonCompliant, st.phase);
        assertEquals(5, st.plan.size());
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.READY).getStatus());
        assertEquals("DryRun", cond(st, ConditionTypes.READY).getReason());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.COMPLIANT).getStatus());
        assertTrue(
                cond(st, ConditionTypes.READY)
                        .getMessage()
                        .contains("iam:DeleteAccessKey AKIANEVERUSED0000002"));
    }

    @Test
    void protectedKeyIsNamedWithItsLastUse() {
        var st = new MemberAccountRootStateStatus();
        var desired =
                RemediationPlannerTest.desired(
                        RootCredentialsState.Absent, "30d", CredentialType.AccessKeys);
        var plan =
                RemediationPlanner.plan(RemediationPlannerTest.fullyCredentialed(), desired, NOW);
        recorder.keysProtected(st, 1L, desired, plan, "h");
        assertEquals(AccountPhase.NonCompliant, st.phase);
        assertTrue(
                st.attention.contains("AKIARECENT0000000001")
                        && st.attention.contains("2026-11-20T12:00:00Z")
                        && st.attention.contains("30d"),
                st.attention);
        assertEquals("KeyRecentlyUsed", cond(st, ConditionTypes.COMPLIANT).getReason());
    }

    @Test
    void holdIsVisibleInPhaseFieldsAndCondition() {
        var st = new MemberAccountRootStateStatus();
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var hold = new BreakGlassHold("recover-prod", NOW.plus(Duration.ofHours(4)));
        var plan =
                RemediationPlanner.plan(RemediationPlannerTest.fullyCredentialed(), desired, NOW);
        recorder.onHold(st, 1L, hold, plan, "h");
        assertEquals(AccountPhase.OnHold, st.phase);
        assertEquals("2026-11-22T16:00:00Z", st.holdUntil);
        assertEquals("recover-prod", st.holdTask);
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.ON_HOLD).getStatus());
        recorder.compliant(st, 1L, desired, "h2");
        assertNull(st.holdUntil);
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.ON_HOLD).getStatus());
    }

    @Test
    void retryableErrorsStayReconciling() {
        var st = new MemberAccountRootStateStatus();
        recorder.retrying(
                st,
                1L,
                new AwsException(
                        AwsErrorKind.THROTTLED,
                        "iam:GetAccountSummary",
                        "Throttling",
                        "Rate exceeded"),
                Duration.ofSeconds(4));
        assertEquals(ConditionTypes.TRUE, cond(st, ConditionTypes.RECONCILING).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.STALLED).getStatus());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.READY).getStatus());
        assertTrue(cond(st, ConditionTypes.RECONCILING).getMessage().contains("retrying in 4s"));
        assertEquals(AccountPhase.Pending, st.phase);
    }

    @Test
    void refusalIsStalledWithReason() {
        var st = new MemberAccountRootStateStatus();
        recorder.refused(st, 1L, "ManagementAccount", "account 999 is the management account");
        assertEquals(AccountPhase.Refused, st.phase);
        assertEquals("ManagementAccount", cond(st, ConditionTypes.STALLED).getReason());
        assertEquals(ConditionTypes.UNKNOWN, cond(st, ConditionTypes.COMPLIANT).getStatus());
    }

    @Test
    void lastActionsAreNewestFirstAndBounded() {
        var st = new MemberAccountRootStateStatus();
        for (int i = 0; i < AccountStatusFactory.MAX_ACTIONS + 5; i++) {
            var r = new ActionRecord();
            r.target = "k" + i;
            AccountStatusFactory.recordAction(st, r);
        }
        assertEquals(AccountStatusFactory.MAX_ACTIONS, st.lastActions.size());
        assertEquals("k" + (AccountStatusFactory.MAX_ACTIONS + 4), st.lastActions.get(0).target);
    }

    @Test
    void durationsRenderAsUsersWriteThem() {
        assertEquals("30d", io.rootaccess.operator.status.Durations.format(Duration.ofDays(30)));
        assertEquals(
                "1h30m", io.rootaccess.operator.status.Durations.format(Duration.ofMinutes(90)));
        assertEquals("0s", io.rootaccess.operator.status.Durations.format(Duration.ZERO));
    }

    @Test
    void anOverdueAuditIsNoLongerCompliantAndTheNextPassIsNotRoutine() {
        var st = new MemberAccountRootStateStatus();
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        recorder.audited(
                st,
                ObservedRoot.summaryOnly(new AccountSummary(false, 0, 0, 0)),
                Duration.ofHours(1));
        recorder.compliant(st, 3L, desired, "h1");
        assertTrue(AuditSchedule.routineReaudit(st, 3L, "h1"));
        recorder.auditOverdue(st, 3L, Duration.ofHours(1));
        assertEquals(AccountPhase.Pending, st.phase);
        assertEquals(ConditionTypes.UNKNOWN, cond(st, ConditionTypes.COMPLIANT).getStatus());
        assertEquals(AccountReasons.AUDIT_OVERDUE, cond(st, ConditionTypes.COMPLIANT).getReason());
        assertEquals(ConditionTypes.FALSE, cond(st, ConditionTypes.READY).getStatus());
        assertFalse(
                AuditSchedule.routineReaudit(st, 3L, "h1"),
                "the overdue audit is foreground work: it is not deferred again");
    }

    /** One outcome of a pass, and what it keeps of the status before it (beyond the last audit). */
    private record Outcome(
            String name,
            java.util.function.Consumer<MemberAccountRootStateStatus> apply,
            String... keeps) {}

    private List<Outcome> outcomes() {
        var desired = RemediationPlannerTest.desired(RootCredentialsState.Absent, null);
        var plan =
                RemediationPlanner.plan(RemediationPlannerTest.fullyCredentialed(), desired, NOW);
        var hold = new BreakGlassHold("recover-prod", NOW.plus(Duration.ofHours(4)));
        var denial = new PolicyDenial("111122223333", "iam:ListAccessKeys", null, null, null, null);
        var throttled = new AwsException(AwsErrorKind.THROTTLED, "iam:X", "Throttling", "slow");
        var stop = new Remediator.Stop(plan.actions().get(0), "HoldStarted", "a hold began");
        var cancel = new io.rootaccess.operator.notice.RemovalCancel(true, "ConfigMap x", null);
        // every outcome but pending (a brand-new status only) and the amendments
        return List.of(
                new Outcome("invalidSpec", st -> recorder.invalidSpec(st, 5L, "bad")),
                new Outcome("refused", st -> recorder.refused(st, 5L, "R", "refused")),
                new Outcome("compliant", st -> recorder.compliant(st, 5L, desired, "h5")),
                new Outcome("planned", st -> recorder.planned(st, 5L, desired, plan, "h5")),
                new Outcome("scheduled", st -> recorder.scheduled(st, 5L, plan, NOW, "h5")),
                new Outcome(
                        "removalCancelled",
                        st -> recorder.removalCancelled(st, 5L, plan, "h5", cancel)),
                new Outcome(
                        "keysProtected", st -> recorder.keysProtected(st, 5L, desired, plan, "h5")),
                new Outcome("onHold", st -> recorder.onHold(st, 5L, hold, plan, "h5")),
                new Outcome("blocked", st -> recorder.blocked(st, 5L, denial), "plan"),
                new Outcome("failed", st -> recorder.failed(st, 5L, "R", "failed"), "plan"),
                new Outcome("awsFailure", st -> recorder.awsFailure(st, 5L, throttled), "plan"),
                new Outcome(
                        "retrying",
                        st -> recorder.retrying(st, 5L, throttled, Duration.ofSeconds(2)),
                        "plan",
                        "hold",
                        "scheduledAt",
                        "attention",
                        "conditions"),
                new Outcome(
                        "auditOverdue",
                        st -> recorder.auditOverdue(st, 5L, Duration.ofHours(1)),
                        "convergedSpecHash",
                        "conditions"),
                new Outcome("notConverged", st -> recorder.notConverged(st, 5L, plan)),
                new Outcome("stopped", st -> recorder.stopped(st, 5L, stop), "plan"),
                new Outcome(
                        "unexpected",
                        st -> recorder.unexpected(st, 5L, new IllegalStateException("bug")),
                        "plan",
                        "hold",
                        "scheduledAt",
                        "attention",
                        "conditions"));
    }

    /** A status with every field set, as an earlier outcome (and a stale edit) might leave it. */
    private MemberAccountRootStateStatus everyFieldSet() {
        var st = new MemberAccountRootStateStatus();
        recorder.audited(st, RemediationPlannerTest.fullyCredentialed(), Duration.ofHours(1));
        var record = new ActionRecord();
        record.target = "k1";
        AccountStatusFactory.recordAction(st, record);
        st.accountState = "ACTIVE";
        recorder.blocked(
                st, 4L, new PolicyDenial("111122223333", "iam:GetUser", "p-1", "n", "r-1", "fix"));
        recorder.conditions()
                .set(st.conditions, ConditionTypes.ON_HOLD, true, "BreakGlassTask", "stale", 4L);
        st.plan =
                new java.util.ArrayList<>(
                        RemediationPlanner.plan(
                                        RemediationPlannerTest.fullyCredentialed(),
                                        RemediationPlannerTest.desired(
                                                RootCredentialsState.Absent, null),
                                        NOW)
                                .actions());
        st.holdUntil = "2026-11-22T16:00:00Z";
        st.holdTask = "recover-prod";
        st.scheduledAt = "2026-11-29T12:00:00Z";
        st.attention = "owners notified: no change before 2026-11-29T12:00:00Z";
        st.convergedSpecHash = "h4";
        return st;
    }

    /** The same status built from scratch: what every outcome carries over, and {@code keeps}. */
    private MemberAccountRootStateStatus fromScratch(
            MemberAccountRootStateStatus before, List<String> keeps) {
        var st = new MemberAccountRootStateStatus();
        st.accountState = before.accountState;
        st.credentials = before.credentials;
        st.lastAuditTime = before.lastAuditTime;
        st.nextAuditTime = before.nextAuditTime;
        st.lastActions = before.lastActions;
        st.phase = before.phase; // retrying and unexpected read it
        if (keeps.contains("conditions")) {
            st.conditions = new java.util.ArrayList<>(before.conditions);
        }
        if (keeps.contains("plan")) {
            st.plan = before.plan;
        }
        if (keeps.contains("hold")) {
            st.holdUntil = before.holdUntil;
            st.holdTask = before.holdTask;
        }
        if (keeps.contains("scheduledAt")) {
            st.scheduledAt = before.scheduledAt;
        }
        if (keeps.contains("attention")) {
            st.attention = before.attention;
        }
        if (keeps.contains("convergedSpecHash")) {
            st.convergedSpecHash = before.convergedSpecHash;
        }
        return st;
    }

    /**
     * Each outcome builds its status rather than editing the one before: after an earlier outcome
     * that set every field, it leaves exactly the status it builds from scratch (from the last
     * audit, the account state, the history, and what it says it keeps). Conditions are compared by
     * type, status, reason and message (the clock is fixed, so transition times agree).
     */
    @Test
    void noOutcomeLeavesAFieldOfAnEarlierOneBehind() {
        for (Outcome o : outcomes()) {
            var after = everyFieldSet();
            o.apply().accept(after);
            var built = fromScratch(everyFieldSet(), List.of(o.keeps()));
            o.apply().accept(built);
            assertEquals(comparable(built), comparable(after), o.name());
        }
    }

    private static String comparable(MemberAccountRootStateStatus st) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) StatusPatch.snapshot(st);
        var conditions = new java.util.TreeMap<String, String>();
        st.conditions.forEach(
                c ->
                        conditions.put(
                                c.getType(),
                                c.getStatus() + " " + c.getReason() + " " + c.getMessage()));
        node.remove("conditions");
        return node.toPrettyString() + "\n" + conditions;
    }
}
