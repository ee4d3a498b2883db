package io.rootaccess.operator.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The time the account controller decides by (notices, audits, holds): the system clock, a bean so
 * a test profile can replace it with the sandbox's movable clock and prove a 7-day notice without
 * waiting 7 days.
 */
@ApplicationScoped
public class OperatorClock {
    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
