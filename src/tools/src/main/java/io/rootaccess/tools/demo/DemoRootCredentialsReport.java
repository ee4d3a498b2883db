package io.rootaccess.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.kubectl.cluster.ResourceReader;
import io.rootaccess.kubectl.report.ReportFormat;
import io.rootaccess.kubectl.report.RootCredentialsReport;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The end of `make demo`: `kubectl rootaccess report` in its three formats, written by the plugin's
 * own code (its ResourceReader and RootCredentialsReport) to
 * target/demo/root-credentials.{csv,json,md}, and the report's credential columns checked against
 * the simulated organization's truth.
 */
public final class DemoRootCredentialsReport {
    static final String BASE_NAME = "root-credentials";

    private DemoRootCredentialsReport() {}

    /** The three files, by format. */
    public static Map<ReportFormat, Path> write(
            KubernetesClient client, String namespace, Path dir, Path operatorJar, Instant now)
            throws IOException {
        RootCredentialsReport report =
                RootCredentialsReport.build(
                        new ResourceReader(client).read(namespace),
                        now,
                        operatorVersion(operatorJar));
        Map<ReportFormat, Path> files = new LinkedHashMap<>();
        for (ReportFormat format : ReportFormat.values()) {
            Path file = dir.resolve(BASE_NAME + "." + format.extension());
            report.write(file, format);
            files.put(format, file);
        }
        return files;
    }

    /**
     * Where the JSON report's credential columns differ from the sandbox's root users (empty: they
     * agree), and how many rows carried credentials. Reads the written file, so what is checked is
     * what an auditor gets.
     */
    public static Comparison compare(Path jsonReport, SandboxOrganization org) throws IOException {
        JsonNode accounts = new ObjectMapper().readTree(jsonReport.toFile()).path("accounts");
        List<String> differences = new ArrayList<>();
        int audited = 0;
        for (JsonNode row : accounts) {
            if (row.path("password").isNull() || row.path("password").isMissingNode()) {
                continue; // never audited (excluded): no claim to check
            }
            audited++;
            String id = row.path("account").asText();
            if (!org.accountIds().contains(id)) {
                differences.add(id + ": not in the simulated organization");
                continue;
            }
            SandboxRootUser truth = org.rootUser(id);
            check(
                    differences,
                    id,
                    "password",
                    row.path("password").asBoolean(),
                    truth.hasPassword());
            check(
                    differences,
                    id,
                    "accessKeys",
                    row.path("accessKeys").asInt(),
                    truth.accessKeyIds().size());
            check(
                    differences,
                    id,
                    "signingCertificates",
                    row.path("signingCertificates").asInt(),
                    truth.signingCertificateIds().size());
            check(
                    differences,
                    id,
                    "mfaDevices",
                    row.path("mfaDevices").asInt(),
                    truth.activeMfaSerials().size());
        }
        return new Comparison(audited, differences);
    }

    public record Comparison(int auditedRows, List<String> differences) {}

    private static void check(
            List<String> differences, String id, String column, Object reported, Object truth) {
        if (!reported.equals(truth)) {
            differences.add(
                    id
                            + ": "
                            + column
                            + " reported "
                            + reported
                            + ", the organization has "
                            + truth);
        }
    }

    /** The packaged operator's version (Implementation-Version of quarkus-run.jar). */
    static String operatorVersion(Path operatorJar) {
        try (JarFile jar = new JarFile(operatorJar.toFile())) {
            String v =
                    jar.getManifest() == null
                            ? null
                            : jar.getManifest()
                                    .getMainAttributes()
                                    .getValue("Implementation-Version");
            return v == null ? "unknown (no Implementation-Version in " + operatorJar + ")" : v;
        } catch (IOException e) {
            return "unknown (" + operatorJar + ": " + e.getMessage() + ")";
        }
    }
}
