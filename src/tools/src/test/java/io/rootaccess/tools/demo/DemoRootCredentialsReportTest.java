package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxOrganization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's check of the root credentials report against the simulated organization: it passes
 * when every audited row matches the account's root user, names each column that does not, and
 * skips rows that make no claim (excluded accounts, never audited).
 */
class DemoRootCredentialsReportTest {
    @TempDir Path dir;
    private Sandbox sandbox;
    private SandboxOrganization org;

    @BeforeEach
    void organization() {
        sandbox = Sandbox.start(SandboxConfig.builder().seed(7).build());
        org = sandbox.organization();
        org.createAccount("111100000001", "with-password", org.rootId());
        org.rootUser("111100000001").setPassword(true);
        org.rootUser("111100000001").addMfaDevice();
        org.createAccount("111100000002", "clean", org.rootId());
        org.rootUser("111100000002").setPassword(false); // a new account has one
    }

    @AfterEach
    void close() {
        sandbox.close();
    }

    private Path report(String... rows) throws Exception {
        Path file = dir.resolve("root-credentials.json");
        Files.writeString(file, "{\"accounts\": [" + String.join(",", rows) + "]}");
        return file;
    }

    private static String row(String account, Boolean password, int keys, int certs, int mfa) {
        return "{\"account\":\""
                + account
                + "\",\"password\":"
                + password
                + ",\"accessKeys\":"
                + keys
                + ",\"signingCertificates\":"
                + certs
                + ",\"mfaDevices\":"
                + mfa
                + "}";
    }

    @Test
    void agreesWhenEveryAuditedRowMatchesTheRootUser() throws Exception {
        var c =
                DemoRootCredentialsReport.compare(
                        report(
                                row("111100000001", true, 0, 0, 1),
                                row("111100000002", false, 0, 0, 0),
                                "{\"account\":\"999999999999\",\"password\":null}"),
                        org);
        assertEquals(List.of(), c.differences());
        assertEquals(2, c.auditedRows());
    }

    @Test
    void namesEachColumnThatDiffers() throws Exception {
        var c =
                DemoRootCredentialsReport.compare(
                        report(
                                row("111100000001", false, 0, 0, 0),
                                row("111100000002", false, 1, 0, 0),
                                row("123456789012", false, 0, 0, 0)),
                        org);
        assertEquals(
                List.of(
                        "111100000001: password reported false, the organization has true",
                        "111100000001: mfaDevices reported 0, the organization has 1",
                        "111100000002: accessKeys reported 1, the organization has 0",
                        "123456789012: not in the simulated organization"),
                c.differences());
    }
}
