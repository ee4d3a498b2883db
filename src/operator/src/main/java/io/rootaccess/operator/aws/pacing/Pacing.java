package io.rootaccess.operator.aws.pacing;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Time and randomness for the rate limiter and back-off, injectable so tests never sleep. */
public interface Pacing {
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** Uniform in [0, 1): the jitter of back-off. */
    double random();

    Pacing SYSTEM =
            new Pacing() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public void sleep(Duration duration) throws InterruptedException {
                    if (!duration.isZero() && !duration.isNegative()) {
                        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
                    }
                }

                @Override
                public double random() {
                    return ThreadLocalRandom.current().nextDouble();
                }
            };
}
