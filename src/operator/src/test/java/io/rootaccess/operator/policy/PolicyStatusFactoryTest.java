package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyStatusFactoryTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    final PolicyStatusFactory factory = new PolicyStatusFactory(CLOCK, 2);

    static MemberAccountRootState child(String account, AccountPhase phase, boolean suspend) {
        MemberAccountRootState c = new MemberAccountRootState();
        c.setMetadata(new ObjectMetaBuilder().withName(account + "-p").withGeneration(1L).build());
        c.setSpec(new MemberAccountRootStateSpec());
        c.getSpec().accountId = account;
        c.getSpec().suspend = suspend;
        if (phase != null) {
            c.setStatus(new MemberAccountRootStateStatus());
            c.getStatus().phase = phase;
            c.getStatus().observedGeneration = 1L;
        }
        return c;
    }

    static Evaluation eval(
            Mode mode,
            Map<String, MemberAccountRootState> children,
            Map<String, Conflicts.Decision> ties,
            Rollout.Plan plan) {
        List<String> owned = children.keySet().stream().sorted().toList();
        var selection = new Targeting.Selection(owned, List.of(), List.of(), true);
        return new Evaluation(
                ConflictsTest.state(RootCredentialsState.Absent, mode),
                selection,
                owned,
                ties,
                Map.of(),
                children,
                Set.of(),
                plan,
                Set.of(),
                Evaluation.Walk.COMPLETE);
    }

    static Rollout.Plan plan(int waiting, boolean paused) {
        return new Rollout.Plan(Set.of(), 0, waiting, paused);
    }

    static Condition cond(RootAccessPolicyStatus s, String type) {
        return Conditions.find(s.conditions, type).orElseThrow();
    }

    @Test
    void everyAccountCompliantIsReady() {
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                3L,
                eval(
                        Mode.Enforce,
                        Map.of(
                                "1",
                                child("1", AccountPhase.Compliant, false),
                                "2",
                                child("2", AccountPhase.Compliant, false)),
                        Map.of(),
                        plan(0, false)));
        assertEquals("True", cond(s, ConditionTypes.READY).getStatus());
        assertEquals(3L, cond(s, ConditionTypes.READY).getObservedGeneration());
        assertEquals("False", cond(s, ConditionTypes.CONFLICT).getStatus());
        assertEquals(2, s.selected);
        assertEquals(2, s.compliant);
        assertNull(s.attention);
    }

    @Test
    void staleOrMissingStatusIsInProgressAndReconciling() {
        var stale = child("2", AccountPhase.Compliant, false);
        stale.getMetadata().setGeneration(2L);
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                1L,
                eval(
                        Mode.Enforce,
                        Map.of("1", child("1", null, false), "2", stale),
                        Map.of(),
                        plan(0, false)));
        assertEquals(2, s.inProgress);
        assertEquals("True", cond(s, ConditionTypes.RECONCILING).getStatus());
        assertEquals(PolicyReasons.ROLLOUT, cond(s, ConditionTypes.READY).getReason());
    }

    @Test
    void blockedAccountsStallWithABoundedAttentionList() {
        Map<String, MemberAccountRootState> children = new HashMap<>();
        for (String id : List.of("1", "2", "3")) {
            var c = child(id, AccountPhase.Blocked, false);
            c.getStatus().attention = "iam:DeleteLoginProfile denied by scp p-" + id;
            children.put(id, c);
        }
        var s = new RootAccessPolicyStatus();
        factory.summary(s, 1L, eval(Mode.Enforce, children, Map.of(), plan(0, false)));
        assertEquals("True", cond(s, ConditionTypes.STALLED).getStatus());
        assertEquals(PolicyReasons.BLOCKED, cond(s, ConditionTypes.STALLED).getReason());
        assertEquals(3, s.blocked);
        assertEquals(2, s.attention.size());
        assertTrue(s.attentionTruncated);
        assertEquals("iam:DeleteLoginProfile denied by scp p-1", s.attention.get(0).message);
    }

    @Test
    void accountsWhoseTagsAreStillBeingReadKeepThePolicyReconciling() {
        var s = new RootAccessPolicyStatus();
        var children = Map.of("1", child("1", AccountPhase.Compliant, false));
        var compliantSoFar = eval(Mode.Enforce, children, Map.of(), plan(0, false));
        var e =
                new Evaluation(
                        compliantSoFar.desired(),
                        compliantSoFar.selection(),
                        compliantSoFar.owned(),
                        Map.of(),
                        Map.of(),
                        children,
                        Set.of(),
                        plan(0, false),
                        Set.of("7", "8"),
                        Evaluation.Walk.COMPLETE);
        factory.summary(s, 1L, e);
        assertEquals(
                "False",
                cond(s, ConditionTypes.READY).getStatus(),
                "not Ready before every tag is known");
        assertEquals(PolicyReasons.READING_TAGS, cond(s, ConditionTypes.RECONCILING).getReason());
        assertTrue(
                cond(s, ConditionTypes.RECONCILING).getMessage().contains("2 accounts left"),
                cond(s, ConditionTypes.RECONCILING).getMessage());

        factory.summary(s, 1L, compliantSoFar);
        assertEquals(
                "True", cond(s, ConditionTypes.READY).getStatus(), "Ready once the sweep is done");
    }

    @Test
    void tieShowsConflictNamingAccountAndPolicy() {
        var other = new Conflicts.Claim("ns/other", 0, ConflictsTest.RECOVERY, Set.of("9"));
        var s = new RootAccessPolicyStatus();
        var e =
                new Evaluation(
                        ConflictsTest.ABSENT,
                        new Targeting.Selection(List.of("1", "9"), List.of(), List.of(), true),
                        List.of("1"),
                        Map.of("9", new Conflicts.Decision(Conflicts.Outcome.TIE, List.of(other))),
                        Map.of(),
                        Map.of("1", child("1", AccountPhase.Compliant, false)),
                        Set.of(),
                        plan(0, false),
                        Set.of(),
                        Evaluation.Walk.COMPLETE);
        factory.summary(s, 1L, e);
        Condition conflict = cond(s, ConditionTypes.CONFLICT);
        assertEquals("True", conflict.getStatus());
        assertTrue(
                conflict.getMessage().contains("9") && conflict.getMessage().contains("ns/other"),
                conflict.getMessage());
        assertEquals(PolicyReasons.CONFLICT, cond(s, ConditionTypes.STALLED).getReason());
        assertEquals(2, s.selected);
        assertEquals(1, s.blocked);
    }

    @Test
    void pausedRolloutIsNeitherReadyNorReconcilingNorStalled() {
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                1L,
                eval(
                        Mode.Enforce,
                        Map.of(
                                "1",
                                child("1", AccountPhase.Compliant, false),
                                "2",
                                child("2", AccountPhase.NonCompliant, true)),
                        Map.of(),
                        plan(1, true)));
        assertEquals(PolicyReasons.PAUSED, cond(s, ConditionTypes.READY).getReason());
        assertEquals("False", cond(s, ConditionTypes.READY).getStatus());
        assertEquals("False", cond(s, ConditionTypes.RECONCILING).getStatus());
        assertEquals("False", cond(s, ConditionTypes.STALLED).getStatus());
        assertTrue(s.paused);
        assertEquals(1, s.waiting);
    }

    @Test
    void dryRunIsReadyOnceEveryAccountIsPlanned() {
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                1L,
                eval(
                        Mode.DryRun,
                        Map.of(
                                "1",
                                child("1", AccountPhase.Compliant, false),
                                "2",
                                child("2", AccountPhase.NonCompliant, false)),
                        Map.of(),
                        plan(0, false)));
        assertEquals("True", cond(s, ConditionTypes.READY).getStatus());
        assertEquals(PolicyReasons.PLANNED, cond(s, ConditionTypes.READY).getReason());
        assertEquals(1, s.nonCompliant);
        assertNull(s.attention, "a DryRun plan is not something that needs a person");
    }

    @Test
    void heldAccountsCountAsSettledButAreListedForAPerson() {
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                1L,
                eval(
                        Mode.Enforce,
                        Map.of(
                                "1",
                                child("1", AccountPhase.Compliant, false),
                                "2",
                                child("2", AccountPhase.OnHold, false)),
                        Map.of(),
                        plan(0, false)));
        assertEquals("True", cond(s, ConditionTypes.READY).getStatus());
        assertEquals(PolicyReasons.COMPLIANT_WITH_HOLDS, cond(s, ConditionTypes.READY).getReason());
        assertTrue(cond(s, ConditionTypes.READY).getMessage().contains("1 on hold"));
        assertEquals(1, s.compliant);
        assertEquals(List.of("2"), s.attention.stream().map(a -> a.accountId).toList());

        var notYet = new RootAccessPolicyStatus();
        factory.summary(
                notYet,
                1L,
                eval(
                        Mode.Enforce,
                        Map.of(
                                "1",
                                child("1", AccountPhase.InProgress, false),
                                "2",
                                child("2", AccountPhase.OnHold, false)),
                        Map.of(),
                        plan(0, false)));
        assertEquals(
                "False",
                cond(notYet, ConditionTypes.READY).getStatus(),
                "a hold does not hide work in progress");

        var dryRun = new RootAccessPolicyStatus();
        factory.summary(
                dryRun,
                1L,
                eval(
                        Mode.DryRun,
                        Map.of(
                                "1",
                                child("1", AccountPhase.NonCompliant, false),
                                "2",
                                child("2", AccountPhase.OnHold, false)),
                        Map.of(),
                        plan(0, false)));
        assertEquals(PolicyReasons.PLANNED, cond(dryRun, ConditionTypes.READY).getReason());
    }

    @Test
    void noTargetsStallsAndAnEmptyMatchIsReady() {
        var s = new RootAccessPolicyStatus();
        factory.summary(
                s,
                1L,
                new Evaluation(
                        ConflictsTest.ABSENT,
                        new Targeting.Selection(List.of(), List.of(), List.of(), false),
                        List.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Set.of(),
                        plan(0, false),
                        Set.of(),
                        Evaluation.Walk.COMPLETE));
        assertEquals(PolicyReasons.NO_TARGETS, cond(s, ConditionTypes.STALLED).getReason());
        assertEquals("True", cond(s, ConditionTypes.STALLED).getStatus());

        var empty = new RootAccessPolicyStatus();
        factory.summary(
                empty,
                1L,
                new Evaluation(
                        ConflictsTest.ABSENT,
                        new Targeting.Selection(
                                List.of(),
                                List.of(),
                                List.of("organizationalUnit ou-x-yyyyyyyy"),
                                true),
                        List.of(),
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Set.of(),
                        plan(0, false),
                        Set.of(),
                        Evaluation.Walk.COMPLETE));
        assertEquals(PolicyReasons.NO_ACCOUNTS, cond(empty, ConditionTypes.READY).getReason());
        assertTrue(cond(empty, ConditionTypes.READY).getMessage().contains("ou-x-yyyyyyyy"));
        assertEquals(List.of("organizationalUnit ou-x-yyyyyyyy"), empty.unknownTargets);
    }

    @Test
    void errorsMapToConditions() {
        var s = new RootAccessPolicyStatus();
        assertTrue(
                factory.error(
                        s,
                        1L,
                        new AwsException(
                                AwsErrorKind.THROTTLED,
                                "iam:ListOrganizationsFeatures",
                                "Throttling",
                                "Rate exceeded")));
        assertEquals("Throttled", cond(s, ConditionTypes.RECONCILING).getReason());
        assertFalse(
                factory.error(
                        s,
                        1L,
                        new AwsException(
                                AwsErrorKind.ACCESS_DENIED,
                                "organizations:EnableAWSServiceAccess",
                                "AccessDeniedException",
                                "no")));
        Condition stalled = cond(s, ConditionTypes.STALLED);
        assertEquals("True", stalled.getStatus());
        assertTrue(
                stalled.getMessage().contains("organizations:EnableAWSServiceAccess"),
                stalled.getMessage());
        assertEquals("False", cond(s, ConditionTypes.RECONCILING).getStatus());
    }
}
