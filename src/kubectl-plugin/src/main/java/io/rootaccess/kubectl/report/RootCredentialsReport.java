package io.rootaccess.kubectl.report;

import io.rootaccess.kubectl.model.AccountState;
import io.rootaccess.kubectl.model.Condition;
import io.rootaccess.kubectl.model.Note;
import io.rootaccess.kubectl.model.Phases;
import io.rootaccess.kubectl.model.Policy;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.report.ReportRow.ExceptionEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * `kubectl rootaccess report`: the evidence an auditor asks for. One row per account under
 * management (each MemberAccountRootState) or left out of the policies that name it, with its
 * desired state, phase, the root credentials present by type as last audited, last audit, compliant
 * since, the exceptions (excluded, overridden, held, blocked... with the operator's reason) and the
 * session key ids of the removals; a header with the organization id, the time, the operator
 * version and the SHA-256 of the body, in CSV, JSON or Markdown ({@link ReportFormat}). `make demo`
 * writes it with this class.
 */
public final class RootCredentialsReport {
    /** Phases whose reason is an exception an auditor should see (Compliant is not). */
    private static final Set<String> EXCEPTIONAL_PHASES =
            Set.of("NonCompliant", "Scheduled", "Blocked", "Failed", "Refused");

    private final Header header;
    private final List<ReportRow> rows;

    /** The header's facts; {@code sha256} is computed per format over the body. */
    public record Header(
            String organizationId, String generatedAt, String operatorVersion, String scope) {}

    private RootCredentialsReport(Header header, List<ReportRow> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static RootCredentialsReport build(
            Snapshot s, Instant generatedAt, String operatorVersion) {
        List<String> orgs = s.organizationIds();
        Header header =
                new Header(
                        orgs.isEmpty() ? "unknown" : String.join(", ", orgs),
                        generatedAt.truncatedTo(ChronoUnit.SECONDS).toString(),
                        operatorVersion,
                        s.scope());
        List<ReportRow> rows = new ArrayList<>();
        Set<String> managed = new LinkedHashSet<>();
        for (AccountState a : s.accounts()) {
            if (a.accountId() == null) {
                continue;
            }
            managed.add(a.namespace() + "/" + a.accountId());
            rows.add(managedRow(s, a));
        }
        // accounts no resource manages in the namespace, but a policy names: excluded or in
        // conflict
        Map<String, List<Snapshot.PolicyNote>> unmanaged = new TreeMap<>();
        for (Policy p : s.policies()) {
            List<Note> notes = new ArrayList<>(p.excludedAccounts());
            p.attention().stream().filter(n -> "Conflict".equals(n.reason())).forEach(notes::add);
            for (Note n : notes) {
                if (n.accountId() != null
                        && !managed.contains(p.namespace() + "/" + n.accountId())) {
                    unmanaged
                            .computeIfAbsent(
                                    p.namespace() + "/" + n.accountId(), k -> new ArrayList<>())
                            .add(new Snapshot.PolicyNote(p, n));
                }
            }
        }
        unmanaged.forEach((key, notes) -> rows.add(unmanagedRow(key, notes)));
        rows.sort(
                Comparator.comparing(ReportRow::account)
                        .thenComparing(ReportRow::namespace)
                        .thenComparing(r -> r.resource() == null ? "" : r.resource()));
        return new RootCredentialsReport(header, List.copyOf(rows));
    }

    private static ReportRow managedRow(Snapshot s, AccountState a) {
        List<ExceptionEntry> exceptions = new ArrayList<>();
        if (a.removalCancelled()) {
            exceptions.add(
                    new ExceptionEntry("Held", null, "RemovalCancelled", a.removalCancelSource()));
        }
        if (a.holdUntil() != null || "OnHold".equals(a.phase())) {
            exceptions.add(
                    new ExceptionEntry(
                            "Held",
                            null,
                            "OnHold",
                            "held by PrivilegedRootTask "
                                    + a.holdTask()
                                    + " until "
                                    + a.holdUntil()));
        }
        Condition blocked = a.condition("BlockedByPolicy").filter(Condition::isTrue).orElse(null);
        if (blocked != null) {
            exceptions.add(
                    new ExceptionEntry("Blocked", null, blocked.reason(), blocked.message()));
        }
        Condition why =
                a.condition("Ready")
                        .or(() -> a.condition("Compliant").filter(c -> !c.isTrue()))
                        .orElse(null);
        if (a.phase() != null
                && EXCEPTIONAL_PHASES.contains(a.phase())
                && blocked == null
                && !(a.removalCancelled()
                        && why != null
                        && "RemovalCancelled".equals(why.reason()))) {
            exceptions.add(
                    new ExceptionEntry(
                            a.phase(),
                            null,
                            why == null ? a.phase() : why.reason(),
                            a.attention() != null
                                    ? a.attention()
                                    : why == null ? null : why.message()));
        }
        for (Snapshot.PolicyNote pn : s.exclusions(a.accountId())) {
            if (pn.policy().namespace().equals(a.namespace())) {
                exceptions.add(entry(pn));
            }
        }
        var c = a.credentials();
        Set<String> sessions = new LinkedHashSet<>();
        for (AccountState.Action x : a.lastActions()) {
            if (x.removal() && "Succeeded".equals(x.result()) && x.sessionAccessKeyId() != null) {
                sessions.add(x.sessionAccessKeyId());
            }
        }
        return new ReportRow(
                a.accountId(),
                a.namespace(),
                a.policy(),
                "MemberAccountRootState/" + a.name(),
                a.desiredDescription(),
                a.mode(),
                Phases.of(a),
                c == null ? null : c.passwordPresent(),
                c == null ? null : c.accessKeys(),
                c == null ? null : c.signingCertificates(),
                c == null ? null : c.mfaDevices(),
                a.lastAuditTime(),
                a.condition("Compliant")
                        .filter(Condition::isTrue)
                        .map(Condition::lastTransitionTime)
                        .orElse(null),
                List.copyOf(exceptions),
                List.copyOf(sessions));
    }

    private static ReportRow unmanagedRow(String key, List<Snapshot.PolicyNote> notes) {
        String namespace = key.substring(0, key.indexOf('/'));
        String account = key.substring(key.indexOf('/') + 1);
        List<ExceptionEntry> exceptions = notes.stream().map(RootCredentialsReport::entry).toList();
        boolean conflict = exceptions.stream().anyMatch(e -> "Conflict".equals(e.kind()));
        return new ReportRow(
                account,
                namespace,
                String.join(", ", notes.stream().map(n -> n.policy().name()).distinct().toList()),
                null,
                null,
                null,
                conflict ? "Conflict" : "Excluded",
                null,
                null,
                null,
                null,
                null,
                null,
                exceptions,
                List.of());
    }

    private static ExceptionEntry entry(Snapshot.PolicyNote pn) {
        String reason = pn.note().reason();
        String kind =
                switch (reason == null ? "" : reason) {
                    case "OverriddenByPolicy" -> "Overridden";
                    case "Conflict" -> "Conflict";
                    default -> "Excluded";
                };
        return new ExceptionEntry(kind, pn.policy().name(), reason, pn.note().message());
    }

    public Header header() {
        return header;
    }

    public List<ReportRow> rows() {
        return rows;
    }

    public String render(ReportFormat format) {
        return format.render(header, rows);
    }

    /** Writes the report in one format; returns the SHA-256 of its body. */
    public String write(Path file, ReportFormat format) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String text = render(format);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return format.sha256(text);
    }
}
