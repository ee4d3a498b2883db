package io.rootaccess.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every controller retries forever after an error (a Kubernetes API outage, a 409/5xx on a status
 * write), with exponential back-off capped at 60 s, and is reconciled again at least once per audit
 * interval: read from the operator JOSDK actually runs, not from the properties file. JOSDK's
 * default would give up after 5 attempts and resync only every 10 hours.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class RetryConfigurationIT {

    @Inject Operator operator;

    @Inject OperatorConfig config;

    @Test
    void everyControllerRetriesForeverWithCappedBackoffAndResyncsWithinTheAuditInterval() {
        List<ControllerConfiguration<?>> controllers =
                operator.getRegisteredControllers().stream()
                        .<ControllerConfiguration<?>>map(c -> c.getConfiguration())
                        .toList();
        assertEquals(3, controllers.size(), controllers.toString());
        for (ControllerConfiguration<?> c : controllers) {
            GenericRetry retry = assertInstanceOf(GenericRetry.class, c.getRetry(), c.getName());
            assertEquals(-1, retry.getMaxAttempts(), c.getName() + ": attempts must be unlimited");
            assertEquals(1000L, retry.getInitialInterval(), c.getName());
            assertEquals(2.0, retry.getIntervalMultiplier(), c.getName());
            assertEquals(60_000L, retry.getMaxInterval(), c.getName());
            var execution = retry.initExecution();
            long last = 0;
            for (int i = 0; i < 40; i++) {
                last =
                        execution
                                .nextDelay()
                                .orElseThrow(() -> new AssertionError(c.getName() + " gave up"));
            }
            assertEquals(60_000L, last, "back-off grows to the cap and stays there");
            assertTrue(c.maxReconciliationInterval().isPresent(), c.getName());
            assertTrue(
                    c.maxReconciliationInterval().get().compareTo(config.auditInterval()) <= 0,
                    c.getName()
                            + ": resync "
                            + c.maxReconciliationInterval().get()
                            + " > audit "
                            + config.auditInterval());
        }
    }
}
