package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The small configuration of `make chaos` inside `make test`: 60 simulated accounts, examples/, two
 * operator replicas (child JVMs of the packaged jar) and one kill -9 of the leader at a seeded
 * point of the rollout, against a sandbox that throttles and fails (lighter faults than the full
 * run, so it fits CI's time). Asserts the exit criteria of the full run on the sandbox's truth:
 * every account converged, no duplicate destructive call, no task's mutating call repeated, no lost
 * policy, no leaked secret. Runs after `package` (failsafe).
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class ChaosSmallIT {
    @Test
    void sixtyAccountsConvergeThroughAKillWithNothingRepeatedLostOrLeaked() throws Exception {
        ChaosSettings settings =
                ChaosSettings.fromEnvironment(
                        Map.of(
                                "CHAOS_ACCOUNTS", "60",
                                "CHAOS_RESTARTS", "1",
                                "CHAOS_FAILOVERS", "0",
                                "CHAOS_SEED", "7",
                                "CHAOS_TIMEOUT", "240",
                                "CHAOS_REPORT_DIR", "target/chaos/small-it",
                                "SANDBOX_THROTTLE", "0.05",
                                "SANDBOX_ERRORS_5XX", "0.02",
                                "SANDBOX_TIMEOUTS", "0",
                                "SANDBOX_LATENCY", "5ms"));
        ChaosRun.Result result = new ChaosRun(settings, System.out).run();
        System.out.println(result.line());

        JsonNode report = new ObjectMapper().readTree(Files.readString(result.report()));
        assertEquals(60, result.accounts(), "member accounts judged: " + report.path("summary"));
        assertEquals(1, result.restarts(), "the kill -9 did not happen");
        assertEquals(
                0,
                result.duplicates(),
                "duplicate destructive calls: " + report.path("calls").toPrettyString());
        assertEquals(0, result.lostPolicies(), report.path("bucketAndQueuePolicies").toString());
        assertEquals(0, result.secretsLeaked(), report.path("secretsLeakedIn").toString());
        StringBuilder stuck = new StringBuilder();
        report.path("accounts")
                .fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().path("converged").asBoolean()) {
                                stuck.append(e.getKey())
                                        .append(": ")
                                        .append(e.getValue().path("problem").asText())
                                        .append('\n');
                            }
                        });
        assertEquals(result.accounts(), result.converged(), "not converged:\n" + stuck);
        // the removed bucket and queue policies are in the report, so the lost check looked at
        // them
        assertEquals(2, report.path("bucketAndQueuePolicies").path("removed").size());
        assertTrue(result.passed(), result.line());
    }
}
