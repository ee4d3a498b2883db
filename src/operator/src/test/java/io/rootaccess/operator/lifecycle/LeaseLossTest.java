package io.rootaccess.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseLossTest {
    private final List<Integer> exits = new ArrayList<>();
    private final LeaseLoss leaseLoss = new LeaseLoss(exits::add);

    @Test
    void aLeaderThatLosesTheLeaseExits() {
        leaseLoss.onStopLeading();
        assertEquals(List.of(1), exits);
    }

    @Test
    void aLeaderThatStopsLeadingBecauseTheOperatorStopsDoesNotExit() {
        leaseLoss.stopping();
        leaseLoss.onStopLeading();
        assertEquals(List.of(), exits, "System.exit in the shutdown hook would hang the JVM");
    }

    @Test
    void josdksOwnExitIsOffAndTheCallbackIsLeaseLoss() {
        // nothing configured: starting and stopping it are no-ops, its flag is what is checked
        var events =
                new io.rootaccess.operator.events.ManagementEventConsumer(
                        null, null, null, null, null, null);
        LeaderElectionConfiguration config =
                new LeaderElection()
                        .leaderElection(
                                settings(),
                                client(),
                                leaseLoss,
                                new PauseFence(),
                                events,
                                new Leadership());
        assertTrue(events.waitsForLeadership(), "the event queue is read by the leader only");
        assertFalse(config.isExitOnStopLeading(), "JOSDK would exit inside the shutdown hook");
        assertTrue(config.getLeaderCallbacks().isPresent());
        config.getLeaderCallbacks().orElseThrow().onStopLeading();
        assertEquals(List.of(1), exits);
    }

    @Test
    void aCandidateIsAFollowerUntilItTakesTheLeaseAndAgainOnceItLosesIt() {
        Leadership leadership = new Leadership();
        assertTrue(leadership.leads(), "without an election the only replica leads");
        LeaderElectionConfiguration config =
                new LeaderElection()
                        .leaderElection(
                                settings(),
                                client(),
                                leaseLoss,
                                new PauseFence(),
                                noEventSource(),
                                leadership);
        assertFalse(leadership.leads(), "a candidate exports what a follower exports");
        config.getLeaderCallbacks().orElseThrow().onStartLeading();
        assertTrue(leadership.leads());
        config.getLeaderCallbacks().orElseThrow().onStopLeading();
        assertFalse(leadership.leads());
    }

    /** An event consumer with no queue configured: starting and stopping it do nothing. */
    private static io.rootaccess.operator.events.ManagementEventConsumer noEventSource() {
        var events =
                (io.rootaccess.operator.config.OperatorConfig.Events)
                        Proxy.newProxyInstance(
                                LeaseLossTest.class.getClassLoader(),
                                new Class<?>[] {
                                    io.rootaccess.operator.config.OperatorConfig.Events.class
                                },
                                (proxy, method, args) ->
                                        "queueUrl".equals(method.getName())
                                                ? java.util.Optional.empty()
                                                : null);
        var config =
                (io.rootaccess.operator.config.OperatorConfig)
                        Proxy.newProxyInstance(
                                LeaseLossTest.class.getClassLoader(),
                                new Class<?>[] {io.rootaccess.operator.config.OperatorConfig.class},
                                (proxy, method, args) ->
                                        "events".equals(method.getName()) ? events : null);
        return new io.rootaccess.operator.events.ManagementEventConsumer(
                config, null, null, null, null, null);
    }

    /** The client is asked for its namespace only. */
    private static KubernetesClient client() {
        return (KubernetesClient)
                Proxy.newProxyInstance(
                        KubernetesClient.class.getClassLoader(),
                        new Class<?>[] {KubernetesClient.class},
                        (proxy, method, args) ->
                                method.getName().equals("getNamespace") ? "root-access" : null);
    }

    private static LeaderElectionSettings settings() {
        return new LeaderElectionSettings() {
            public boolean enabled() {
                return true;
            }

            public String leaseName() {
                return "root-access-operator";
            }

            public Optional<String> leaseNamespace() {
                return Optional.of("root-access");
            }

            public Optional<String> identity() {
                return Optional.of("replica-a");
            }

            public Duration leaseDuration() {
                return Duration.ofSeconds(15);
            }

            public Duration renewDeadline() {
                return Duration.ofSeconds(10);
            }

            public Duration retryPeriod() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
