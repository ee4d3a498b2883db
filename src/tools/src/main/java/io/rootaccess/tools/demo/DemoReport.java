package io.rootaccess.tools.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import io.rootaccess.tools.lab.ClusterProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * target/demo/report.json: every resource of the three kinds, the sandbox's final root-credential
 * state per account, and the sandbox's call counts per API. Holds ids only, never secrets.
 */
final class DemoReport {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final KubernetesClient client;
    private final Sandbox sandbox;
    private java.util.Optional<DemoEventDrift.Result> eventDrift = java.util.Optional.empty();

    DemoReport(KubernetesClient client, Sandbox sandbox) {
        this.client = client;
        this.sandbox = sandbox;
    }

    /** The event source's drift and repair (DemoEventDrift), counted in the summary. */
    DemoReport eventDrift(java.util.Optional<DemoEventDrift.Result> drift) {
        this.eventDrift = drift;
        return this;
    }

    /** One poll of the demo: seconds since start, AssumeRoot and all calls so far, compliant. */
    record Sample(double seconds, long assumeRoot, long calls, long compliant) {}

    Path write(Path dir, ClusterProgress progress, double seconds) throws IOException {
        return write(dir, progress, seconds, List.of());
    }

    Path write(Path dir, ClusterProgress progress, double seconds, List<Sample> timeline)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("policies", progress.policies().size());
        summary.put("policiesReady", progress.readyPolicies());
        summary.put("accounts", progress.accountCount());
        summary.put("accountsCompliant", progress.compliantAccounts());
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        summary.put("done", progress.done());
        summary.put(
                "driftsRepairedFromEvents",
                eventDrift.filter(DemoEventDrift.Result::repaired).isPresent() ? 1 : 0);
        eventDrift.ifPresent(
                d -> {
                    ObjectNode e = root.putObject("eventSource");
                    e.put("account", d.accountId());
                    e.put("repaired", d.repaired());
                    d.repairSeconds().ifPresent(s -> e.put("secondsFromEventToRepaired", s));
                    e.put("eventsReceived", d.eventsReceived());
                    e.put("eventsHandled", d.eventsHandled());
                    e.put("recoveriesHandled", d.recoveriesHandled());
                });
        // the whole demo process (sandbox and embedded API server included): an upper bound of the
        // operator's heap
        System.gc();
        summary.put(
                "heapUsedAfterGcBytes",
                java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getUsed());

        ObjectNode resources = root.putObject("resources");
        resources.set("RootAccessPolicy", JSON.valueToTree(progress.policies()));
        resources.set("MemberAccountRootState", JSON.valueToTree(progress.accounts()));
        resources.set("PrivilegedRootTask", JSON.valueToTree(progress.tasks()));

        ObjectNode accounts = root.putObject("sandboxRootCredentials");
        SandboxOrganization org = sandbox.organization();
        for (String id : new java.util.TreeSet<>(org.accountIds())) {
            SandboxRootUser user = org.rootUser(id);
            ObjectNode a = accounts.putObject(id);
            a.put("password", user.hasPassword());
            a.set("accessKeys", JSON.valueToTree(user.accessKeyIds()));
            a.set("signingCertificates", JSON.valueToTree(user.signingCertificateIds()));
            a.set("mfaDevices", JSON.valueToTree(user.activeMfaSerials()));
        }
        root.set("sandboxCalls", JSON.valueToTree(new TreeMap<>(sandbox.calls().snapshot())));
        root.set("sandboxOutcomes", JSON.valueToTree(sandbox.calls().byOutcome()));
        root.set("timeline", JSON.valueToTree(timeline));

        Files.createDirectories(dir);
        Path file = dir.resolve("report.json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }

    /** Why the demo is not done, for the failure line. */
    static String notReadyReasons(ClusterProgress progress) {
        List<String> reasons = new ArrayList<>();
        for (var p : progress.policies()) {
            var ready =
                    p.getStatus() == null
                            ? null
                            : Conditions.find(p.getStatus().conditions, ConditionTypes.READY)
                                    .orElse(null);
            if (ready == null || !ConditionTypes.TRUE.equals(ready.getStatus())) {
                reasons.add(
                        "policy "
                                + p.getMetadata().getName()
                                + " not Ready"
                                + (ready == null
                                        ? ""
                                        : " ("
                                                + ready.getReason()
                                                + ": "
                                                + ready.getMessage()
                                                + ")"));
            }
        }
        progress.standaloneAccounts()
                .filter(a -> !ClusterProgress.ready(a))
                .forEach(
                        a ->
                                reasons.add(
                                        "account "
                                                + a.getMetadata().getName()
                                                + " not Ready ("
                                                + (a.getStatus() == null
                                                        ? "no status"
                                                        : a.getStatus().phase + readyMessage(a))
                                                + ")"));
        progress.tasks().stream()
                .filter(t -> !ClusterProgress.finished(t))
                .forEach(t -> reasons.add("task " + t.getMetadata().getName() + " not finished"));
        long failing =
                progress.accounts().stream()
                        .filter(
                                a ->
                                        a.getStatus() != null
                                                && (a.getStatus().phase == AccountPhase.Blocked
                                                        || a.getStatus().phase
                                                                == AccountPhase.Failed))
                        .count();
        if (failing > 0) {
            reasons.add(failing + " accounts Blocked or Failed (see report.json)");
        }
        return String.join("; ", reasons);
    }

    private static String readyMessage(MemberAccountRootState a) {
        return Conditions.find(a.getStatus().conditions, ConditionTypes.READY)
                .map(c -> ": " + c.getMessage())
                .orElse("");
    }
}
