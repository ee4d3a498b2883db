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
        c.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
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

    /** A full pass with nothing but the accounts to say. */
    void summary(RootAccessPolicyStatus s, Long generation, Evaluation e) {
        factory.passed(
                s,
                generation,
                new PolicyStatusFactory.Pass(
                        e,
                        e.desired() == null ? Mode.Enforce : e.desired().mode(),
                        List.of(),
                        true));
    }

    static Evaluation nothingSelected(Targeting.Selection selection) {
        return new Evaluation(
                ConflictsTest.ABSENT,
                selection,
                List.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                Set.of(),
                plan(0, false),
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
        summary(
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
        summary(
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
        summary(s, 1L, eval(Mode.Enforce, children, Map.of(), plan(0, false)));
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
        summary(s, 1L, e);
        assertEquals(
                "False",
                cond(s, ConditionTypes.READY).getStatus(),
                "not Ready before every tag is known");
        assertEquals(PolicyReasons.READING_TAGS, cond(s, ConditionTypes.RECONCILING).getReason());
        assertTrue(
                cond(s, ConditionTypes.RECONCILING).getMessage().contains("2 accounts left"),
                cond(s, ConditionTypes.RECONCILING).getMessage());

        summary(s, 1L, compliantSoFar);
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
        summary(s, 1L, e);
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
        summary(
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
        summary(
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
        summary(
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
        summary(
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
        summary(
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
    void noTargetsStallsAndAnEmptyMatchIsReadyUnlessItNamesWhatIsNotThere() {
        var s = new RootAccessPolicyStatus();
        summary(
                s,
                1L,
                nothingSelected(new Targeting.Selection(List.of(), List.of(), List.of(), false)));
        assertEquals(PolicyReasons.NO_TARGETS, cond(s, ConditionTypes.STALLED).getReason());
        assertEquals("True", cond(s, ConditionTypes.STALLED).getStatus());

        var empty = new RootAccessPolicyStatus();
        summary(
                empty,
                1L,
                nothingSelected(
                        new Targeting.Selection(
                                List.of(),
                                List.of(),
                                List.of("organizationalUnit ou-x-yyyyyyyy"),
                                true)));
        // the accounts alone would say Ready (NoAccountsSelected); a target that is not there
        // keeps it from Ready, with what the accounts said
        Condition unknown = cond(empty, ConditionTypes.STALLED);
        assertEquals(PolicyReasons.UNKNOWN_TARGET, unknown.getReason());
        assertTrue(
                unknown.getMessage().contains("ou-x-yyyyyyyy")
                        && unknown.getMessage().contains("the targets match no manageable"),
                unknown.getMessage());
        assertEquals(List.of("organizationalUnit ou-x-yyyyyyyy"), empty.unknownTargets);

        var none = new RootAccessPolicyStatus();
        summary(
                none,
                1L,
                nothingSelected(new Targeting.Selection(List.of(), List.of(), List.of(), true)));
        assertEquals(PolicyReasons.NO_ACCOUNTS, cond(none, ConditionTypes.READY).getReason());
        assertEquals("True", cond(none, ConditionTypes.READY).getStatus());
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

    static Evaluation withUnknown(Evaluation e, String... unknown) {
        var sel = e.selection();
        return new Evaluation(
                e.desired(),
                new Targeting.Selection(
                        sel.selected(), sel.excluded(), List.of(unknown), sel.declared()),
                e.owned(),
                e.ties(),
                e.yielded(),
                e.children(),
                e.handover(),
                e.plan(),
                e.tagsPending(),
                e.walk());
    }

    static Evaluation allCompliant() {
        return eval(
                Mode.Enforce,
                Map.of("1", child("1", AccountPhase.Compliant, false)),
                Map.of(),
                plan(0, false));
    }

    @Test
    void anUnknownTargetKeepsAReadyPolicyFromReadyWithThisPassesCounts() {
        var s = new RootAccessPolicyStatus();
        summary(s, 2L, withUnknown(allCompliant(), "account 999999999999"));
        Condition stalled = cond(s, ConditionTypes.STALLED);
        assertEquals("True", stalled.getStatus());
        assertEquals(PolicyReasons.UNKNOWN_TARGET, stalled.getReason());
        assertTrue(
                stalled.getMessage().contains("999999999999")
                        && stalled.getMessage().contains("(1 selected: 1 compliant"),
                stalled.getMessage());
        assertEquals(2L, cond(s, ConditionTypes.READY).getObservedGeneration());

        // fixed: the next pass decides from its own contributions, nothing is left of the last
        summary(s, 3L, allCompliant());
        assertEquals("True", cond(s, ConditionTypes.READY).getStatus());
        assertEquals(PolicyReasons.COMPLIANT, cond(s, ConditionTypes.READY).getReason());
        assertEquals("False", cond(s, ConditionTypes.STALLED).getStatus());
    }

    @Test
    void anUnknownExclusionStallsWhateverTheAccountsSayAndWithdrawsTheChildrensFence() {
        var s = new RootAccessPolicyStatus();
        summary(s, 1L, allCompliant());
        assertEquals(1L, s.childrenGeneration, "every child carries generation 1");
        summary(s, 2L, withUnknown(allCompliant(), "excluded account 999999999999"));
        assertEquals(PolicyReasons.UNKNOWN_EXCLUSION, cond(s, ConditionTypes.STALLED).getReason());
        assertTrue(cond(s, ConditionTypes.STALLED).getMessage().contains("999999999999"));
        assertNull(s.childrenGeneration, "held: no child may act");
    }

    @Test
    void theFenceMovesOnlyWhenEveryChildCarriesTheGeneration() {
        var s = new RootAccessPolicyStatus();
        summary(s, 1L, allCompliant());
        factory.passed(
                s,
                2L,
                new PolicyStatusFactory.Pass(allCompliant(), Mode.Enforce, List.of(), false));
        assertEquals(2L, s.observedGeneration);
        assertEquals(1L, s.childrenGeneration, "a child write was stale: still generation 1");
        factory.invalidSpec(s, 3L, "spec.rollout.maxInFlight must be at least 1", 1);
        assertNull(s.childrenGeneration);
        assertEquals(PolicyReasons.INVALID_SPEC, cond(s, ConditionTypes.STALLED).getReason());
        assertTrue(
                cond(s, ConditionTypes.STALLED).getMessage().contains("1 MemberAccountRootState"),
                cond(s, ConditionTypes.STALLED).getMessage());
    }

    @Test
    void aSwitchConflictStallsWithConflictTrueAndDryRunPlansOnlyRewordReady() {
        var s = new RootAccessPolicyStatus();
        factory.passed(
                s,
                1L,
                new PolicyStatusFactory.Pass(
                        allCompliant(),
                        Mode.Enforce,
                        List.of(
                                "policy ns/other wants trustedAccess Disabled, this policy Enabled"),
                        true));
        assertEquals(PolicyReasons.CONFLICT, cond(s, ConditionTypes.STALLED).getReason());
        assertEquals("True", cond(s, ConditionTypes.CONFLICT).getStatus());
        assertTrue(cond(s, ConditionTypes.CONFLICT).getMessage().contains("ns/other"));

        var dryRun = new RootAccessPolicyStatus();
        dryRun.plannedOrganizationChanges = List.of("enable trusted access for IAM");
        Evaluation planned =
                eval(
                        Mode.DryRun,
                        Map.of("1", child("1", AccountPhase.NonCompliant, false)),
                        Map.of(),
                        plan(0, false));
        factory.passed(
                dryRun, 1L, new PolicyStatusFactory.Pass(planned, Mode.DryRun, List.of(), true));
        Condition ready = cond(dryRun, ConditionTypes.READY);
        assertEquals("True", ready.getStatus());
        assertEquals(PolicyReasons.PLANNED, ready.getReason());
        assertTrue(
                ready.getMessage().startsWith("DryRun: organization switches planned, not changed")
                        && ready.getMessage().contains("every account audited and planned"),
                ready.getMessage());
        assertEquals("False", cond(dryRun, ConditionTypes.CONFLICT).getStatus());
    }

    @Test
    void theGuardsRefusalIsStalledWithTheSharedReason() {
        var s = new RootAccessPolicyStatus();
        factory.refused(
                s,
                4L,
                new io.rootaccess.operator.guard.OrganizationGuard.Refusal(
                        io.rootaccess.operator.reconcile.ErrorReasons.WRONG_ORGANIZATION,
                        "the operator's credentials see organization o-other"));
        assertEquals(4L, s.observedGeneration);
        assertEquals(
                io.rootaccess.operator.reconcile.ErrorReasons.WRONG_ORGANIZATION,
                cond(s, ConditionTypes.STALLED).getReason());
        assertEquals("False", cond(s, ConditionTypes.READY).getStatus());
    }
}
