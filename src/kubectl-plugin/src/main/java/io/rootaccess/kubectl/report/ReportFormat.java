package io.rootaccess.kubectl.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootaccess.kubectl.report.RootCredentialsReport.Header;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's three formats. Each is a header and a body; the header carries the SHA-256 of the
 * body, computed as a shell recomputes it (docs/kubectl-plugin.md):
 *
 * <ul>
 *   <li>csv: the lines not starting with {@code #}: {@code grep -v '^#' report.csv | sha256sum}
 *   <li>json: the accounts array, compact: {@code jq -c .accounts report.json | sha256sum}
 *   <li>md: the lines after {@code <!-- body -->}: {@code sed '1,/^<!-- body -->$/d' report.md |
 *       sha256sum}
 * </ul>
 */
public enum ReportFormat {
    CSV {
        @Override
        String body(List<ReportRow> rows) {
            StringBuilder b = new StringBuilder();
            b.append(String.join(",", COLUMNS.stream().map(Column::key).toList())).append('\n');
            for (ReportRow r : rows) {
                b.append(
                                COLUMNS.stream()
                                        .map(c -> csv(c.csv().apply(r)))
                                        .collect(Collectors.joining(",")))
                        .append('\n');
            }
            return b.toString();
        }

        @Override
        String document(Header h, int accounts, String sha, String body) {
            return "# Root credentials report\n"
                    + "# organization: "
                    + h.organizationId()
                    + "\n# generated: "
                    + h.generatedAt()
                    + "\n# operator version: "
                    + h.operatorVersion()
                    + "\n# scope: "
                    + h.scope()
                    + "\n# accounts: "
                    + accounts
                    + "\n# sha256 of the lines not starting with '#': "
                    + sha
                    + "\n"
                    + body;
        }

        @Override
        public String body(String document) {
            return document.lines()
                    .filter(l -> !l.startsWith("#"))
                    .map(l -> l + "\n")
                    .collect(Collectors.joining());
        }
    },

    JSON {
        @Override
        String body(List<ReportRow> rows) {
            return compact(accounts(rows));
        }

        @Override
        String document(Header h, int accounts, String sha, String body) {
            try {
                ObjectNode root = MAPPER.createObjectNode();
                root.put("report", "RootCredentialsReport");
                root.put("organizationId", h.organizationId());
                root.put("generatedAt", h.generatedAt());
                root.put("operatorVersion", h.operatorVersion());
                root.put("scope", h.scope());
                root.put("accountCount", accounts);
                root.put("sha256", sha);
                root.put("sha256Of", "jq -c .accounts");
                root.set("accounts", MAPPER.readTree(body));
                return MAPPER.writer(PRETTY).writeValueAsString(root) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String body(String document) {
            try {
                return compact(MAPPER.readTree(document).path("accounts"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a JSON report: " + e.getMessage(), e);
            }
        }
    },

    MD {
        @Override
        String body(List<ReportRow> rows) {
            StringBuilder b = new StringBuilder();
            b.append(mdRow(COLUMNS.stream().map(Column::title).toList()));
            b.append(mdRow(COLUMNS.stream().map(c -> "---").toList()));
            for (ReportRow r : rows) {
                b.append(mdRow(COLUMNS.stream().map(c -> md(c.md().apply(r))).toList()));
            }
            return b.toString();
        }

        @Override
        String document(Header h, int accounts, String sha, String body) {
            return "# Root credentials report\n\n"
                    + "| | |\n|---|---|\n"
                    + "| Organization | "
                    + md(h.organizationId())
                    + " |\n| Generated | "
                    + md(h.generatedAt())
                    + " |\n| Operator version | "
                    + md(h.operatorVersion())
                    + " |\n| Scope | "
                    + md(h.scope())
                    + " |\n| Accounts | "
                    + accounts
                    + " |\n| SHA-256 of the lines after `<!-- body -->` | "
                    + sha
                    + " |\n\n"
                    + MD_MARKER
                    + "\n"
                    + body;
        }

        @Override
        public String body(String document) {
            int at = document.indexOf("\n" + MD_MARKER + "\n");
            if (at < 0) {
                throw new IllegalArgumentException("not a Markdown report: no " + MD_MARKER);
            }
            return document.substring(at + MD_MARKER.length() + 2);
        }
    };

    static final String MD_MARKER = "<!-- body -->";
    private static final ObjectMapper MAPPER =
            new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    /** Laid out as jq prints: two spaces, "key": value, one element per line, "\n" everywhere. */
    private static final DefaultPrettyPrinter PRETTY =
            new DefaultPrettyPrinter()
                    .withSeparators(
                            Separators.createDefaultInstance()
                                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /** One column: its key (CSV header, JSON field), its Markdown title and its cell values. */
    private record Column(
            String key,
            String title,
            Function<ReportRow, Object> csv,
            Function<ReportRow, Object> md) {
        Column(String key, String title, Function<ReportRow, Object> value) {
            this(key, title, value, value);
        }
    }

    private static final List<Column> COLUMNS =
            List.of(
                    new Column("account", "Account", ReportRow::account),
                    new Column("namespace", "Namespace", ReportRow::namespace),
                    new Column("policy", "Policy", ReportRow::policy),
                    new Column("resource", "Resource", ReportRow::resource),
                    new Column("desiredState", "Desired", ReportRow::desiredState),
                    new Column("mode", "Mode", ReportRow::mode),
                    new Column("phase", "Phase", ReportRow::phase),
                    new Column(
                            "password",
                            "Password",
                            ReportRow::password,
                            r -> r.password() == null ? null : r.password() ? "yes" : "no"),
                    new Column("accessKeys", "Access keys", ReportRow::accessKeys),
                    new Column(
                            "signingCertificates",
                            "Signing certificates",
                            ReportRow::signingCertificates),
                    new Column("mfaDevices", "MFA devices", ReportRow::mfaDevices),
                    new Column("lastAudit", "Last audit", ReportRow::lastAudit),
                    new Column("compliantSince", "Compliant since", ReportRow::compliantSince),
                    new Column(
                            "exceptions",
                            "Exceptions",
                            r ->
                                    r.exceptions().stream()
                                            .map(ReportRow.ExceptionEntry::text)
                                            .collect(Collectors.joining(" | ")),
                            r ->
                                    r.exceptions().stream()
                                            .map(ReportRow.ExceptionEntry::text)
                                            .collect(Collectors.joining("<br>"))),
                    new Column(
                            "removalSessionKeyIds",
                            "Removal sessions",
                            r -> String.join(" ", r.removalSessionKeyIds())));

    abstract String body(List<ReportRow> rows);

    abstract String document(Header h, int accounts, String sha, String body);

    /** The body of a rendered report, as the documented shell command extracts it. */
    public abstract String body(String document);

    /** The SHA-256 (hex) of a rendered report's body. */
    public String sha256(String document) {
        return sha256Hex(body(document));
    }

    String render(Header header, List<ReportRow> rows) {
        String body = body(rows);
        return document(header, rows.size(), sha256Hex(body), body);
    }

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReportFormat parse(String text) {
        for (ReportFormat f : values()) {
            if (f.extension().equalsIgnoreCase(text)) {
                return f;
            }
        }
        return null;
    }

    private static ArrayNode accounts(List<ReportRow> rows) {
        ArrayNode out = MAPPER.createArrayNode();
        for (ReportRow r : rows) {
            ObjectNode o = out.addObject();
            o.put("account", r.account());
            o.put("namespace", r.namespace());
            o.put("policy", r.policy());
            o.put("resource", r.resource());
            o.put("desiredState", r.desiredState());
            o.put("mode", r.mode());
            o.put("phase", r.phase());
            o.put("password", r.password());
            o.put("accessKeys", r.accessKeys());
            o.put("signingCertificates", r.signingCertificates());
            o.put("mfaDevices", r.mfaDevices());
            o.put("lastAudit", r.lastAudit());
            o.put("compliantSince", r.compliantSince());
            ArrayNode exceptions = o.putArray("exceptions");
            for (ReportRow.ExceptionEntry e : r.exceptions()) {
                ObjectNode x = exceptions.addObject();
                x.put("kind", e.kind());
                x.put("policy", e.policy());
                x.put("reason", e.reason());
                x.put("message", e.message());
            }
            ArrayNode sessions = o.putArray("removalSessionKeyIds");
            r.removalSessionKeyIds().forEach(sessions::add);
        }
        return out;
    }

    /** As {@code jq -c} prints it: no spaces, one trailing newline. */
    private static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String csv(Object value) {
        if (value == null) {
            return "";
        }
        // one record per line, so `grep -v '^#'` recomputes the hash
        String s = value.toString().replace("\r", " ").replace("\n", " ");
        if (s.contains(",") || s.contains("\"") || s.startsWith(" ") || s.endsWith(" ")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static String md(Object value) {
        if (value == null) {
            return "";
        }
        return value.toString().replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    private static String mdRow(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
