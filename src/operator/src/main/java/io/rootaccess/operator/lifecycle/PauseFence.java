package io.rootaccess.operator.lifecycle;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A leader that was stopped (SIGSTOP, a frozen node or VM, a long pause) for longer than its renew
 * deadline must assume another replica leads now. When it resumes, its reconciler threads continue
 * where they stopped, before the Lease renewal notices the loss: each AWS call first asks {@link
 * #check()}, and a heartbeat thread beats every 200 ms. Either one that sees a gap longer than the
 * renew deadline since the last beat halts the process at once (no shutdown hooks, no further
 * call), and Kubernetes restarts it as a candidate. Armed only while this replica leads.
 */
@Singleton
public class PauseFence {
    private static final Logger LOG = Logger.getLogger(PauseFence.class);
    static final Duration BEAT = Duration.ofMillis(200);

    private final LongSupplier nanoTime;
    private final IntConsumer halt;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile long limitNanos = Long.MAX_VALUE;
    private volatile long lastBeat;

    public PauseFence() {
        this(System::nanoTime, code -> Runtime.getRuntime().halt(code));
    }

    PauseFence(LongSupplier nanoTime, IntConsumer halt) {
        this.nanoTime = nanoTime;
        this.halt = halt;
        this.lastBeat = nanoTime.getAsLong();
    }

    /** This replica leads: from now on a pause longer than {@code limit} halts it. */
    void arm(Duration limit) {
        limitNanos = limit.toNanos();
        lastBeat = nanoTime.getAsLong();
        if (armed.compareAndSet(false, true)) {
            Thread beat =
                    new Thread(
                            () -> {
                                while (armed.get()) {
                                    beat();
                                    try {
                                        Thread.sleep(BEAT.toMillis());
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "pause-fence");
            beat.setDaemon(true);
            beat.setPriority(Thread.MAX_PRIORITY);
            beat.start();
        }
    }

    /** Armed without the heartbeat thread: tests beat by hand on a fake clock. */
    void armedForTest(Duration limit) {
        limitNanos = limit.toNanos();
        lastBeat = nanoTime.getAsLong();
        armed.set(true);
    }

    /** Stops leading (the operator stops): no more fencing. */
    void disarm() {
        armed.set(false);
    }

    /** The heartbeat: halts on a gap, else records the beat. */
    void beat() {
        check();
        lastBeat = nanoTime.getAsLong();
    }

    /**
     * Before every AWS call: halts the process when this leader was paused longer than its renew
     * deadline since the last heartbeat (its Lease may be another's by now).
     */
    public void check() {
        if (!armed.get()) {
            return;
        }
        long gap = nanoTime.getAsLong() - lastBeat;
        if (gap > limitNanos) {
            LOG.errorf(
                    "this leader was paused for %d ms, longer than its renew deadline of %d ms:"
                            + " another replica may lead now; halting before any AWS call",
                    gap / 1_000_000, limitNanos / 1_000_000);
            halt.accept(1);
        }
    }
}
