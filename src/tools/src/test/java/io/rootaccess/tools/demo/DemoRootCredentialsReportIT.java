package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootaccess.kubectl.report.ReportFormat;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxRootUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `make demo` (a small organization: the three named accounts and five generated ones) ends with
 * `kubectl rootaccess report` in csv, json and md, written by the plugin's code; its credential
 * columns agree with the sandbox's root users, each file's header hash matches its body, and the
 * csv says what the json says. Runs the packaged operator, so after `package` (failsafe).
 */
@Tag("system") // starts operator processes: the system tier (the module's pom)
class DemoRootCredentialsReportIT {
    @Test
    void theDemosReportAgreesWithTheSimulatedOrganization() throws Exception {
        Path dir = Path.of("target/demo-report-it");
        DemoSettings settings =
                DemoSettings.fromEnvironment(
                        Map.of("DEMO_ACCOUNTS", "8", "DEMO_REPORT_DIR", dir.toString()));
        // as `make demo` starts it: the management account's event queue on
        Sandbox sandbox = DemoOrganization.start(settings, Map.of("SANDBOX_EVENTS", "true"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int exit =
                DemoMain.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8), sandbox);
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(
                out.contains(
                        "demo: the report's root credentials match the simulated organization"),
                out);

        // the event source at work: a recovery allowed behind the operator's back, read from the
        // queue and repaired (fails when the operator gets no queue: no event, no repair in time)
        assertTrue(
                out.matches(
                        "(?s).*demo: event source: password recovery allowed in \\d{12} behind the"
                                + " operator's back, repaired [0-9.]+s after the event; events"
                                + " received [1-9]\\d*, handled [1-9]\\d* \\(recovery_allowed"
                                + " [1-9]\\d*\\).*"),
                out);
        assertTrue(out.contains("; 1 recovery allowed behind the operator's back, repaired"), out);
        JsonNode demoReport = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals(1, demoReport.path("summary").path("driftsRepairedFromEvents").asInt());
        JsonNode eventSource = demoReport.path("eventSource");
        String drifted = eventSource.path("account").asText();
        assertTrue(eventSource.path("repaired").asBoolean(), eventSource.toString());
        assertTrue(eventSource.path("recoveriesHandled").asLong() >= 1, eventSource.toString());
        assertEquals(false, sandbox.organization().rootUser(drifted).hasPassword(), drifted);

        Path json = dir.resolve("root-credentials.json");
        var comparison = DemoRootCredentialsReport.compare(json, sandbox.organization());
        assertEquals(List.of(), comparison.differences());
        // every member account the demo manages was audited (8 generated and named, minus the
        // suspended and excluded ones the policies list without credentials)
        assertTrue(comparison.auditedRows() >= 6, "audited rows: " + comparison.auditedRows());

        JsonNode accounts = new ObjectMapper().readTree(json.toFile()).path("accounts");
        for (ReportFormat f : ReportFormat.values()) {
            String text = Files.readString(dir.resolve("root-credentials." + f.extension()));
            assertTrue(text.contains(f.sha256(text)), f + ": the header's hash is the body's");
        }
        List<String> csv =
                Files.readAllLines(dir.resolve("root-credentials.csv")).stream()
                        .filter(l -> !l.startsWith("#"))
                        .toList();
        assertEquals(accounts.size() + 1, csv.size(), "one csv line per json row, and the header");
        for (JsonNode row : accounts) {
            String id = row.path("account").asText();
            String line =
                    csv.stream().filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow();
            // account,namespace,policy,resource,desiredState,mode,phase,password,accessKeys,
            // signingCertificates,mfaDevices: the credential columns, before any quoted cell
            List<String> cells = List.of(line.replaceAll("\"[^\"]*\"", "q").split(",", -1));
            if (row.path("password").isNull()) {
                assertEquals("", cells.get(7), id);
                continue;
            }
            SandboxRootUser truth = sandbox.organization().rootUser(id);
            assertEquals(String.valueOf(truth.hasPassword()), cells.get(7), id + " password");
            assertEquals(String.valueOf(truth.accessKeyIds().size()), cells.get(8), id + " keys");
            assertEquals(
                    String.valueOf(truth.signingCertificateIds().size()),
                    cells.get(9),
                    id + " certificates");
            assertEquals(
                    String.valueOf(truth.activeMfaSerials().size()), cells.get(10), id + " mfa");
        }
    }
}
