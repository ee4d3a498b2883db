package io.rootaccess.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure is one line on stderr starting "error: ", nothing on stdout, and its documented exit
 * code: no cluster (4), CRDs not installed (5), forbidden by RBAC or credentials rejected (6),
 * account or policy not found (7), usage (3).
 */
class PluginErrorsTest {
    @TempDir Path dir;

    private static void assertError(Run r, ExitCode code, String contains) {
        assertEquals("", r.out(), "stdout");
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(
                r.err().endsWith("\n") && r.err().indexOf('\n') == r.err().length() - 1,
                "one line: " + r.err());
        assertTrue(r.err().contains(contains), "expected '" + contains + "' in: " + r.err());
        assertEquals(code.code, r.exitCode(), r.err());
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void noApiServerListening() throws Exception {
        Path kubeconfig =
                MockCluster.kubeconfig(dir, "http://127.0.0.1:" + closedPort(), "root-access");
        Run r = Run.of("status", "--kubeconfig", kubeconfig.toString());
        assertError(
                r,
                ExitCode.NO_CLUSTER,
                "no cluster: cannot reach the Kubernetes API server at http://127.0.0.1:");
        // what happened, not the HTTP client's wrapper class
        assertTrue(r.err().endsWith("/: connection refused\n"), r.err());
    }

    @Test
    void kubeconfigFileMissing() {
        assertError(
                Run.of("status", "--kubeconfig", dir.resolve("absent").toString()),
                ExitCode.NO_CLUSTER,
                "no cluster: kubeconfig " + dir.resolve("absent") + " not found");
    }

    @Test
    void noKubeconfigAnywhere() {
        // what $KUBECONFIG would say, as a system property fabric8 reads first; no pod either
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", dir.resolve("none").toString());
        try {
            assertError(
                    Run.of(Map.of(), "status"),
                    ExitCode.NO_CLUSTER,
                    "no cluster: no kubeconfig found");
        } finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", before);
            }
        }
    }

    @Test
    void unknownContext() throws Exception {
        try (MockCluster cluster = MockCluster.start()) {
            assertError(
                    Run.of(
                            "status",
                            "--context",
                            "prod",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString()),
                    ExitCode.NO_CLUSTER,
                    "prod");
        }
    }

    @Test
    void crdsNotInstalled() throws Exception {
        // a real API server answers a resource it does not serve with 404 "404 page not found"
        try (MockCluster cluster =
                MockCluster.start(
                        r -> r.getPath().startsWith("/apis/rootaccess.io/"),
                        404,
                        "404 page not found")) {
            assertError(
                    Run.of(
                            "status",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString()),
                    ExitCode.CRDS_MISSING,
                    "does not serve rootaccesspolicies.rootaccess.io/v1alpha1: the"
                            + " root-access-operator CRDs are not installed");
        }
    }

    @Test
    void forbiddenByRbac() throws Exception {
        String message =
                "memberaccountrootstates.rootaccess.io is forbidden: User \\\"alice\\\" cannot list"
                        + " resource \\\"memberaccountrootstates\\\" in API group \\\"rootaccess.io\\\""
                        + " in the namespace \\\"root-access\\\"";
        try (MockCluster cluster =
                MockCluster.start(
                                r ->
                                        "GET".equals(r.getMethod())
                                                && r.getPath().contains("/memberaccountrootstates"),
                                403,
                                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                        + "\"message\":\""
                                        + message
                                        + "\",\"reason\":\"Forbidden\",\"code\":403}")
                        .load("demo.yaml")) {
            assertError(
                    Run.of(
                            "status",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString()),
                    ExitCode.FORBIDDEN,
                    "forbidden: memberaccountrootstates.rootaccess.io is forbidden: User \"alice\""
                            + " cannot list resource \"memberaccountrootstates\"");
        }
    }

    @Test
    void credentialsRejected() throws Exception {
        try (MockCluster cluster =
                MockCluster.start(
                        r -> true,
                        401,
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}")) {
            Run r =
                    Run.of(
                            "status",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString());
            assertError(r, ExitCode.FORBIDDEN, "unauthorized: the API server at " + cluster.url());
            assertTrue(!r.err().contains("test-token"), "the token is never printed: " + r.err());
        }
    }

    @Test
    void accountNotFound() throws Exception {
        try (MockCluster cluster = MockCluster.start().load("demo.yaml")) {
            assertError(
                    Run.of(
                            "why",
                            "123456789012",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString()),
                    ExitCode.NOT_FOUND,
                    "account 123456789012 not found: no RootAccessPolicy, MemberAccountRootState"
                            + " or PrivilegedRootTask in namespace root-access selects, excludes or"
                            + " names it (-A for all namespaces)");
        }
    }

    @Test
    void policyNotFound() throws Exception {
        try (MockCluster cluster = MockCluster.start().load("demo.yaml")) {
            assertError(
                    Run.of(
                            "plan",
                            "organisation-wide",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString()),
                    ExitCode.NOT_FOUND,
                    "RootAccessPolicy organisation-wide not found in namespace root-access");
        }
    }

    @Test
    void malformedAccountIdIsAUsageErrorBeforeAnyConnection() throws Exception {
        // the kubeconfig points nowhere: a usage error must not depend on the cluster
        Path nowhere = MockCluster.kubeconfig(dir, "http://127.0.0.1:" + closedPort(), null);
        assertError(
                Run.of("why", "12345", "--kubeconfig", nowhere.toString()),
                ExitCode.USAGE,
                "ACCOUNT_ID must be a 12-digit AWS account id, got '12345'");
    }

    @Test
    void usageErrors() {
        assertError(Run.of("statsu"), ExitCode.USAGE, "unknown command 'statsu'");
        assertError(
                Run.of("status", "-n", "a", "-A"), ExitCode.USAGE, "-n and -A exclude each other");
        assertError(Run.of("why"), ExitCode.USAGE, "why needs one ACCOUNT_ID");
        assertError(Run.of("plan", "a", "b"), ExitCode.USAGE, "plan needs one POLICY");
        assertError(
                Run.of("report", "--format", "xml"),
                ExitCode.USAGE,
                "--format must be csv, json or md");
        assertError(Run.of("status", "--format", "csv"), ExitCode.USAGE, "options of report");
        assertError(Run.of("status", "--bogus"), ExitCode.USAGE, "unknown option --bogus");
        assertError(Run.of("status", "-n"), ExitCode.USAGE, "-n needs a value");
    }

    @Test
    void helpListsEveryExitCode() {
        Run r = Run.of("--help");
        assertEquals(0, r.exitCode());
        for (ExitCode c : ExitCode.values()) {
            assertTrue(r.out().contains("  " + c.code + "  " + c.meaning + "\n"), c.name());
        }
    }

    @Test
    void reportStillWrittenWhenDeploymentsAreForbidden() throws Exception {
        try (MockCluster cluster =
                MockCluster.start(
                                r ->
                                        "GET".equals(r.getMethod())
                                                && r.getPath().startsWith("/apis/apps/v1/"),
                                403,
                                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                        + "\"message\":\"forbidden\",\"reason\":\"Forbidden\",\"code\":403}")
                        .load("demo.yaml")) {
            Run r =
                    Run.of(
                            "report",
                            "--kubeconfig",
                            cluster.kubeconfig(dir, "root-access").toString());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(
                    r.out()
                            .contains(
                                    "\n# operator version: unknown (Deployments cannot be read: HTTP 403)\n"),
                    r.out().lines().limit(7).toList().toString());
        }
    }
}
