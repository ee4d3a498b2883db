package io.rootaccess.operator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.lifecycle.Leadership;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two replicas whose caches hold the same resources, as two pods watching one API server do: the
 * resource gauges summed over both count each resource once, and exactly one says it leads.
 */
class ResourceMetricsReplicasTest {
    private static final List<MemberAccountRootState> ACCOUNTS =
            List.of(
                    ResourceCensusTest.account("a", "p", AccountPhase.Compliant, "h"),
                    ResourceCensusTest.account("b", "p", AccountPhase.Compliant, "h"),
                    ResourceCensusTest.account("c", "p", AccountPhase.Blocked, "h"));

    @Test
    void summedOverALeaderAndAFollowerTheGaugesCountEachResourceOnce() {
        Leadership leading = new Leadership();
        leading.candidate();
        leading.startedLeading();
        Leadership following = new Leadership();
        following.candidate();
        MeterRegistry leaderRegistry = new SimpleMeterRegistry();
        MeterRegistry followerRegistry = new SimpleMeterRegistry();
        ResourceMetrics leader = replica(leaderRegistry, leading);
        ResourceMetrics follower = replica(followerRegistry, following);

        leader.publish(List.of(), ACCOUNTS, List.of());
        follower.publish(List.of(), ACCOUNTS, List.of());

        assertEquals(3, sum(ResourceMetrics.ACCOUNTS, leaderRegistry, followerRegistry));
        assertEquals(
                0,
                followerRegistry.find(ResourceMetrics.ACCOUNTS).gauges().size(),
                "a follower exports no resource series");
        assertEquals(1, sum(ResourceMetrics.LEADER, leaderRegistry, followerRegistry));
        assertEquals(0, sum(ResourceMetrics.LEADER, followerRegistry));
    }

    @Test
    void aReplicaThatStopsLeadingDropsItsSeries() {
        Leadership leadership = new Leadership();
        leadership.candidate();
        leadership.startedLeading();
        MeterRegistry registry = new SimpleMeterRegistry();
        ResourceMetrics replica = replica(registry, leadership);
        replica.publish(List.of(), ACCOUNTS, List.of());
        assertEquals(3, sum(ResourceMetrics.ACCOUNTS, registry));

        leadership.stoppedLeading();
        replica.publish(List.of(), ACCOUNTS, List.of());
        assertEquals(0, registry.find(ResourceMetrics.ACCOUNTS).gauges().size());
        assertEquals(0, sum(ResourceMetrics.LEADER, registry));
    }

    @Test
    void withoutAnElectionTheOnlyReplicaExports() {
        MeterRegistry registry = new SimpleMeterRegistry();
        replica(registry, new Leadership()).publish(List.of(), ACCOUNTS, List.of());
        assertEquals(3, sum(ResourceMetrics.ACCOUNTS, registry));
        assertEquals(1, sum(ResourceMetrics.LEADER, registry));
    }

    private static ResourceMetrics replica(MeterRegistry registry, Leadership leadership) {
        // the Operator (its caches) is not read by publish
        return new ResourceMetrics(
                registry, null, leadership, false, "test", java.time.Clock.systemUTC());
    }

    private static double sum(String metric, MeterRegistry... registries) {
        return Stream.of(registries)
                .flatMap(r -> r.find(metric).gauges().stream())
                .mapToDouble(g -> g.value())
                .sum();
    }
}
