package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.aws.AwsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The organization switches as last converged, per policy: an unchanged spec.organization is not
 * read from AWS again until the refresh interval has passed. Policies without spec.organization
 * share one read-only look.
 */
final class OrganizationSwitchesMemo {
    private static final Logger LOG = Logger.getLogger(OrganizationSwitchesMemo.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Memo key of the read-only look shared by policies without spec.organization. */
    private static final String SHARED_OBSERVATION = "";

    private final OrganizationSwitches switches;
    private final Duration refreshInterval;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(JsonNode spec, OrganizationSwitches.Observed observed, Instant at) {}

    /** Memos taken before this instant are stale (a switch changed: see {@link PolicyRechecks}). */
    private final java.util.function.Supplier<Instant> changedAt;

    OrganizationSwitchesMemo(OrganizationSwitches switches, Duration refreshInterval, Clock clock) {
        this(switches, refreshInterval, clock, () -> Instant.EPOCH);
    }

    OrganizationSwitchesMemo(
            OrganizationSwitches switches,
            Duration refreshInterval,
            Clock clock,
            java.util.function.Supplier<Instant> changedAt) {
        this.switches = switches;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.changedAt = changedAt;
    }

    /**
     * Converges the policy's spec.organization, or returns what the last pass within the interval
     * saw.
     */
    OrganizationSwitches.Observed converge(String uid, OrganizationSpec organization) {
        return converge(uid, organization, false);
    }

    /**
     * As {@link #converge(String, OrganizationSpec)}; with {@code planOnly} (DryRun, or a conflict
     * with another policy over a switch) nothing is written: the difference is reported as planned.
     */
    OrganizationSwitches.Observed converge(
            String uid, OrganizationSpec organization, boolean planOnly) {
        JsonNode wanted = ((ObjectNode) MAPPER.valueToTree(organization)).put("planOnly", planOnly);
        Entry memo = entries.get(uid);
        Instant now = clock.instant();
        if (memo != null
                && memo.spec().equals(wanted)
                && memo.at().plus(refreshInterval).isAfter(now)
                && memo.at().isAfter(changedAt.get())) {
            return memo.observed();
        }
        OrganizationSwitches.Observed observed =
                planOnly ? switches.plan(organization) : switches.converge(organization);
        if (!observed.changes().isEmpty()) {
            LOG.infof(
                    "organization %s: %s",
                    observed.organization().id(), String.join(", ", observed.changes()));
        }
        entries.put(uid, new Entry(wanted, observed, now));
        // what was just read (and written) is also the freshest view for the policies that only
        // look
        entries.put(
                SHARED_OBSERVATION,
                new Entry(
                        ((ObjectNode) MAPPER.valueToTree(new OrganizationSpec()))
                                .put("planOnly", false),
                        observed,
                        now));
        return observed;
    }

    /**
     * Policies that do not manage the switches still show them: one shared, read-only look per
     * refresh interval, best effort (a failure here must not stop a policy that only manages
     * accounts).
     */
    Optional<OrganizationSwitches.Observed> observe() {
        try {
            return Optional.of(converge(SHARED_OBSERVATION, new OrganizationSpec()));
        } catch (AwsException e) {
            LOG.debugf("reading the organization switches failed: %s", e);
            return Optional.empty();
        }
    }

    void forget(String uid) {
        entries.remove(uid);
    }
}
