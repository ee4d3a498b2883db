package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The small configuration of `make chaos` inside `make test`: 30 simulated accounts, examples/, two
 * operator replicas (child JVMs of the packaged jar), one kill -9 of the leader and one SIGSTOP of
 * the leader past its lease (resumed once the other leads) at seeded points of the rollout, against
 * a sandbox that throttles, fails before and after the change and times out before and after the
 * change, and an API server that answers some status writes 409/500. Every fault class must fire.
 * Asserts the exit criteria of the full run on the sandbox's truth: every account converged, no
 * duplicate destructive call, no task's mutating call repeated, no lost policy, no leaked secret.
 * Runs after `package` (failsafe).
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class ChaosSmallIT {
    @Test
    void accountsConvergeThroughAKillAFreezeAndEveryFaultClassWithNothingRepeatedLostOrLeaked()
            throws Exception {
        ChaosSettings settings =
                ChaosSettings.fromEnvironment(
                        Map.ofEntries(
                                Map.entry("CHAOS_ACCOUNTS", "30"),
                                Map.entry("CHAOS_RESTARTS", "1"),
                                Map.entry("CHAOS_FAILOVERS", "0"),
                                Map.entry("CHAOS_FREEZES", "1"),
                                Map.entry("CHAOS_STATUS_FAULTS", "0.10"),
                                Map.entry("CHAOS_SEED", "7"),
                                Map.entry("CHAOS_TIMEOUT", "240"),
                                Map.entry("CHAOS_REPORT_DIR", "target/chaos/small-it"),
                                Map.entry("SANDBOX_THROTTLE", "0.05"),
                                Map.entry("SANDBOX_ERRORS_5XX", "0.02"),
                                Map.entry("SANDBOX_TIMEOUTS", "0.025"),
                                Map.entry("SANDBOX_ERRORS_5XX_AFTER", "0.08"),
                                Map.entry("SANDBOX_TIMEOUTS_AFTER", "0.08"),
                                Map.entry("SANDBOX_TIMEOUT_HOLD", "2s"),
                                Map.entry("SANDBOX_LATENCY", "5ms")));
        ChaosRun.Result result = new ChaosRun(settings, System.out).run();
        System.out.println(result.line());

        JsonNode report = new ObjectMapper().readTree(Files.readString(result.report()));
        assertEquals(30, result.accounts(), "member accounts judged: " + report.path("summary"));
        assertEquals(1, result.restarts(), "the kill -9 did not happen");
        assertEquals(1, result.freezes(), "the freeze did not happen");
        assertEquals(
                0,
                result.resumedLeaderMutations(),
                "the resumed leader changed AWS: " + report.path("timeline"));
        // every fault class the run injects fired, so the run could have met each of them
        assertEquals(
                List.of(),
                result.faultsNeverFired(),
                "fault classes that never fired: " + result.faultsFired());
        assertEquals(
                java.util.Set.of(
                        "throttle", "5xx", "timeout", "5xx-after", "timeout-after", "status-write"),
                result.faultsFired().keySet());
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
