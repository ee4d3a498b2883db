package io.rootaccess.operator.lifecycle;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.javaoperatorsdk.operator.processing.retry.GenericRetryExecution;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JOSDK's retry after a failed reconciliation (a Kubernetes API error, an unexpected exception): never gives
 * up, exponential back-off capped at a maximum, and "equal jitter" (each delay drawn from half to all of the
 * exponential value) so resources that failed together (an API server outage) do not all retry in the same
 * instant. Attempts, intervals and cap come from application.properties
 * (quarkus.operator-sdk.controllers."name".retry.*, applied by QOSDK because this is a GenericRetry); the
 * defaults here are the same values.
 */
public class JitteredRetry extends GenericRetry {

    public JitteredRetry() {
        setMaxAttempts(-1); // unlimited: a resource never waits for an outside event after an error
        setInitialInterval(1000L);
        setIntervalMultiplier(2.0);
        setMaxInterval(60_000L);
    }

    @Override
    public GenericRetryExecution initExecution() {
        return new GenericRetryExecution(this) {
            @Override
            public Optional<Long> nextDelay() {
                return super.nextDelay().map(JitteredRetry::jitter);
            }
        };
    }

    static long jitter(long delayMillis) {
        long half = delayMillis / 2;
        return half + ThreadLocalRandom.current().nextLong(delayMillis - half + 1);
    }
}
