package io.rootaccess.operator.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The operator's Clock bean replaced by the running sandbox's clock, so a test moves the operator
 * and AWS forward together ({@code sandbox().advanceClock(...)}). Selected only by test profiles
 * that list it in getEnabledAlternatives().
 */
@Alternative
@ApplicationScoped
public class SandboxOperatorClock {
    @Produces
    @Singleton
    Clock clock() {
        return new Clock() {
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
                return SandboxResource.sandbox().clock().instant();
            }
        };
    }
}
