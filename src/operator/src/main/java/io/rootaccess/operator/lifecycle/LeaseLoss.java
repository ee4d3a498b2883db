package io.rootaccess.operator.lifecycle;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;

/**
 * What a replica does when it stops leading. A leader that lost the Lease exits, so that it never
 * reconciles beside the new leader and Kubernetes restarts it as a candidate. A replica that stops
 * leading because the operator is stopping (SIGTERM: Quarkus' shutdown hook stops the operator,
 * which cancels the election) only lets go: JOSDK 5.2's own exit at that point would call
 * System.exit inside the shutdown hook and hang the JVM until the kubelet's SIGKILL.
 */
@Singleton
public class LeaseLoss {
    private static final Logger LOG = Logger.getLogger(LeaseLoss.class);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final IntConsumer exit;

    public LeaseLoss() {
        this(System::exit);
    }

    LeaseLoss(IntConsumer exit) {
        this.exit = exit;
    }

    /** The operator is stopping: stopping to lead from now on is part of the shutdown. */
    void stopping() {
        stopping.set(true);
    }

    void onStopLeading() {
        if (stopping.get()) {
            LOG.info("stopped leading: the operator is stopping");
            return;
        }
        LOG.warn("lost the Lease: exiting, to come back as a candidate");
        exit.accept(1);
    }
}
