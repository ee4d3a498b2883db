package io.rootaccess.tools.lab;

import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One look at the cluster: what the live table prints and what decides the demo is done. */
public record ClusterProgress(
        List<RootAccessPolicy> policies,
        List<MemberAccountRootState> accounts,
        List<PrivilegedRootTask> tasks) {

    /** Rows sorted by name, so consecutive tables differ only when something changed. */
    public ClusterProgress {
        policies =
                policies.stream()
                        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                        .toList();
        tasks =
                tasks.stream()
                        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
                        .toList();
    }

    public long readyPolicies() {
        return policies.stream()
                .filter(
                        p ->
                                p.getStatus() != null
                                        && Conditions.isTrue(
                                                p.getStatus().conditions, ConditionTypes.READY))
                .count();
    }

    /** Every policy Ready, every hand-written account resource Ready and every task finished. */
    public boolean done() {
        return !policies.isEmpty()
                && readyPolicies() == policies.size()
                && standaloneAccounts().allMatch(ClusterProgress::ready)
                && tasks.stream().allMatch(ClusterProgress::finished);
    }

    /** MemberAccountRootStates written by hand (no owning policy): no policy summarises them. */
    public Stream<MemberAccountRootState> standaloneAccounts() {
        return accounts.stream()
                .filter(
                        a ->
                                a.getMetadata().getOwnerReferences() == null
                                        || a.getMetadata().getOwnerReferences().isEmpty());
    }

    public static boolean ready(MemberAccountRootState a) {
        return a.getStatus() != null
                && Conditions.isTrue(a.getStatus().conditions, ConditionTypes.READY);
    }

    public static boolean finished(PrivilegedRootTask t) {
        return t.getStatus() != null
                && (t.getStatus().phase == TaskPhase.Succeeded
                        || t.getStatus().phase == TaskPhase.Failed);
    }

    /** Distinct accounts that some policy (or a hand-written resource) manages. */
    public long accountCount() {
        return accounts.stream().map(a -> a.getSpec().accountId).distinct().count();
    }

    public long compliantAccounts() {
        return accounts.stream()
                .filter(a -> a.getStatus() != null && a.getStatus().phase == AccountPhase.Compliant)
                .map(a -> a.getSpec().accountId)
                .distinct()
                .count();
    }

    public Map<AccountPhase, Long> phases() {
        Map<AccountPhase, Long> counts = new EnumMap<>(AccountPhase.class);
        for (MemberAccountRootState a : accounts) {
            AccountPhase phase =
                    a.getStatus() == null || a.getStatus().phase == null
                            ? AccountPhase.Pending
                            : a.getStatus().phase;
            counts.merge(phase, 1L, Long::sum);
        }
        return counts;
    }

    /** The live table: one line per policy, one per task, and the phases of every account. */
    public String render(long elapsedSeconds) {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "-- t=%ds: %d/%d policies Ready, %d/%d accounts compliant --%n",
                        elapsedSeconds,
                        readyPolicies(),
                        policies.size(),
                        compliantAccounts(),
                        accountCount()));
        out.append(
                String.format(
                        "   %-28s %-7s %-8s %8s %9s %8s %7s %8s%n",
                        "POLICY",
                        "MODE",
                        "READY",
                        "SELECTED",
                        "COMPLIANT",
                        "PROGRESS",
                        "BLOCKED",
                        "EXCLUDED"));
        for (RootAccessPolicy p : policies) {
            var s = p.getStatus();
            String ready =
                    s == null
                            ? "-"
                            : Conditions.find(s.conditions, ConditionTypes.READY)
                                    .map(c -> c.getStatus())
                                    .orElse("-");
            out.append(
                    String.format(
                            "   %-28s %-7s %-8s %8s %9s %8s %7s %8s%n",
                            p.getMetadata().getName(),
                            p.getSpec().mode,
                            ready,
                            n(s == null ? null : s.selected),
                            n(s == null ? null : s.compliant),
                            n(s == null ? null : s.inProgress),
                            n(s == null ? null : s.blocked),
                            n(s == null ? null : s.excluded)));
        }
        for (PrivilegedRootTask t : tasks) {
            out.append(
                    String.format(
                            "   task %-23s %-22s %-13s %s%n",
                            t.getMetadata().getName(),
                            t.getSpec().type,
                            t.getSpec().accountId,
                            t.getStatus() == null ? "Pending" : t.getStatus().phase));
        }
        out.append("   accounts by phase: ")
                .append(
                        phases().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(" ")))
                .append('\n');
        return out.toString();
    }

    private static String n(Integer v) {
        return v == null ? "-" : Objects.toString(v);
    }
}
