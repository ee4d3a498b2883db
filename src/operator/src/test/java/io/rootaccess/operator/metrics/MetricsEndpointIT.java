package io.rootaccess.operator.metrics;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.Policies;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics of the real operator on the sandbox: after two policies converge, the account,
 * credential, AWS-call, pacing, session, task and JOSDK figures are there with the values the
 * resources show, no account id appears in any label, credentials that come back in a compliant
 * account are counted, and docs/metrics.md lists exactly the metric families the endpoint exports.
 */
@QuarkusTest
@Tag("own-jvm") // a JVM of its own: the execution metrics-in-own-jvm in the pom
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class MetricsEndpointIT {
    /** The repository's top folder (failsafe runs @QuarkusTests in the module's folder). */
    private static final Path REPO = Path.of(System.getProperty("repo.root", "../.."));

    static final String NS = "metrics";
    static String auditOu;
    static String absentOu;
    static String audited;
    static String removed;
    static String spare;

    @Inject KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        auditOu = org.createOrganizationalUnit(org.rootId(), "MetricsAudit");
        absentOu = org.createOrganizationalUnit(org.rootId(), "MetricsAbsent");
        audited = org.createAccount("metrics-audited", auditOu);
        spare = org.createAccount("metrics-spare", auditOu);
        removed = org.createAccount("metrics-removed", absentOu);
        var root = org.rootUser(audited);
        root.setPassword(true);
        root.addAccessKey(null);
        root.addMfaDevice();
        root.addSigningCertificate();
        org.rootUser(removed).setPassword(true);
    }

    /** Log records of the operator's own classes, with the MDC they were logged under. */
    static final List<Map<String, String>> records = new CopyOnWriteArrayList<>();

    @Test
    void exportsTheOperatorsFiguresWithBoundedLabelsAndTheDocumentListsExactlyThem()
            throws Exception {
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord record) {
                        if (record instanceof ExtLogRecord r
                                && r.getLoggerName() != null
                                && r.getLoggerName().startsWith("io.rootaccess")) {
                            Map<String, String> fields = new HashMap<>();
                            r.getMdcCopy().forEach((k, v) -> fields.put(k, String.valueOf(v)));
                            fields.put("message", r.getFormattedMessage());
                            records.add(fields);
                        }
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Namespaces.ensure(client, NS);
        create(policy("watch", RootCredentialsState.Audit, auditOu, s -> {}));
        create(
                policy(
                        "clean",
                        RootCredentialsState.Absent,
                        absentOu,
                        s -> s.rootCredentials.auditInterval = "2s"));
        PrivilegedRootTask task = new PrivilegedRootTask();
        task.setMetadata(new ObjectMetaBuilder().withName("unlock").withNamespace(NS).build());
        task.setSpec(new PrivilegedRootTaskSpec());
        task.getSpec().accountId = spare;
        task.getSpec().type = TaskType.UnlockS3BucketPolicy;
        task.getSpec().bucketName = "no-such-bucket";
        client.resource(task).create();

        String converged =
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                this::scrape,
                                s ->
                                        value(
                                                                s,
                                                                "rootaccess_accounts",
                                                                "namespace=\"metrics\",phase=\"Compliant\",policy=\"watch\"")
                                                        == 2
                                                && value(
                                                                s,
                                                                "rootaccess_accounts",
                                                                "namespace=\"metrics\",phase=\"Compliant\",policy=\"clean\"")
                                                        == 1
                                                && value(
                                                                        s,
                                                                        "rootaccess_tasks",
                                                                        "namespace=\"metrics\",phase=\"Failed\",type=\"UnlockS3BucketPolicy\"")
                                                                + value(
                                                                        s,
                                                                        "rootaccess_tasks",
                                                                        "namespace=\"metrics\",phase=\"Succeeded\",type=\"UnlockS3BucketPolicy\"")
                                                        == 1
                                                // the gauges count from the first refresh, 1 s
                                                // after start: also wait for the third audit
                                                && value(
                                                                s,
                                                                "rootaccess_root_sessions_opened_total",
                                                                "task_policy=\"IAMAuditRootUserCredentials\"")
                                                        >= 3);
        root.removeHandler(capture);
        // lines logged while an account reconciles carry its namespace, name and account id as
        // fields
        Map<String, String> remediation =
                records.stream()
                        .filter(r -> r.get("message").startsWith("account " + removed + ": "))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no remediation line for "
                                                        + removed
                                                        + " in "
                                                        + records.size()
                                                        + " records"));
        assertEquals(removed, remediation.get("accountId"), remediation.toString());
        assertEquals(NS, remediation.get("namespace"), remediation.toString());
        assertEquals(removed + "-clean", remediation.get("name"), remediation.toString());
        assertEquals("MemberAccountRootState", remediation.get("kind"), remediation.toString());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "metrics-endpoint-test.prom"), converged);

        // the account that keeps every credential (Audit) and the one that had its password removed
        for (String credential :
                List.of("password", "access_keys", "mfa_devices", "signing_certificates")) {
            assertEquals(
                    1,
                    value(
                            converged,
                            "rootaccess_accounts_holding_root_credential",
                            "credential=\""
                                    + credential
                                    + "\",namespace=\"metrics\",policy=\"watch\""),
                    credential);
            assertEquals(
                    0,
                    value(
                            converged,
                            "rootaccess_accounts_holding_root_credential",
                            "credential=\""
                                    + credential
                                    + "\",namespace=\"metrics\",policy=\"clean\""),
                    credential);
        }
        assertTrue(
                value(
                                converged,
                                "rootaccess_aws_calls_total",
                                "operation=\"AssumeRoot\",outcome=\"ok\",service=\"sts\"")
                        >= 3);
        assertTrue(
                value(
                                converged,
                                "rootaccess_aws_calls_total",
                                "operation=\"DeleteLoginProfile\",outcome=\"ok\",service=\"iam\"")
                        >= 1);
        assertTrue(
                value(
                                converged,
                                "rootaccess_root_sessions_opened_total",
                                "task_policy=\"IAMDeleteRootUserCredentials\"")
                        >= 1);
        assertTrue(
                value(
                                converged,
                                "rootaccess_root_sessions_opened_total",
                                "task_policy=\"IAMAuditRootUserCredentials\"")
                        >= 3);
        assertTrue(
                value(converged, "rootaccess_aws_pace_calls_per_second", "family=\"iam-root\"")
                        > 0);
        assertTrue(
                value(
                                converged,
                                "rootaccess_policy_condition",
                                "namespace=\"metrics\",policy=\"clean\",type=\"Ready\"")
                        == 1);
        assertEquals(
                0,
                value(
                        converged,
                        "rootaccess_policy_condition",
                        "namespace=\"metrics\",policy=\"clean\",type=\"Stalled\""));
        assertTrue(
                value(
                                converged,
                                "rootaccess_audit_oldest_age_seconds",
                                "namespace=\"metrics\",policy=\"watch\"")
                        >= 0);
        assertTrue(
                converged.contains("operator_sdk_reconciliations"),
                "JOSDK's reconcile metrics are wired in");
        // the version the build gave the operator (the pom's), not a placeholder
        String version = System.getProperty("project.version");
        assertEquals(
                1,
                value(converged, "rootaccess_operator_info", "version=\"" + version + "\""),
                "rootaccess_operator_info carries the pom's version " + version);
        for (String id : List.of(audited, removed, spare)) {
            assertFalse(converged.contains(id), "no label carries an account id: " + id);
        }

        // credentials come back in the compliant account: counted once the operator has seen and
        // removed them
        double before =
                value(
                        converged,
                        "rootaccess_root_credentials_reappeared_total",
                        "namespace=\"metrics\",policy=\"clean\"");
        sandbox().organization().rootUser(removed).setPassword(true);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                value(
                                        scrape(),
                                        "rootaccess_root_credentials_reappeared_total",
                                        "namespace=\"metrics\",policy=\"clean\""),
                        v -> v >= before + 1);

        String finalScrape = scrape();
        Set<String> exported = families(finalScrape);
        Set<String> documented = MetricsDoc.documented();
        Set<String> undocumented = new TreeSet<>(exported);
        undocumented.removeAll(documented);
        assertTrue(undocumented.isEmpty(), "exported but not in docs/metrics.md: " + undocumented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(exported);
        missing.removeAll(MetricsDoc.onlyOnceItHappens());
        assertTrue(missing.isEmpty(), "in docs/metrics.md but not exported: " + missing);

        // the chart's alert rules and dashboard query only what the operator exports
        Set<String> queryable = new TreeSet<>(exported);
        queryable.addAll(MetricsDoc.onlyOnceItHappens());
        for (Path file :
                List.of(
                        REPO.resolve("helm/root-access-operator/files/alerts.yaml"),
                        REPO.resolve("helm/root-access-operator/files/dashboard.json"))) {
            Set<String> named = MetricsDoc.metricsNamedIn(Files.readString(file));
            assertFalse(named.isEmpty(), file + " names no metric");
            Set<String> unknown = new TreeSet<>();
            for (String name : named) {
                String family = name.replaceAll("_(sum|count|bucket)$", "");
                if (!queryable.contains(name) && !queryable.contains(family)) {
                    unknown.add(name);
                }
            }
            assertTrue(
                    unknown.isEmpty(),
                    file + " names metrics the operator does not export: " + unknown);
        }
    }

    /**
     * The operator's own families (rootaccess_*, operator_sdk_*), as # TYPE lines name them;
     * counters under the name their samples carry (with _total), which is the name people query.
     */
    static Set<String> families(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                String name = parts[2];
                if (name.startsWith("rootaccess_") || name.startsWith("operator_sdk_")) {
                    names.add(
                            "counter".equals(parts[3]) && !name.endsWith("_total")
                                    ? name + "_total"
                                    : name);
                }
            }
        }
        return names;
    }

    /**
     * The value of the sample with exactly these labels (sorted, as Micrometer writes them); 0 when
     * absent.
     */
    static double value(String scrape, String name, String labels) {
        String prefix = name + "{" + labels + "} ";
        for (String line : scrape.split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    private String scrape() throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(metrics.toString()))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private void create(RootAccessPolicy p) {
        p.getMetadata().setNamespace(NS);
        client.resource(p).create();
    }

    static RootAccessPolicy policy(
            String name,
            RootCredentialsState state,
            String ou,
            Consumer<RootAccessPolicySpec> spec) {
        return Policies.policy(name).state(state).enforce().targetingOu(ou).spec(spec).build();
    }
}
