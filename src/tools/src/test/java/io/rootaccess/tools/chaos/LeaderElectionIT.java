package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.tools.demo.DemoOrganization;
import io.rootaccess.tools.demo.DemoSettings;
import io.rootaccess.tools.lab.EmbeddedKubernetes;
import io.rootaccess.tools.lab.LabCluster;
import io.rootaccess.tools.lab.OperatorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas (child JVMs of the packaged jar) against one embedded Kubernetes API and
 * one sandbox: only the Lease holder calls AWS (told apart by the SDK app id in the User-Agent);
 * kill -9 of the leader mid rollout, the other replica takes the Lease within the lease duration (8
 * s in the chaos profile) and finishes the rollout of examples/ without repeating a destructive
 * call. Runs after `package` (failsafe), since it needs target/quarkus-app.
 *
 * <p>What breaks it: a replica that calls AWS without holding the Lease (run once with {@code
 * rootaccess.leader-election.enabled=false} for replica-b: a alone takes the Lease, b works anyway
 * and the test fails with "the follower called AWS").
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class LeaderElectionIT {
    private static final Path JAR = OperatorProcess.DEFAULT_JAR;
    private static final Duration LEASE_DURATION = Duration.ofSeconds(8);

    @Test
    void onlyTheLeaderCallsAwsAndTheOtherTakesOverAfterAKill() throws Exception {
        Path logs = Files.createDirectories(Path.of("target", "chaos", "leader-election-it"));
        DemoSettings settings = DemoSettings.fromEnvironment(Map.of("DEMO_ACCOUNTS", "30"));
        Sandbox sandbox = DemoOrganization.start(settings);
        try (LabCluster cluster = new LabCluster(sandbox, EmbeddedKubernetes.start(), JAR, logs)) {
            cluster.installCrds(Path.of("crds"));
            try (OperatorProcess a = cluster.startOperator("replica-a");
                    OperatorProcess b = cluster.startOperator("replica-b")) {
                awaitTrue(
                        Duration.ofSeconds(90),
                        () -> cluster.leaseHolder().isPresent(),
                        "no replica took the Lease",
                        a,
                        b);
                String leaderName = cluster.leaseHolder().orElseThrow();
                OperatorProcess leader = leaderName.equals(a.name()) ? a : b;
                OperatorProcess follower = leader == a ? b : a;

                cluster.applyManifests(Path.of("examples"));
                // the leader works (AssumeRoot and IAM calls) while the follower stays silent
                awaitTrue(
                        Duration.ofSeconds(90),
                        () -> calls(sandbox, leader) >= 20,
                        "the leader made no AWS calls",
                        a,
                        b);
                assertEquals(
                        0,
                        calls(sandbox, follower),
                        "the follower called AWS: " + sandbox.calls().byAgent());
                assertTrue(
                        !cluster.observe().done(),
                        "the rollout was already finished before the kill");

                leader.kill();
                long killedAt = System.nanoTime();
                long leaderCallsAtKill = calls(sandbox, leader);
                awaitTrue(
                        Duration.ofSeconds(30),
                        () -> cluster.leaseHolder().equals(Optional.of(follower.name())),
                        "the follower did not take the Lease",
                        follower);
                Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                // lease duration plus one retry period and polling slack
                assertTrue(
                        takeover.compareTo(LEASE_DURATION.plusSeconds(4)) <= 0,
                        "takeover took " + takeover);

                awaitTrue(
                        Duration.ofSeconds(240),
                        () -> cluster.observe().done(),
                        "the new leader did not finish",
                        follower);
                assertTrue(calls(sandbox, follower) > 0, "the new leader made no AWS call");
                assertEquals(
                        leaderCallsAtKill,
                        calls(sandbox, leader),
                        "the killed leader kept calling AWS");
                // a kill -9 between a change and its status write must not make the next leader
                // repeat it: no destructive call found its target already gone, and no task's one
                // change was made twice
                System.out.printf(
                        "leader election: %s led, killed; %s took over in %d ms; calls by agent %s;"
                                + " duplicate destructive calls %d %s%n",
                        leader.name(),
                        follower.name(),
                        takeover.toMillis(),
                        sandbox.calls().byAgent(),
                        sandbox.calls().duplicateDestructiveCalls(),
                        sandbox.calls().duplicateDestructiveByOperation());
                assertEquals(
                        0,
                        sandbox.calls().duplicateDestructiveCalls(),
                        "duplicate destructive calls: "
                                + sandbox.calls().duplicateDestructiveByOperation()
                                + " in "
                                + sandbox.calls().duplicateDestructiveByAccount());
                assertEquals(
                        Map.of(),
                        ChaosVerdict.tasksRepeated(cluster.observe().tasks(), sandbox.calls()),
                        "tasks whose one change was made more than once");
            }
        }
    }

    /** Calls whose User-Agent carries the replica's app id. */
    private static long calls(Sandbox sandbox, OperatorProcess replica) {
        return sandbox.calls().byAgent().entrySet().stream()
                .filter(e -> e.getKey().contains(replica.name()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static void awaitTrue(
            Duration timeout, BooleanSupplier condition, String message, OperatorProcess... logsOf)
            throws Exception {
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(condition::getAsBoolean);
            return;
        } catch (ConditionTimeoutException e) {
            // reported below with the replicas' logs
        }
        StringBuilder tail = new StringBuilder();
        for (OperatorProcess p : logsOf) {
            String log = Files.exists(p.log()) ? Files.readString(p.log()) : "";
            tail.append("\n--- ")
                    .append(p.name())
                    .append(" ---\n")
                    .append(log.substring(Math.max(0, log.length() - 3000)));
        }
        fail(message + " within " + timeout + tail);
    }
}
