package io.rootaccess.operator.lifecycle;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this replica leads. Without leader election (one replica, tests) it always leads. With
 * election, from the moment the election is configured it is a follower until it takes the Lease,
 * and again once it stops leading. Whatever is counted once per cluster (the resource gauges) is
 * exported by the leader only, so that sums over replicas stay true.
 */
@Singleton
public class Leadership {
    private final AtomicBoolean electing = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();

    /** True when this replica leads, or when there is no election (it then is the only one). */
    public boolean leads() {
        return !electing.get() || leading.get();
    }

    /** Leader election is on: a candidate, not a leader, until it takes the Lease. */
    public void candidate() {
        leading.set(false);
        electing.set(true);
    }

    public void startedLeading() {
        leading.set(true);
    }

    public void stoppedLeading() {
        leading.set(false);
    }
}
