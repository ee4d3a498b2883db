package io.rootaccess.tools.steady;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SecondPrincipal;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * `make steady`: what the operator costs and how fast it repairs once everything is compliant,
 * without and with the management account's event source. Per mode: a fresh demo organization
 * (STEADY_ACCOUNTS accounts, the sandbox with its event queue in the events mode), one packaged
 * operator with its audit intervals and root session lifetime scaled down as a day is to
 * STEADY_DAY_SECONDS (1h audits run every 2.5 s, the daily audit of compliant accounts every 60 s,
 * a 900 s session lives 1 s), the manifests converged; then a quiet period whose root sessions (the
 * sandbox's sts:AssumeRoot calls in the compliant accounts) are counted; then STEADY_DRIFTS
 * compliant accounts get password recovery allowed by a second principal of the management account,
 * and the time until the sandbox shows each login profile gone again is measured.
 */
public final class SteadyRun {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Both modes' figures, and where the results are. */
    public record Result(SteadyFigures.Mode without, SteadyFigures.Mode with, Path results) {
        /** The goals hold with the event source (without it they are reported, not required). */
        public boolean passed() {
            return with.meetsGoals();
        }

        public String line() {
            return String.format(
                    Locale.ROOT,
                    "steady: %d compliant accounts, a day scaled to %ds: %.2f root sessions per"
                            + " account per day without events, %.2f with; %d drifts repaired in"
                            + " median %s / max %s without events, median %s / max %s with"
                            + " (%d/%d repaired) - goals %s",
                    with.compliantAccounts(),
                    with.scaledDay().toSeconds(),
                    without.sessionsPerAccountPerDay(),
                    with.sessionsPerAccountPerDay(),
                    with.drifts(),
                    SteadyFigures.seconds(without.medianRepair()),
                    SteadyFigures.seconds(without.maxRepair()),
                    SteadyFigures.seconds(with.medianRepair()),
                    SteadyFigures.seconds(with.maxRepair()),
                    with.repairs().size(),
                    with.drifts(),
                    passed() ? "met" : "MISSED");
        }
    }

    private final SteadySettings settings;
    private final PrintStream log;

    public SteadyRun(SteadySettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws Exception {
        Files.createDirectories(settings.reportDir());
        log.printf(
                "steady: %d accounts, %d drifts; a day runs as %ds (audit interval 1h scaled to"
                        + " %s, the compliant accounts' daily audit to %s, a 900 s root session to"
                        + " 1 s), quiet period %d scaled days%n",
                settings.accounts(),
                settings.drifts(),
                settings.scaledDay().toSeconds(),
                settings.scaled(Duration.ofHours(1)),
                settings.scaled(Duration.ofHours(24)),
                settings.quietDays());
        SteadyFigures.Mode without = mode(false);
        log.println("steady: " + without.summary());
        SteadyFigures.Mode with = mode(true);
        log.println("steady: " + with.summary());
        Result result = new Result(without, with, settings.reportDir().resolve("results.json"));
        ObjectNode root = JSON.createObjectNode();
        root.put("line", result.line());
        root.put("passed", result.passed());
        ObjectNode conf = root.putObject("settings");
        conf.put("accounts", settings.accounts());
        conf.put("drifts", settings.drifts());
        conf.put("scaledDaySeconds", settings.scaledDay().toSeconds());
        conf.put("scaledAuditIntervalMillis", settings.scaled(Duration.ofHours(1)).toMillis());
        conf.put("quietScaledDays", settings.quietDays());
        conf.put("recoverySessionSeconds", settings.sessionSeconds());
        conf.put("repairTimeoutSeconds", settings.repairTimeout().toSeconds());
        conf.put("cores", Runtime.getRuntime().availableProcessors());
        root.set("withoutEvents", json(without));
        root.set("withEvents", json(with));
        JSON.writeValue(result.results().toFile(), root);
        return result;
    }

    private static ObjectNode json(SteadyFigures.Mode m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("compliantAccounts", m.compliantAccounts());
        n.put("rootSessionsInQuietPeriod", m.sessions());
        n.put("quietSeconds", m.quiet().toMillis() / 1000.0);
        n.put(
                "rootSessionsPerAccountPerScaledDay",
                Math.round(m.sessionsPerAccountPerDay() * 1000) / 1000.0);
        n.put("drifts", m.drifts());
        n.put("repaired", m.repairs().size());
        n.put("medianRepairSeconds", m.medianRepair().map(d -> d.toMillis() / 1000.0).orElse(null));
        n.put("maxRepairSeconds", m.maxRepair().map(d -> d.toMillis() / 1000.0).orElse(null));
        n.set(
                "repairSeconds",
                JSON.valueToTree(m.repairs().stream().map(d -> d.toMillis() / 1000.0).toList()));
        n.put("meetsGoals", m.meetsGoals());
        return n;
    }

    private SteadyFigures.Mode mode(boolean events) throws Exception {
        String name = events ? "with events" : "without events";
        Path logs = settings.reportDir().resolve(events ? "logs-events" : "logs-no-events");
        Map<String, String> env = new LinkedHashMap<>(settings.sandboxEnv());
        env.put("SANDBOX_EVENTS", Boolean.toString(events));
        DemoSettings demo =
                DemoSettings.fromEnvironment(
                        Map.of(
                                "DEMO_ACCOUNTS",
                                Integer.toString(settings.accounts()),
                                "DEMO_MANIFESTS",
                                settings.manifests().toString()));
        Sandbox sandbox = DemoOrganization.start(demo, env);
        try (LabCluster cluster =
                new LabCluster(
                        sandbox, EmbeddedKubernetes.start(), settings.jar(), logs, "chaos")) {
            cluster.installCrds(settings.crds());
            Map<String, String> props = new LinkedHashMap<>();
            props.put("rootaccess.audit-interval", settings.scaled(Duration.ofHours(1)).toString());
            // root sessions are reused while they live (900 s, renewed 120 s before): scaled too,
            // or a scaled hourly audit would reuse one session for minutes and hide the cost
            props.put(
                    "rootaccess.aws.session-duration-seconds",
                    Long.toString(
                            Math.max(1, settings.scaled(Duration.ofSeconds(900)).toSeconds())));
            props.put(
                    "rootaccess.aws.session-renew-before",
                    settings.scaled(Duration.ofSeconds(120)).toString());
            if (events) {
                props.put("rootaccess.events.queue-url", sandbox.eventQueueUrl().orElseThrow());
                props.put(
                        "rootaccess.events.compliant-audit-interval",
                        settings.scaled(Duration.ofHours(24)).toString());
                props.put("rootaccess.events.wait-time", "5s");
            }
            try (OperatorProcess operator =
                    cluster.startOperator("steady", cluster.kubernetes().url(), props)) {
                cluster.applyManifests(settings.manifests());
                List<String> compliant = converge(cluster, operator, name);

                // quiet: only the cadence opens root sessions now
                Map<String, Long> before = sandbox.calls().assumeRootCountByAccount();
                long quietStart = System.nanoTime();
                Thread.sleep(settings.scaledDay().multipliedBy(settings.quietDays()).toMillis());
                Duration quiet = Duration.ofNanos(System.nanoTime() - quietStart);
                Map<String, Long> after = sandbox.calls().assumeRootCountByAccount();
                long sessions = 0;
                for (String id : compliant) {
                    sessions += after.getOrDefault(id, 0L) - before.getOrDefault(id, 0L);
                }
                log.printf(
                        "steady: %s: %d root sessions in %d compliant accounts in %.0fs%n",
                        name, sessions, compliant.size(), quiet.toMillis() / 1000.0);

                List<Duration> repairs = drift(sandbox, compliant, name);
                if (!operator.alive()) {
                    throw new IllegalStateException(
                            "the operator exited during the run: " + operator.log());
                }
                return new SteadyFigures.Mode(
                        name,
                        compliant.size(),
                        sessions,
                        quiet,
                        settings.scaledDay(),
                        Math.min(settings.drifts(), compliant.size()),
                        repairs);
            }
        }
    }

    /** Waits until every managed account is Compliant and returns their ids (sorted). */
    private List<String> converge(LabCluster cluster, OperatorProcess operator, String name)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + settings.convergeTimeout().toNanos();
        long lastPrint = 0;
        while (System.nanoTime() < deadline) {
            if (!operator.alive()) {
                throw new IllegalStateException("the operator exited: " + operator.log());
            }
            ClusterProgress p = cluster.observe();
            long managed = p.accountCount();
            long compliant = p.compliantAccounts();
            if (managed > 0 && compliant == managed && p.readyPolicies() == p.policies().size()) {
                log.printf(
                        "steady: %s: %d accounts compliant in %.0fs%n",
                        name, compliant, (System.nanoTime() - start) / 1e9);
                return new ArrayList<>(
                        new TreeSet<>(
                                p.accounts().stream()
                                        .filter(a -> a.getStatus() != null)
                                        .filter(a -> a.getStatus().phase == AccountPhase.Compliant)
                                        .map((MemberAccountRootState a) -> a.getSpec().accountId)
                                        .toList()));
            }
            if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                log.printf(
                        "steady: %s: t=%.0fs %d/%d accounts compliant%n",
                        name, (System.nanoTime() - start) / 1e9, compliant, managed);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(
                name + ": not converged within " + settings.convergeTimeout());
    }

    /**
     * Allows password recovery behind the operator's back in STEADY_DRIFTS compliant accounts
     * (spread over the list) and measures, per account, the time until the sandbox shows the login
     * profile gone again.
     */
    private List<Duration> drift(Sandbox sandbox, List<String> compliant, String name)
            throws InterruptedException {
        int k = Math.min(settings.drifts(), compliant.size());
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            targets.add(compliant.get((int) ((long) i * compliant.size() / k)));
        }
        SecondPrincipal other = new SecondPrincipal(sandbox, "break-glass");
        Map<String, Long> changedAt = new HashMap<>();
        Map<String, Duration> repaired = new LinkedHashMap<>();
        for (String account : targets) {
            other.allowPasswordRecovery(account, settings.sessionSeconds());
            changedAt.put(account, System.nanoTime());
        }
        long deadline = System.nanoTime() + settings.repairTimeout().toNanos();
        while (repaired.size() < k && System.nanoTime() < deadline) {
            for (String account : targets) {
                if (!repaired.containsKey(account)
                        && !sandbox.organization().rootUser(account).hasPassword()) {
                    repaired.put(
                            account, Duration.ofNanos(System.nanoTime() - changedAt.get(account)));
                }
            }
            Thread.sleep(50);
        }
        log.printf("steady: %s: %d/%d drifts repaired%n", name, repaired.size(), k);
        return List.copyOf(repaired.values());
    }
}
