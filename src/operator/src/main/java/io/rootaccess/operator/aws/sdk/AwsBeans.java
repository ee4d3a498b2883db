package io.rootaccess.operator.aws.sdk;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.aws.organization.ConfigMapTagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCallObserver;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.aws.pacing.Pacing;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.OperatorNamespace;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring of the shared clients, the rate limiter and the call runner (one of each per
 * operator).
 */
public class AwsBeans {

    @Produces
    @Singleton
    AwsClients clients(OperatorConfig config) {
        return new AwsClients(config.aws());
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }

    @Produces
    @Singleton
    ApiRateLimiter rateLimiter(OperatorConfig config) {
        return new ApiRateLimiter(config.aws().rateLimits(), Pacing.SYSTEM);
    }

    /**
     * A call never queues for a token longer than one call timeout: beyond that it reports
     * THROTTLED.
     */
    @Produces
    @Singleton
    AwsCalls calls(
            ApiRateLimiter limiter,
            OperatorConfig config,
            AwsCallObserver observer,
            io.rootaccess.operator.lifecycle.PauseFence pauseFence) {
        return new AwsCalls(
                        limiter,
                        Pacing.SYSTEM,
                        config.aws().maxAttempts(),
                        config.aws().callTimeout())
                .observedBy(observer)
                .fencedBy(pauseFence::check);
    }

    /**
     * The organization tag cache, in the operator's namespace (where the chart grants ConfigMaps);
     * switched off with rootaccess.organization.tag-cache.enabled=false.
     */
    @Produces
    @Singleton
    TagReadStore tagReadStore(OperatorConfig config, KubernetesClient client) {
        if (!config.organization().tagCache().enabled()) {
            return TagReadStore.NONE;
        }
        return new ConfigMapTagReadStore(
                client, OperatorNamespace.of(client), ConfigMapTagReadStore.DEFAULT_NAME);
    }
}
