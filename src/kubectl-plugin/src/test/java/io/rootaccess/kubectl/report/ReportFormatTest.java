package io.rootaccess.kubectl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.report.ReportRow.ExceptionEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The header's SHA-256 is what the documented shell command computes over the written file, in each
 * format; a changed body no longer matches it; cells with commas, quotes, pipes and new lines stay
 * one cell on one line.
 */
class ReportFormatTest {
    @TempDir Path dir;

    private static final ReportRow AWKWARD =
            new ReportRow(
                    "111100000001",
                    "ns",
                    "p",
                    "MemberAccountRootState/x",
                    "Absent (Password, AccessKeys)",
                    "Enforce",
                    "Blocked",
                    true,
                    1,
                    0,
                    0,
                    "2026-12-06T19:12:00Z",
                    null,
                    List.of(
                            new ExceptionEntry(
                                    "Blocked",
                                    null,
                                    "DeniedByServiceControlPolicy",
                                    "denied by \"DenyRoot\" | see\nthe SCP")),
                    List.of("ASIA1", "ASIA2"));

    private static RootCredentialsReport report() {
        return RootCredentialsReport.build(
                new Snapshot("ns", List.of(), List.of(), List.of()),
                Instant.parse("2026-12-06T19:25:00Z"),
                "0.1.0");
    }

    private static String render(ReportFormat f) {
        return f.render(report().header(), List.of(AWKWARD));
    }

    @Test
    void theShellCommandOfEachFormatRecomputesTheHeadersHash() throws Exception {
        assumeTrue(onPath("sha256sum") && onPath("jq"), "sha256sum and jq are needed");
        String[][] cases = {
            {
                "csv",
                "grep -v '^#' report.csv | sha256sum",
                "# sha256 of the lines not starting with '#': ([0-9a-f]{64})"
            },
            {"json", "jq -c .accounts report.json | sha256sum", "\"sha256\": \"([0-9a-f]{64})\""},
            {
                "md",
                "sed '1,/^<!-- body -->$/d' report.md | sha256sum",
                "after `<!-- body -->` \\| ([0-9a-f]{64}) \\|"
            }
        };
        for (String[] c : cases) {
            ReportFormat f = ReportFormat.parse(c[0]);
            String text = render(f);
            Files.writeString(dir.resolve("report." + c[0]), text, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile(c[2]).matcher(text);
            assertEquals(true, m.find(), "no hash in the " + c[0] + " header:\n" + text);
            assertEquals(m.group(1), shell(c[1]), c[0]);
            assertEquals(m.group(1), f.sha256(text), c[0]);
        }
    }

    @Test
    void aChangedBodyNoLongerMatchesTheHeader() {
        for (ReportFormat f : ReportFormat.values()) {
            String text = render(f);
            String tampered = text.replace("ASIA2", "ASIA3");
            assertNotEquals(f.sha256(text), f.sha256(tampered), f.name());
        }
    }

    @Test
    void awkwardCellsStayOneCellOnOneLine() {
        String csv = render(ReportFormat.CSV);
        assertEquals(
                "111100000001,ns,p,MemberAccountRootState/x,\"Absent (Password, AccessKeys)\",Enforce,"
                        + "Blocked,true,1,0,0,2026-12-06T19:12:00Z,,\"Blocked (DeniedByServiceControlPolicy):"
                        + " denied by \"\"DenyRoot\"\" | see the SCP\",ASIA1 ASIA2",
                csv.lines().toList().get(csv.lines().toList().size() - 1));
        String md = render(ReportFormat.MD);
        assertEquals(
                "| 111100000001 | ns | p | MemberAccountRootState/x | Absent (Password, AccessKeys) |"
                        + " Enforce | Blocked | yes | 1 | 0 | 0 | 2026-12-06T19:12:00Z |  | Blocked"
                        + " (DeniedByServiceControlPolicy): denied by \"DenyRoot\" \\| see the SCP |"
                        + " ASIA1 ASIA2 |",
                md.lines().toList().get(md.lines().toList().size() - 1));
    }

    private String shell(String command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("sh", "-c", command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.split("\\s+")[0];
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
