package io.rootaccess.operator.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.rootaccess.operator.events.ManagementEventConsumer;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The LeaderElectionConfiguration QOSDK hands to JOSDK (it looks the bean up when leader election
 * is active for the running profile). Null when switched off: JOSDK then starts the controllers at
 * once. A replica that loses the Lease exits, and Kubernetes restarts it as a candidate; one that
 * stops leading because the operator stops does not ({@link LeaseLoss}).
 */
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(
            LeaderElectionSettings settings,
            KubernetesClient client,
            LeaseLoss leaseLoss,
            PauseFence pauseFence,
            ManagementEventConsumer events,
            Leadership leadership) {
        if (!settings.enabled()) {
            LOG.info("leader election is off: run one replica only");
            return null;
        }
        String namespace =
                settings.leaseNamespace()
                        .filter(s -> !s.isBlank())
                        .or(
                                () ->
                                        Optional.ofNullable(System.getenv("POD_NAMESPACE"))
                                                .filter(s -> !s.isBlank()))
                        .orElse(client.getNamespace());
        String identity =
                settings.identity()
                        .filter(s -> !s.isBlank())
                        .orElseGet(LeaderElection::defaultIdentity);
        events.startsWithLeadership();
        // a follower from now on, until JOSDK says this replica took the Lease
        leadership.candidate();
        LOG.infof(
                "leader election on Lease %s/%s as %s", namespace, settings.leaseName(), identity);
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                .withLeaseNamespace(namespace)
                .withIdentity(identity)
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                // LeaseLoss exits on a lost Lease; JOSDK's exit would also fire on shutdown
                .withExitOnStopLeading(false)
                .withLeaderCallbacks(
                        new LeaderCallbacks(
                                () -> {
                                    leadership.startedLeading();
                                    // a pause past the renew deadline halts the leader (PauseFence)
                                    pauseFence.arm(settings.renewDeadline());
                                    events.start(); // the event queue is read by the leader only
                                },
                                () -> {
                                    leadership.stoppedLeading();
                                    pauseFence.disarm();
                                    events.stop();
                                    leaseLoss.onStopLeading();
                                },
                                leader -> {}))
                .build();
    }

    /**
     * The pod name is unique in a cluster; the suffix keeps two processes on one host apart too.
     */
    static String defaultIdentity() {
        String host =
                Optional.ofNullable(System.getenv("HOSTNAME"))
                        .filter(s -> !s.isBlank())
                        .orElse("operator");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
