package io.rootaccess.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Wall clock plus an offset that tests move forward to expire sessions without sleeping. */
public final class SandboxClock extends Clock {
    private final Clock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    SandboxClock(Clock base) {
        this.base = base;
    }

    public void advance(Duration d) {
        offsetMillis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }
}
