package io.rootaccess.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.kubectl.report.ReportFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each subcommand against an API server holding the resources of a `make demo` run (namespace
 * root-access) and the cases the demo does not reach (namespace payments: a denial by an SCP, a
 * notice, a cancelled removal, a conflict, a DryRun plan, running and failed tasks), through a
 * kubeconfig as against a cluster; the text is compared with golden files (fixed clock).
 */
class PluginCommandsTest {
    @TempDir static Path dir;
    private static MockCluster cluster;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start().load("demo.yaml", "payments.yaml");
        kubeconfig = cluster.kubeconfig(dir, "root-access");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--kubeconfig");
        all.add(kubeconfig.toString());
        return Run.of(all.toArray(String[]::new));
    }

    private static void golden(String file, int exitCode, String... args) throws Exception {
        Run r = run(args);
        assertEquals("", r.err(), "stderr of " + String.join(" ", args));
        Golden.assertMatches(file, r.out());
        assertEquals(exitCode, r.exitCode(), "exit code of " + String.join(" ", args));
    }

    @Test
    void statusOfTheContextsNamespace() throws Exception {
        golden("status.txt", 0, "status");
    }

    @Test
    void statusOfAllNamespaces() throws Exception {
        golden("status-all-namespaces.txt", 0, "status", "-A");
    }

    @Test
    void statusOfAnEmptyNamespaceSaysSo() throws Exception {
        golden("status-empty.txt", 0, "status", "-n", "nothing-here");
    }

    @Test
    void whyAnAccountOnHoldIsNotCompliant() throws Exception {
        golden("why-on-hold.txt", 0, "why", "999900000002");
    }

    @Test
    void whyAnAccountIsManagedByTheHigherPriorityPolicy() throws Exception {
        golden("why-overridden.txt", 0, "why", "999900000001");
    }

    @Test
    void whyTheManagementAccountIsNotManaged() throws Exception {
        golden("why-management-account.txt", 0, "why", "926039036331");
    }

    @Test
    void whyAHandWrittenAccountIsLeftAloneByThePolicies() throws Exception {
        golden("why-hand-written.txt", 0, "why", "999900000003");
    }

    @Test
    void whyAnAccountIsBlockedNamesTheScpAndTheAction() throws Exception {
        golden("why-blocked.txt", 0, "why", "111100000001", "-n", "payments");
    }

    @Test
    void whyNeitherPolicyActsOnAnAccountInConflict() throws Exception {
        golden("why-conflict.txt", 0, "why", "111100000005", "--namespace=payments");
    }

    @Test
    void whyInAllNamespacesShowsACancelledRemoval() throws Exception {
        golden("why-removal-cancelled.txt", 0, "why", "111100000003", "-A");
    }

    @Test
    void planOfAnEnforcedPolicyWithAHeldAccountExits2() throws Exception {
        golden("plan-organization-wide.txt", 2, "plan", "organization-wide");
    }

    @Test
    void planOfADryRunPolicyWithNothingToChangeExits0() throws Exception {
        golden("plan-sandbox-dryrun.txt", 0, "plan", "sandbox-dryrun");
    }

    @Test
    void planOfADryRunPolicyListsOrganizationAndAccountChanges() throws Exception {
        golden("plan-payments-dryrun.txt", 2, "plan", "payments-dryrun", "-n", "payments");
    }

    @Test
    void planCountsBlockedAndUnauditedAccountsAsNotKnown() throws Exception {
        golden("plan-payments-enforce.txt", 2, "plan", "payments-enforce", "-n", "payments");
    }

    @Test
    void reportInEachFormat() throws Exception {
        for (ReportFormat f : ReportFormat.values()) {
            golden("report." + f.extension(), 0, "report", "--format", f.extension());
        }
    }

    @Test
    void reportOfAllNamespaces() throws Exception {
        golden("report-all-namespaces.csv", 0, "report", "-A");
    }

    @Test
    void reportToAFileWritesWhatStdoutShowsAndSaysWhere() throws Exception {
        Path file = dir.resolve("evidence/report.json");
        Run r = run("report", "--format", "json", "--output", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.out());
        String expected = run("report", "--format", "json").out();
        assertEquals(expected, Files.readString(file));
        String sha = ReportFormat.JSON.sha256(expected);
        assertEquals(
                "report written to " + file + " (26 accounts, body sha256 " + sha + ")\n", r.err());
    }

    @Test
    void reportSaysWhyTheOperatorVersionIsUnknown() throws Exception {
        try (MockCluster bare = MockCluster.start().load("demo.yaml")) {
            Run r =
                    Run.of(
                            "report",
                            "--kubeconfig",
                            bare.kubeconfig(dir, "root-access").toString());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(
                    r.out()
                            .contains(
                                    "\n# operator version: unknown (no Deployment labelled"
                                            + " app.kubernetes.io/part-of=root-access-operator)\n"),
                    r.out().lines().limit(7).toList().toString());
        }
    }
}
