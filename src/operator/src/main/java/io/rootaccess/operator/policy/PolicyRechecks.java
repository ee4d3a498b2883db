package io.rootaccess.operator.policy;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every policy looked at again now, asked from outside the policies' own schedule (the management
 * account's events): after an organization switch changed, the switches are read from AWS again
 * ({@link OrganizationSwitchesMemo} forgets what it saw before {@link #switchesChangedAt()}); after
 * an account joined, moved or left, the caller re-read the organization and targeting is evaluated
 * again.
 */
@ApplicationScoped
public class PolicyRechecks {
    private static final Logger LOG = Logger.getLogger(PolicyRechecks.class);

    private final SimpleInboundEventSource<RootAccessPolicy> wakeUps =
            new SimpleInboundEventSource<>("policy-rechecks");
    private volatile IndexerResourceCache<RootAccessPolicy> policies;
    private volatile Instant switchesChangedAt = Instant.EPOCH;

    /** Registered by the policy controller (its primary cache lists the policies to wake). */
    SimpleInboundEventSource<RootAccessPolicy> eventSource(
            EventSourceContext<RootAccessPolicy> context) {
        this.policies = context.getPrimaryCache();
        return wakeUps;
    }

    /** The organization switches changed at {@code at}: every policy reads them again now. */
    public void switchesChanged(Instant at) {
        if (at.isAfter(switchesChangedAt)) {
            switchesChangedAt = at;
        }
        wakeAll();
    }

    /** The organization (accounts, OUs) changed and was re-read: every policy re-targets now. */
    public void organizationChanged() {
        wakeAll();
    }

    /** A memo of the switches taken before this instant is stale. */
    Instant switchesChangedAt() {
        return switchesChangedAt;
    }

    private void wakeAll() {
        var cache = policies;
        if (cache == null) {
            throw new IllegalStateException("the policy controller has not started yet");
        }
        cache.list().forEach(p -> wakeUps.propagateEvent(ResourceID.fromResource(p)));
        LOG.debug("every policy woken up by a management account event");
    }
}
