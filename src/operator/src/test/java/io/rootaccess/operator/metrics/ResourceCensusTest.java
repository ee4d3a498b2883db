package io.rootaccess.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.account.ObservedRootCredentials;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The census: phases, credentials, blocked time, audits, and credentials reappearing between two
 * counts.
 */
class ResourceCensusTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    static MemberAccountRootState account(
            String name, String policy, AccountPhase phase, String hash) {
        MemberAccountRootState m = new MemberAccountRootState();
        m.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace("ns")
                        .withUid("uid-" + name)
                        .withLabels(Map.of(ApiGroup.LABEL_POLICY, policy))
                        .build());
        m.setStatus(new MemberAccountRootStateStatus());
        m.getStatus().phase = phase;
        m.getStatus().convergedSpecHash = hash;
        return m;
    }

    static double value(ResourceCensus.Result r, String metric, Map<String, String> tags) {
        return r.gauges().stream()
                .filter(s -> s.metric().equals(metric) && s.tags().equals(tags))
                .mapToDouble(ResourceCensus.Sample::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    @Test
    void countsPhasesCredentialsBlockedTimeAndAudits() {
        MemberAccountRootState compliant = account("a", "p", AccountPhase.Compliant, "h");
        compliant.getStatus().lastAuditTime = "2026-06-01T09:00:00Z";
        compliant.getStatus().nextAuditTime = "2026-06-01T10:00:00Z"; // two hours late: overdue
        MemberAccountRootState blocked = account("b", "p", AccountPhase.Blocked, "h");
        blocked.getStatus().credentials = new ObservedRootCredentials();
        blocked.getStatus().credentials.passwordPresent = true;
        blocked.getStatus().credentials.mfaDevicesPresent = 2;
        blocked.getStatus().conditions =
                List.of(
                        new Condition(
                                "2026-06-01T11:00:00Z",
                                "denied",
                                1L,
                                "BlockedByPolicy",
                                "True",
                                "BlockedByPolicy"));
        blocked.getStatus().lastAuditTime = "2026-06-01T11:30:00Z";
        blocked.getStatus().nextAuditTime = "2026-06-01T12:30:00Z";
        RootAccessPolicy policy = new RootAccessPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").build());

        var r =
                new ResourceCensus()
                        .count(List.of(policy), List.of(compliant, blocked), List.of(), NOW);
        assertEquals(
                1,
                value(
                        r,
                        ResourceMetrics.ACCOUNTS,
                        Map.of("namespace", "ns", "policy", "p", "phase", "Compliant")));
        assertEquals(
                1,
                value(
                        r,
                        ResourceMetrics.ACCOUNTS,
                        Map.of("namespace", "ns", "policy", "p", "phase", "Blocked")));
        assertEquals(
                0,
                value(
                        r,
                        ResourceMetrics.ACCOUNTS,
                        Map.of("namespace", "ns", "policy", "p", "phase", "Failed")));
        assertEquals(
                1,
                value(
                        r,
                        ResourceMetrics.HOLDING,
                        Map.of("namespace", "ns", "policy", "p", "credential", "password")));
        assertEquals(
                1,
                value(
                        r,
                        ResourceMetrics.HOLDING,
                        Map.of("namespace", "ns", "policy", "p", "credential", "mfa_devices")));
        assertEquals(
                0,
                value(
                        r,
                        ResourceMetrics.HOLDING,
                        Map.of("namespace", "ns", "policy", "p", "credential", "access_keys")));
        assertEquals(
                3600,
                value(
                        r,
                        ResourceMetrics.BLOCKED_LONGEST,
                        Map.of("namespace", "ns", "policy", "p")));
        assertEquals(
                3 * 3600,
                value(r, ResourceMetrics.OLDEST_AUDIT, Map.of("namespace", "ns", "policy", "p")));
        assertEquals(
                1, value(r, ResourceMetrics.OVERDUE, Map.of("namespace", "ns", "policy", "p")));
        assertEquals(
                0,
                value(
                        r,
                        ResourceMetrics.POLICY_CONDITION,
                        Map.of("namespace", "ns", "policy", "p", "type", "Stalled")));
        assertTrue(r.reappeared().isEmpty(), "nothing to compare with on the first count");
    }

    @Test
    void credentialsReappearingInACompliantAccountAreCountedOnceAndNotForASpecChange() {
        ResourceCensus census = new ResourceCensus();
        census.count(
                List.of(),
                List.of(
                        account("a", "p", AccountPhase.Compliant, "h1"),
                        account("b", "p", AccountPhase.Compliant, "h1"),
                        account("c", "p", AccountPhase.Compliant, "h1")),
                List.of(),
                NOW);

        MemberAccountRootState drifted =
                account("a", "p", AccountPhase.NonCompliant, "h1"); // an audit found them
        MemberAccountRootState fixed =
                account("b", "p", AccountPhase.Compliant, "h1"); // found and removed in one pass
        ActionRecord removal = new ActionRecord();
        removal.action = "iam:DeleteLoginProfile";
        removal.time = NOW.plusSeconds(5).toString();
        fixed.getStatus().lastActions = List.of(removal);
        MemberAccountRootState respecified =
                account("c", "p", AccountPhase.InProgress, "h2"); // a new spec, not drift
        var second =
                census.count(
                        List.of(),
                        List.of(drifted, fixed, respecified),
                        List.of(),
                        NOW.plusSeconds(10));
        assertEquals(Map.of(Map.of("namespace", "ns", "policy", "p"), 2), second.reappeared());

        var third =
                census.count(
                        List.of(),
                        List.of(drifted, fixed, respecified),
                        List.of(),
                        NOW.plusSeconds(20));
        assertTrue(
                third.reappeared().isEmpty(),
                "the same state is not counted again: " + third.reappeared());
    }

    @Test
    void scheduledRemovalsGiveThePolicysEarliestTimeAndOptInPerAccountSeries() {
        MemberAccountRootState late = account("late", "p", AccountPhase.Scheduled, "h");
        late.getStatus().scheduledAt = "2026-06-08T12:00:00Z";
        late.setSpec(new io.rootaccess.operator.api.account.MemberAccountRootStateSpec());
        late.getSpec().accountId = "111111111111";
        MemberAccountRootState early = account("early", "p", AccountPhase.Scheduled, "h");
        early.getStatus().scheduledAt = "2026-06-03T12:00:00Z";
        early.setSpec(new io.rootaccess.operator.api.account.MemberAccountRootStateSpec());
        early.getSpec().accountId = "222222222222";
        // a DryRun account shows a scheduledAt but is not Scheduled: no owner is paged for it
        MemberAccountRootState dryRun = account("dry", "p", AccountPhase.NonCompliant, "h");
        dryRun.getStatus().scheduledAt = "2026-06-02T00:00:00Z";
        MemberAccountRootState other = account("c", "q", AccountPhase.Compliant, "h");
        List<MemberAccountRootState> all = List.of(late, early, dryRun, other);

        var bounded = new ResourceCensus().count(List.of(), all, List.of(), NOW);
        Map<String, String> p = Map.of("namespace", "ns", "policy", "p");
        assertEquals(
                Instant.parse("2026-06-03T12:00:00Z").getEpochSecond(),
                value(bounded, ResourceMetrics.REMOVAL_SCHEDULED_EARLIEST, p));
        assertTrue(
                Double.isNaN(
                        value(
                                bounded,
                                ResourceMetrics.REMOVAL_SCHEDULED_EARLIEST,
                                Map.of("namespace", "ns", "policy", "q"))),
                "no series for a policy without Scheduled accounts");
        assertEquals(
                2,
                value(
                        bounded,
                        ResourceMetrics.ACCOUNTS,
                        Map.of("namespace", "ns", "policy", "p", "phase", "Scheduled")));
        assertTrue(
                bounded.gauges().stream()
                        .noneMatch(
                                s -> s.metric().equals(ResourceMetrics.ACCOUNT_REMOVAL_SCHEDULED)),
                "no account-id label by default");

        var labelled = new ResourceCensus(true).count(List.of(), all, List.of(), NOW);
        assertEquals(
                Instant.parse("2026-06-08T12:00:00Z").getEpochSecond(),
                value(
                        labelled,
                        ResourceMetrics.ACCOUNT_REMOVAL_SCHEDULED,
                        Map.of("namespace", "ns", "policy", "p", "account_id", "111111111111")));
        assertEquals(
                2,
                labelled.gauges().stream()
                        .filter(s -> s.metric().equals(ResourceMetrics.ACCOUNT_REMOVAL_SCHEDULED))
                        .count(),
                "one series per Scheduled account only");
    }
}
