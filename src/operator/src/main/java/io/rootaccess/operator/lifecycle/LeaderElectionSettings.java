package io.rootaccess.operator.lifecycle;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Leader election on a coordination.k8s.io Lease, under {@code rootaccess.leader-election}. Only
 * the holder of the Lease starts the controllers, so two replicas never both call AWS. It is active
 * in the prod and chaos profiles (quarkus.operator-sdk.activate-leader-election-for-profiles) and
 * off in tests; {@code enabled=false} switches it off (the chart then refuses more than one
 * replica).
 */
@ConfigMapping(prefix = "rootaccess.leader-election")
public interface LeaderElectionSettings {

    @WithDefault("true")
    boolean enabled();

    @WithDefault("root-access-operator")
    String leaseName();

    /**
     * Namespace of the Lease; unset means the operator's own namespace (the client's namespace).
     */
    Optional<String> leaseNamespace();

    /**
     * Who this replica is in the Lease; unset means the pod name (HOSTNAME) plus a random suffix.
     */
    Optional<String> identity();

    /** How long a Lease nobody renews stays taken: the longest a failover waits. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** The leader gives up (and the process exits) when it cannot renew for this long. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often candidates try to take the Lease and the leader renews it. */
    @WithDefault("2s")
    Duration retryPeriod();
}
