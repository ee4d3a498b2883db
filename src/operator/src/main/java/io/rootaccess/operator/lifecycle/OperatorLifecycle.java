package io.rootaccess.operator.lifecycle;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rootaccess.operator.aws.sdk.AwsClients;
import io.rootaccess.operator.events.ManagementEventConsumer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts and stops the controllers. QOSDK starts the operator by itself only when the application
 * has no {@code QuarkusApplication}; ours has one (the demo), so without this bean no controller
 * would run, neither in the operator mode nor in the tests.
 */
@ApplicationScoped
public class OperatorLifecycle {
    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    @Inject Operator operator;
    @Inject AwsClients aws;
    @Inject LeaseLoss leaseLoss;
    @Inject ManagementEventConsumer events;

    void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        // while the controllers start and the Lease is won, not in the first reconcile
        Thread warmUp = new Thread(aws::warmUp, "aws-clients-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        LOG.infof("starting %d controllers", operator.getRegisteredControllersNumber());
        operator.start();
        if (!events.waitsForLeadership()) {
            events.start(); // no election: this replica is the only one
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        leaseLoss.stopping();
        events.stop();
        operator.stop();
    }
}
