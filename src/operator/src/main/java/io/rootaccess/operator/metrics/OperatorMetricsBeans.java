package io.rootaccess.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's own reconcile metrics (operator_sdk_reconciliations_*, operator_sdk_events_*, ...), per
 * controller only: QOSDK's default collects them per resource too, which would add a label set per
 * account (unbounded). Wrapped by {@link ReconcileMetrics}, which also sets the log fields of the
 * resource being reconciled.
 */
public class OperatorMetricsBeans {
    @Produces
    @Singleton
    Metrics josdkMetrics(MeterRegistry registry) {
        return new ReconcileMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
    }
}
