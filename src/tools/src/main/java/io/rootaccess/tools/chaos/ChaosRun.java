package io.rootaccess.tools.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import io.rootaccess.tools.lab.SecretScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * `make chaos`: the organization of `make demo` (CHAOS_ACCOUNTS accounts) behind a sandbox that
 * throttles, fails and times out; two operator replicas (child JVMs, leader election on a Lease);
 * the manifests of examples/; and, at seeded random points of the rollout, abrupt restarts (kill -9
 * of the leader, which comes back under the same name, as a pod's container does) and leader
 * failovers (kill -9 of the leader, the standby must take the Lease; the killed one comes back as
 * the new standby). Then the sandbox's truth is judged ({@link ChaosVerdict}) and
 * target/chaos/report.json written.
 */
public final class ChaosRun {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration LEADER_WAIT = Duration.ofSeconds(120);

    /** The outcome of a run: the counters of the one line, and where the report is. */
    public record Result(
            long converged,
            long accounts,
            long duplicates,
            long lostPolicies,
            long secretsLeaked,
            int restarts,
            int failovers,
            int freezes,
            long resumedLeaderMutations,
            Map<String, Long> faultsFired,
            List<String> faultsNeverFired,
            double seconds,
            Path report) {

        /**
         * Every account converged; nothing was repeated, lost or leaked; no frozen leader changed
         * anything after it resumed; and every fault class the run injects fired at least once (a
         * run where a fault never fired proves nothing about it).
         */
        public boolean passed() {
            return converged == accounts
                    && accounts > 0
                    && duplicates == 0
                    && lostPolicies == 0
                    && secretsLeaked == 0
                    && resumedLeaderMutations == 0
                    && faultsNeverFired.isEmpty();
        }

        public String line() {
            StringBuilder fired = new StringBuilder();
            faultsFired.forEach(
                    (k, v) -> fired.append(fired.length() == 0 ? "" : ", ").append(k + " " + v));
            return String.format(
                    Locale.ROOT,
                    "chaos: %d/%d accounts converged, %d duplicate destructive calls, %d lost"
                            + " policies, %d secrets leaked, %d restarts, %d failovers, %d freezes"
                            + " (%d AWS changes by a resumed leader); faults fired: %s%s in %.0fs",
                    converged,
                    accounts,
                    duplicates,
                    lostPolicies,
                    secretsLeaked,
                    restarts,
                    failovers,
                    freezes,
                    resumedLeaderMutations,
                    fired,
                    faultsNeverFired.isEmpty() ? "" : "; never fired: " + faultsNeverFired,
                    seconds);
        }
    }

    /** What a disruption does to the leader. */
    enum Kind {
        /** kill -9, started again under the same name. */
        RESTART,
        /** kill -9, the standby must take the Lease. */
        FAILOVER,
        /**
         * SIGSTOP past the lease, the standby takes it, SIGCONT: the resumed one must stand down.
         */
        FREEZE
    }

    /** One planned disruption: at this share of settled accounts (plus a delay), of this kind. */
    record Disruption(double atShare, long delayMillis, Kind kind) {}

    private final ChaosSettings settings;
    private final PrintStream log;
    private final List<ObjectNode> timeline = new ArrayList<>();
    private final Map<String, OperatorProcess> replicas = new TreeMap<>();
    private int restarts;
    private int failovers;
    private int freezes;
    private long resumedLeaderMutations;
    private long started;

    /**
     * @param log where progress goes (stderr for `make chaos`, so stdout holds the one line)
     */
    public ChaosRun(ChaosSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** The disruptions of a run, drawn from the seed: sorted by when they happen. */
    static List<Disruption> plan(long seed, int restarts, int failovers, int freezes) {
        Random random = new Random(seed);
        int n = restarts + failovers + freezes;
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // between 5% and 85% of the accounts settled: inside the rollout, not at its edges
            shares.add(0.05 + 0.80 * random.nextDouble());
        }
        Collections.sort(shares);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Set<Integer> failoverAt = new TreeSet<>(order.subList(0, failovers));
        Set<Integer> freezeAt = new TreeSet<>(order.subList(failovers, failovers + freezes));
        List<Disruption> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Kind kind =
                    failoverAt.contains(i)
                            ? Kind.FAILOVER
                            : freezeAt.contains(i) ? Kind.FREEZE : Kind.RESTART;
            // up to 1.5 s more: the kill lands at an arbitrary point of a reconciliation
            out.add(new Disruption(shares.get(i), random.nextInt(1500), kind));
        }
        return out;
    }

    public Result run() throws Exception {
        started = System.nanoTime();
        Path dir = settings.reportDir();
        Path logs = dir.resolve("logs");
        deleteRecursively(logs);
        Files.createDirectories(logs);
        Files.deleteIfExists(dir.resolve("report.json"));

        DemoSettings demo =
                DemoSettings.fromEnvironment(
                        Map.of(
                                "DEMO_ACCOUNTS",
                                Integer.toString(settings.accounts()),
                                "DEMO_MANIFESTS",
                                settings.manifests().toString()));
        Sandbox sandbox = DemoOrganization.start(demo, settings.sandboxEnv());
        var org = sandbox.organization();
        Map<String, RootTruth> initial = RootTruth.snapshot(org);
        String queueUrl =
                sandbox.endpoint()
                        + "/"
                        + DemoOrganization.LOCKED_ACCOUNT
                        + "/"
                        + DemoOrganization.LOCKED_QUEUE;
        Map<String, String> initialPolicies = new TreeMap<>();
        org.bucketPolicy(DemoOrganization.LOCKED_ACCOUNT, DemoOrganization.LOCKED_BUCKET)
                .ifPresent(p -> initialPolicies.put("bucket/" + DemoOrganization.LOCKED_BUCKET, p));
        org.queuePolicy(queueUrl)
                .ifPresent(p -> initialPolicies.put("queue/" + DemoOrganization.LOCKED_QUEUE, p));
        log.printf(
                "chaos: %d accounts, faults %s, %d restarts, %d failovers and %d freezes"
                        + " (CHAOS_SEED %d)%n",
                org.accountIds().size() - 1,
                settings.faults(),
                settings.restarts(),
                settings.failovers(),
                settings.freezes(),
                settings.seed());

        try (LabCluster cluster =
                new LabCluster(sandbox, EmbeddedKubernetes.start(), settings.jar(), logs)) {
            cluster.installCrds(settings.crds());
            // the operator's status writes meet a busy or failing API server; the harness only
            // reads
            cluster.kubernetes().dispatcher().statusFaultShare(settings.statusFaultShare());
            try {
                for (String name : List.of("replica-a", "replica-b")) {
                    replicas.put(name, start(cluster, name));
                }
                awaitLiveLeader(cluster, Instant.EPOCH);
                cluster.applyManifests(settings.manifests());
                event("manifests-applied", null, null);

                List<Disruption> plan =
                        plan(
                                settings.seed(),
                                settings.restarts(),
                                settings.failovers(),
                                settings.freezes());
                int next = 0;
                long deadline = System.nanoTime() + settings.timeout().toNanos();
                Map<String, ChaosVerdict.AccountVerdict> verdicts = Map.of();
                long lastPrint = 0;
                while (System.nanoTime() < deadline) {
                    ClusterProgress progress = cluster.observe();
                    verdicts = judge(cluster, sandbox, initial, progress);
                    long converged =
                            verdicts.values().stream()
                                    .filter(ChaosVerdict.AccountVerdict::converged)
                                    .count();
                    double share = converged / (double) Math.max(1, verdicts.size());
                    if (System.nanoTime() - lastPrint > Duration.ofSeconds(10).toNanos()) {
                        log.printf(
                                "chaos: t=%.0fs %d/%d accounts converged, leader %s, %d restarts,"
                                        + " %d failovers%n",
                                elapsed(),
                                converged,
                                verdicts.size(),
                                cluster.leaseHolder().orElse("-"),
                                restarts,
                                failovers);
                        lastPrint = System.nanoTime();
                    }
                    if (next < plan.size() && share >= plan.get(next).atShare()) {
                        Disruption d = plan.get(next++);
                        Thread.sleep(d.delayMillis());
                        disrupt(cluster, d);
                        continue;
                    }
                    if (next == plan.size()
                            && converged == verdicts.size()
                            && progress.tasks().stream().allMatch(ClusterProgress::finished)) {
                        break;
                    }
                    Thread.sleep(POLL.toMillis());
                }
                event("judged", null, null);
            } finally {
                for (OperatorProcess p : replicas.values()) {
                    p.kill(); // the children write their logs straight to the files
                }
            }
            return finish(cluster, sandbox, initial, initialPolicies, queueUrl);
        }
    }

    private OperatorProcess start(LabCluster cluster, String name) throws IOException {
        // INFO for the operator's own categories: a secret logged at INFO must be found
        return cluster.startOperator(
                name,
                cluster.kubernetes().url(),
                Map.of("quarkus.log.category.\"io.rootaccess\".level", "INFO"));
    }

    private void disrupt(LabCluster cluster, Disruption d) throws Exception {
        String leaderName = awaitLiveLeader(cluster, Instant.EPOCH);
        OperatorProcess leader = replicas.get(leaderName);
        long pid = leader.pid();
        if (d.kind() == Kind.FREEZE) {
            freeze(cluster, leaderName, leader);
            return;
        }
        leader.kill();
        long killedAt = System.nanoTime();
        Instant killedInstant = Instant.now();
        if (d.kind() == Kind.FAILOVER) {
            String standby =
                    replicas.keySet().stream()
                            .filter(n -> !n.equals(leaderName))
                            .findFirst()
                            .orElseThrow();
            long deadline = killedAt + LEADER_WAIT.toNanos();
            while (!cluster.leaseHolder().equals(Optional.of(standby))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "failover: " + standby + " did not take the Lease in " + LEADER_WAIT);
                }
                Thread.sleep(100);
            }
            failovers++;
            ObjectNode e = event("failover", leaderName, pid);
            e.put("takenOverBy", standby);
            e.put("takeoverMillis", (System.nanoTime() - killedAt) / 1_000_000);
            log.printf(
                    "chaos: t=%.0fs failover: %s (pid %d) killed, %s took the Lease in %d ms%n",
                    elapsed(),
                    leaderName,
                    pid,
                    standby,
                    (System.nanoTime() - killedAt) / 1_000_000);
            replicas.put(leaderName, start(cluster, leaderName)); // back as the standby
        } else {
            replicas.put(leaderName, start(cluster, leaderName));
            restarts++;
            String holder = awaitLiveLeader(cluster, killedInstant);
            ObjectNode e = event("restart", leaderName, pid);
            e.put("leaderAfter", holder);
            e.put("leaderBackMillis", (System.nanoTime() - killedAt) / 1_000_000);
            log.printf(
                    "chaos: t=%.0fs restart: %s (pid %d) killed -9 and started again; leader now"
                            + " %s%n",
                    elapsed(), leaderName, pid, holder);
        }
    }

    /**
     * SIGSTOP of the leader until the standby holds the Lease (so the frozen one's lease and renew
     * deadline pass while it cannot notice), then SIGCONT. The resumed replica still believes it
     * leads: it must notice the lost Lease and stop (LeaseLoss exits) without one more AWS change.
     * Its state-changing calls after SIGCONT are counted; any is a failure of the run.
     */
    private void freeze(LabCluster cluster, String leaderName, OperatorProcess leader)
            throws Exception {
        String standby =
                replicas.keySet().stream()
                        .filter(n -> !n.equals(leaderName))
                        .findFirst()
                        .orElseThrow();
        long pid = leader.pid();
        leader.freeze();
        long frozenAt = System.nanoTime();
        long deadline = frozenAt + LEADER_WAIT.toNanos();
        while (!cluster.leaseHolder().equals(Optional.of(standby))) {
            if (System.nanoTime() > deadline) {
                leader.resume();
                throw new IllegalStateException(
                        "freeze: " + standby + " did not take the Lease in " + LEADER_WAIT);
            }
            Thread.sleep(100);
        }
        long takeover = (System.nanoTime() - frozenAt) / 1_000_000;
        // the new leader works while the old one is still frozen, then the old one wakes up
        awaitStandbyWorking(cluster, standby);
        long frozenMillis = (System.nanoTime() - frozenAt) / 1_000_000;
        var calls = cluster.sandbox().calls();
        long before = calls.mutatingCallsByAgent(leaderName);
        leader.resume();
        boolean exited = leader.awaitExit(LEADER_WAIT);
        long after = calls.mutatingCallsByAgent(leaderName);
        resumedLeaderMutations += after - before;
        freezes++;
        ObjectNode e = event("freeze", leaderName, pid);
        e.put("takenOverBy", standby);
        e.put("takeoverMillis", takeover);
        e.put("frozenMillis", frozenMillis);
        e.put("exitedAfterResume", exited);
        e.put("awsChangesAfterResume", after - before);
        log.printf(
                "chaos: t=%.0fs freeze: %s (pid %d) stopped for %d ms, %s took the Lease in %d ms;"
                        + " resumed: %s, %d AWS changes after resuming%n",
                elapsed(),
                leaderName,
                pid,
                frozenMillis,
                standby,
                takeover,
                exited ? "exited" : "still running (killed now)",
                after - before);
        if (!exited) {
            leader.kill();
        }
        replicas.put(leaderName, start(cluster, leaderName)); // back as the standby
    }

    /** Waits (bounded) until the standby made an AWS call as the leader, or a few seconds. */
    private void awaitStandbyWorking(LabCluster cluster, String standby)
            throws InterruptedException {
        long start = agentCalls(cluster.sandbox(), standby);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && agentCalls(cluster.sandbox(), standby) == start) {
            Thread.sleep(100);
        }
    }

    /** AWS calls whose User-Agent carries the replica's app id. */
    private static long agentCalls(Sandbox sandbox, String replica) {
        return sandbox.calls().byAgent().entrySet().stream()
                .filter(e -> e.getKey().contains(replica))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The Lease holder, once it is a replica that is alive and renewed the Lease after since. */
    private String awaitLiveLeader(LabCluster cluster, Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> holder = cluster.leaseHolder();
            if (holder.isPresent()
                    && replicas.containsKey(holder.get())
                    && replicas.get(holder.get()).alive()
                    && cluster.leaseRenewTime().filter(t -> t.isAfter(since)).isPresent()) {
                return holder.get();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no live replica holds the Lease after " + LEADER_WAIT);
    }

    private ObjectNode event(String kind, String replica, Long pid) {
        ObjectNode e = JSON.createObjectNode();
        e.put("atSeconds", Math.round(elapsed() * 10) / 10.0);
        e.put("kind", kind);
        if (replica != null) {
            e.put("killed", replica);
            e.put("pid", pid);
        }
        timeline.add(e);
        return e;
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    private static Map<String, ChaosVerdict.AccountVerdict> judge(
            LabCluster cluster,
            Sandbox sandbox,
            Map<String, RootTruth> initial,
            ClusterProgress progress) {
        return ChaosVerdict.accounts(
                initial,
                RootTruth.snapshot(sandbox.organization()),
                progress.accounts(),
                progress.tasks(),
                sandbox.organization().managementAccountId(),
                id -> "ACTIVE".equals(sandbox.organization().accountState(id)));
    }

    private Result finish(
            LabCluster cluster,
            Sandbox sandbox,
            Map<String, RootTruth> initial,
            Map<String, String> initialPolicies,
            String queueUrl)
            throws IOException {
        double seconds = elapsed();
        var client = cluster.client();
        ClusterProgress progress = cluster.observe();
        Map<String, ChaosVerdict.AccountVerdict> verdicts =
                judge(cluster, sandbox, initial, progress);
        // the management account is not a member: it is judged (untouched) but not counted
        String management = sandbox.organization().managementAccountId();
        long members = verdicts.keySet().stream().filter(id -> !id.equals(management)).count();
        long converged =
                verdicts.values().stream()
                        .filter(v -> !v.accountId().equals(management))
                        .filter(ChaosVerdict.AccountVerdict::converged)
                        .count();
        boolean managementUntouched = verdicts.get(management).converged();

        var org = sandbox.organization();
        Map<String, String> removed = new TreeMap<>();
        initialPolicies.forEach(
                (target, doc) -> {
                    Optional<String> now =
                            target.startsWith("bucket/")
                                    ? org.bucketPolicy(
                                            DemoOrganization.LOCKED_ACCOUNT,
                                            target.substring("bucket/".length()))
                                    : org.queuePolicy(queueUrl);
                    if (now.isEmpty() || !now.get().equals(doc)) {
                        removed.put(target, doc);
                    }
                });
        List<ConfigMap> copies =
                client.configMaps()
                        .inAnyNamespace()
                        .withLabel("rootaccess.io/removed-policy", "true")
                        .list()
                        .getItems();
        var calls = sandbox.calls();
        var destructions = calls.destructions();
        // the policies the organization started with, and every document a call unlocked
        List<String> lost = new ArrayList<>(ChaosVerdict.lostPolicies(removed, copies));
        lost.addAll(ChaosVerdict.unlockedDocumentsLost(destructions, copies));

        Map<String, Long> tasksRepeated = ChaosVerdict.tasksRepeated(progress.tasks(), calls);
        List<String> unwanted =
                ChaosVerdict.unwantedDestructions(
                        destructions, progress.accounts(), progress.tasks());
        long duplicates =
                calls.duplicateDestructiveCalls()
                        + unwanted.size()
                        + tasksRepeated.values().stream().mapToLong(n -> n - 1).sum();
        Map<String, Long> fired = new TreeMap<>(calls.injectedFaults());
        long statusFaults = cluster.kubernetes().dispatcher().statusFaultsInjected();
        if (statusFaults > 0) {
            fired.put("status-write", statusFaults);
        }
        List<String> neverFired =
                ChaosVerdict.faultsNeverFired(settings.injectedFaultClasses(), fired);

        ObjectNode root = JSON.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("accounts", members);
        summary.put("accountsConverged", converged);
        summary.put("managementAccountUntouched", managementUntouched);
        summary.put("duplicateDestructiveCalls", duplicates);
        summary.put("lostPolicies", lost.size());
        summary.put("restarts", restarts);
        summary.put("failovers", failovers);
        summary.put("freezes", freezes);
        summary.put("awsChangesByAResumedLeader", resumedLeaderMutations);
        summary.set("faultsFired", JSON.valueToTree(fired));
        summary.set("faultsNeverFired", JSON.valueToTree(neverFired));
        summary.put("retriesAfterLostResponse", calls.retriesAfterLostResponse());
        summary.put("seconds", Math.round(seconds * 10) / 10.0);
        ObjectNode conf = root.putObject("settings");
        conf.put("accounts", settings.accounts());
        conf.put("seed", settings.seed());
        conf.put("timeoutSeconds", settings.timeout().toSeconds());
        conf.put("statusWriteFaultShare", settings.statusFaultShare());
        conf.put("freezes", settings.freezes());
        conf.set("sandbox", JSON.valueToTree(new TreeMap<>(settings.sandboxEnv())));
        root.set("timeline", JSON.valueToTree(timeline));

        ObjectNode accounts = root.putObject("accounts");
        for (var v : verdicts.values()) {
            ObjectNode a = accounts.putObject(v.accountId());
            a.put("converged", v.converged());
            if (v.problem() != null) {
                a.put("problem", v.problem());
            }
            a.put("resource", v.resource());
            a.put("phase", v.phase());
            a.put("credentialsLeft", v.now().credentialsLeft());
            a.set("rootUser", JSON.valueToTree(v.now()));
            a.set("rootUserAtStart", JSON.valueToTree(v.initial()));
        }
        ObjectNode policies = root.putObject("bucketAndQueuePolicies");
        policies.set("removed", JSON.valueToTree(removed.keySet()));
        policies.set("lost", JSON.valueToTree(lost));
        policies.put("storedCopies", copies.size());

        ObjectNode resources = root.putObject("resources");
        resources.set("RootAccessPolicy", JSON.valueToTree(progress.policies()));
        resources.set("MemberAccountRootState", JSON.valueToTree(progress.accounts()));
        resources.set("PrivilegedRootTask", JSON.valueToTree(progress.tasks()));

        ObjectNode callLog = root.putObject("calls");
        callLog.put("total", calls.total());
        callLog.set("byOperation", JSON.valueToTree(calls.snapshot()));
        callLog.set("byOperationAndOutcome", JSON.valueToTree(calls.byOutcome()));
        callLog.set("byAgent", JSON.valueToTree(calls.byAgent()));
        callLog.put("duplicateDestructiveCalls", calls.duplicateDestructiveCalls());
        callLog.set(
                "duplicateDestructiveByOperation",
                JSON.valueToTree(calls.duplicateDestructiveByOperation()));
        callLog.set(
                "duplicateDestructiveByAccount",
                JSON.valueToTree(calls.duplicateDestructiveByAccount()));
        callLog.set("tasksWithRepeatedMutatingCall", JSON.valueToTree(tasksRepeated));
        callLog.put("destructiveCalls", destructions.size());
        callLog.set("destructionsTheDesiredStateDidNotAsk", JSON.valueToTree(unwanted));
        callLog.put("retriesAfterLostResponse", calls.retriesAfterLostResponse());

        // secrets: operator logs, Events, every resource (statuses), ConfigMaps, and this report
        Map<String, String> haystacks = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(settings.reportDir().resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                haystacks.put("log " + f.getFileName(), Files.readString(f));
            }
        }
        haystacks.put(
                "events",
                JSON.writeValueAsString(client.v1().events().inAnyNamespace().list().getItems()));
        haystacks.put(
                "resources",
                JSON.writeValueAsString(
                        List.of(
                                client.resources(RootAccessPolicy.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems(),
                                client.resources(MemberAccountRootState.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems(),
                                client.resources(PrivilegedRootTask.class)
                                        .inAnyNamespace()
                                        .list()
                                        .getItems())));
        haystacks.put(
                "configmaps",
                JSON.writeValueAsString(client.configMaps().inAnyNamespace().list().getItems()));
        haystacks.put("report", JSON.writeValueAsString(root));
        SecretScanner scanner = new SecretScanner(sandbox.issuedSecrets());
        Set<String> leaked = new TreeSet<>();
        ArrayNode where = JSON.createArrayNode();
        haystacks.forEach(
                (place, text) -> {
                    Set<String> found = scanner.find(text);
                    if (!found.isEmpty()) {
                        where.add(place + ": " + found.size() + " secret(s)");
                        leaked.addAll(found);
                    }
                });
        summary.put("secretsLeaked", leaked.size());
        summary.put("secretsIssued", sandbox.issuedSecrets().size());
        root.set("secretsLeakedIn", where);

        Result result =
                new Result(
                        managementUntouched ? converged : Math.min(converged, members - 1),
                        members,
                        duplicates,
                        lost.size(),
                        leaked.size(),
                        restarts,
                        failovers,
                        freezes,
                        resumedLeaderMutations,
                        fired,
                        neverFired,
                        seconds,
                        settings.reportDir().resolve("report.json"));
        summary.put("line", result.line());
        summary.put("passed", result.passed());
        Files.createDirectories(settings.reportDir());
        JSON.writeValue(result.report().toFile(), root);
        return result;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
