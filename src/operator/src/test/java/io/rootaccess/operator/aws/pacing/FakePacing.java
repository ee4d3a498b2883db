package io.rootaccess.operator.aws.pacing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Virtual time: sleeping advances the clock and is recorded, so pacing tests never sleep. */
public final class FakePacing implements Pacing {
    long now = 1_000_000_000L;
    double random = 0.5;
    public final List<Duration> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        now += duration.toNanos();
    }

    @Override
    public double random() {
        return random;
    }

    void advance(Duration d) {
        now += d.toNanos();
    }
}
