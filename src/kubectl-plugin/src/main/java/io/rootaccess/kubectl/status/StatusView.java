package io.rootaccess.kubectl.status;

import io.rootaccess.kubectl.model.AccountState;
import io.rootaccess.kubectl.model.Condition;
import io.rootaccess.kubectl.model.Note;
import io.rootaccess.kubectl.model.Phases;
import io.rootaccess.kubectl.model.Policy;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.model.Task;
import io.rootaccess.kubectl.text.Table;
import io.rootaccess.kubectl.text.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * `kubectl rootaccess status`: the organization at a glance. The policies with their mode and
 * counters, the accounts by phase, what needs a person and why (the policies' status.attention, a
 * stalled policy, a hand-written MemberAccountRootState in trouble, a failed task), and the tasks
 * in flight.
 */
public final class StatusView {
    /**
     * Phases of a hand-written MemberAccountRootState that need a person (a policy lists its own).
     */
    private static final Set<String> NEEDS_PERSON = Set.of("Blocked", "Failed", "Refused");

    private StatusView() {}

    public static String render(Snapshot s, Instant now) {
        StringBuilder out = new StringBuilder();
        if (s.empty()) {
            return "No RootAccessPolicy, MemberAccountRootState or PrivilegedRootTask in "
                    + s.scope()
                    + (s.allNamespaces() ? "" : " (-A for all namespaces)")
                    + ".\n";
        }
        out.append(organization(s)).append('\n');
        String switches = switches(s);
        if (switches != null) {
            out.append(switches).append('\n');
        }
        out.append('\n').append(policies(s));
        out.append('\n').append(accounts(s));
        out.append('\n').append(attention(s));
        out.append('\n').append(tasks(s, now));
        return out.toString();
    }

    private static String organization(Snapshot s) {
        List<String> ids = s.organizationIds();
        String where = " (" + s.scope() + ")";
        if (ids.isEmpty()) {
            return "Organization: not read yet (no policy has status.organizationId)" + where;
        }
        if (ids.size() > 1) {
            return "Organizations: "
                    + String.join(", ", ids)
                    + where
                    + ": the policies see different organizations; check the operators'"
                    + " credentials";
        }
        String management =
                s.policies().stream()
                        .map(Policy::managementAccountId)
                        .filter(m -> m != null)
                        .findFirst()
                        .map(m -> ", management account " + m)
                        .orElse("");
        return "Organization " + ids.get(0) + management + where;
    }

    /** The organization switches as last read (every policy reads the same organization). */
    private static String switches(Snapshot s) {
        return s.policies().stream()
                .filter(p -> p.trustedAccess() != null)
                .findFirst()
                .map(
                        p ->
                                "Trusted access for IAM: "
                                        + (p.trustedAccess() ? "on" : "off")
                                        + "; IAM features enabled: "
                                        + (p.enabledFeatures().isEmpty()
                                                ? "none"
                                                : String.join(", ", p.enabledFeatures()))
                                        + "; delegated administrator: "
                                        + (p.delegatedAdministrator() == null
                                                ? "none"
                                                : p.delegatedAdministrator()))
                .orElse(null);
    }

    private static String policies(Snapshot s) {
        if (s.policies().isEmpty()) {
            return "Policies: none\n";
        }
        Table t =
                Table.inScope(
                        s.allNamespaces(),
                        "POLICY",
                        "MODE",
                        "PRIORITY",
                        "DESIRED",
                        "READY",
                        "REASON",
                        "SELECTED",
                        "COMPLIANT",
                        "NONCOMPLIANT",
                        "INPROGRESS",
                        "BLOCKED",
                        "FAILED",
                        "EXCLUDED",
                        "WAITING");
        for (Policy p : s.policies()) {
            Condition ready = p.condition("Ready").orElse(null);
            Policy.Counts c = p.counts();
            List<Object> row =
                    new ArrayList<>(
                            List.of(
                                    p.name(),
                                    orDash(p.mode()),
                                    p.priority() == null ? "-" : p.priority(),
                                    p.desiredDescription(),
                                    ready == null ? "-" : ready.status(),
                                    ready == null ? "-" : orDash(ready.reason())));
            for (Integer n :
                    new Integer[] {
                        c.selected(),
                        c.compliant(),
                        c.nonCompliant(),
                        c.inProgress(),
                        c.blocked(),
                        c.failed(),
                        c.excluded(),
                        c.waiting()
                    }) {
                row.add(n == null ? "-" : n);
            }
            t.rowIn(p.namespace(), row.toArray());
        }
        return "Policies:\n" + t.render("  ");
    }

    private static String accounts(Snapshot s) {
        Map<String, Long> byPhase =
                s.accounts().stream()
                        .collect(
                                Collectors.groupingBy(
                                        Phases::of,
                                        () -> new TreeMap<>(Phases.ORDERING),
                                        Collectors.counting()));
        long handWritten = s.accounts().stream().filter(a -> a.policy() == null).count();
        return "Accounts: "
                + s.accounts().size()
                + " MemberAccountRootState"
                + (s.accounts().size() == 1 ? "" : "s")
                + (handWritten == 0 ? "" : " (" + handWritten + " written by hand)")
                + (byPhase.isEmpty()
                        ? ""
                        : ": "
                                + byPhase.entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .collect(Collectors.joining(", ")))
                + "\n";
    }

    private record Row(String namespace, String account, String where, String reason, String why) {}

    private static String attention(Snapshot s) {
        List<Row> rows = new ArrayList<>();
        for (Policy p : s.policies()) {
            String where = "RootAccessPolicy/" + p.name();
            p.condition("Stalled")
                    .filter(Condition::isTrue)
                    .ifPresent(
                            c ->
                                    rows.add(
                                            row(
                                                    p.namespace(),
                                                    null,
                                                    where,
                                                    c.reason(),
                                                    c.message())));
            for (Note n : p.attention()) {
                rows.add(row(p.namespace(), n.accountId(), where, n.reason(), n.message()));
            }
            if (p.attentionTruncated()) {
                rows.add(
                        row(
                                p.namespace(),
                                null,
                                where,
                                "More",
                                "the list is bounded: more accounts need attention (kubectl get"
                                        + " mars -l rootaccess.io/policy="
                                        + p.name()
                                        + ")"));
            }
        }
        for (AccountState a : s.accounts()) {
            if (a.policy() == null
                    && ((a.phase() != null && NEEDS_PERSON.contains(a.phase()))
                            || a.attention() != null)) {
                Condition ready = a.condition("Ready").orElse(null);
                rows.add(
                        row(
                                a.namespace(),
                                a.accountId(),
                                "MemberAccountRootState/" + a.name(),
                                ready == null ? a.phase() : ready.reason(),
                                a.attention() != null
                                        ? a.attention()
                                        : ready == null ? null : ready.message()));
            }
        }
        for (Task t : s.tasks()) {
            if ("Failed".equals(t.phase())) {
                Condition ready = t.condition("Ready").orElse(null);
                rows.add(
                        row(
                                t.namespace(),
                                t.accountId(),
                                "PrivilegedRootTask/" + t.name(),
                                ready == null ? "Failed" : ready.reason(),
                                t.message()));
            }
        }
        if (rows.isEmpty()) {
            return "Needs a person: nothing\n";
        }
        rows.sort(
                Comparator.comparing(Row::namespace)
                        .thenComparing(r -> r.account() == null ? "" : r.account())
                        .thenComparing(Row::where));
        Table t = Table.inScope(s.allNamespaces(), "ACCOUNT", "RESOURCE", "REASON", "MESSAGE");
        for (Row r : rows) {
            t.rowIn(r.namespace(), r.account(), r.where(), r.reason(), r.why());
        }
        return "Needs a person (" + rows.size() + "):\n" + t.render("  ");
    }

    private static Row row(String ns, String account, String where, String reason, String why) {
        return new Row(
                ns, account, where, orDash(reason), why == null || why.isBlank() ? "-" : why);
    }

    private static String tasks(Snapshot s, Instant now) {
        List<Task> inFlight = s.tasks().stream().filter(Task::inFlight).toList();
        Map<String, Long> finished =
                s.tasks().stream()
                        .filter(t -> !t.inFlight())
                        .collect(
                                Collectors.groupingBy(
                                        Task::phase, TreeMap::new, Collectors.counting()));
        String done =
                finished.isEmpty()
                        ? ""
                        : " ("
                                + finished.values().stream().mapToLong(Long::longValue).sum()
                                + " finished: "
                                + finished.entrySet().stream()
                                        .map(e -> e.getValue() + " " + e.getKey())
                                        .collect(Collectors.joining(", "))
                                + ")";
        if (inFlight.isEmpty()) {
            return "Tasks in flight: none" + done + "\n";
        }
        Table t =
                Table.inScope(
                        s.allNamespaces(), "TASK", "TYPE", "ACCOUNT", "TARGET", "PHASE", "STARTED");
        for (Task task : inFlight) {
            Condition ready = task.condition("Ready").orElse(null);
            String phase =
                    Phases.of(task)
                            + (ready != null
                                            && ready.reason() != null
                                            && !ready.reason().equals(task.phase())
                                    ? " (" + ready.reason() + ")"
                                    : "");
            String age =
                    task.startTime() == null ? "-" : Times.since(task.startTime(), now) + " ago";
            t.rowIn(
                    task.namespace(),
                    task.name(),
                    task.type(),
                    task.accountId(),
                    task.target(),
                    phase,
                    age);
        }
        return "Tasks in flight (" + inFlight.size() + ")" + done + ":\n" + t.render("  ");
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
