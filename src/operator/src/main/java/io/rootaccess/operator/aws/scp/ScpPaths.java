package io.rootaccess.operator.aws.scp;

import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import io.rootaccess.operator.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The SCPs on an account's path (the account, its OUs, the root), read through a cache that lives
 * as long as the organization's shape does (rootaccess.organization-refresh-interval): the path
 * comes from the organization cache (no ListParents), each target's attachments and each policy's
 * document are read once per interval and shared by every account under them. So a pass over 1,000
 * accounts in one OU costs one ListPoliciesForTarget per account, plus one per OU and root and one
 * DescribePolicy per policy, instead of the whole path per account and per denial. An edited SCP is
 * seen within the interval. Accounts the cached shape does not know are read uncached.
 */
@ApplicationScoped
public class ScpPaths {
    private record Cached<T>(T value, Instant readAt) {}

    private final OrganizationDirectory directory;
    private final OrganizationCache organization; // null: never cached
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Cached<List<ServiceControlPolicy>>> attached =
            new ConcurrentHashMap<>();
    private final Map<String, Cached<String>> documents = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong uncachedReads = new AtomicLong();

    @Inject
    public ScpPaths(
            OrganizationDirectory directory,
            OrganizationCache organization,
            OperatorConfig config,
            Clock clock) {
        this(directory, organization, clock, config.organizationRefreshInterval());
    }

    public ScpPaths(
            OrganizationDirectory directory,
            OrganizationCache organization,
            Clock clock,
            Duration maxAge) {
        this.directory = directory;
        this.organization = organization;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** Reads the whole path on every call (tests, and callers without an organization cache). */
    public static ScpPaths uncached(OrganizationDirectory directory) {
        // never cached (no organization cache, maxAge zero): the clock is never read
        return new ScpPaths(
                directory, null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ZERO);
    }

    /**
     * The SCPs attached to the account, each OU above it and the root, nearest first, with their
     * documents. @throws io.rootaccess.operator.aws.AwsException when Organizations denies or fails
     * a read
     */
    public List<ServiceControlPolicy> policiesFor(String accountId) {
        return policies(accountId, true);
    }

    /**
     * As {@link #policiesFor} without the SCPs attached to the account itself: its OUs' and the
     * root's, shared by every account below them, so no read per account.
     */
    public List<ServiceControlPolicy> policiesAbove(String accountId) {
        return policies(accountId, false);
    }

    private List<ServiceControlPolicy> policies(String accountId, boolean own) {
        Optional<List<String>> targets =
                targets(accountId).map(t -> own ? t : t.subList(1, t.size()));
        if (targets.isEmpty()) {
            uncachedReads.incrementAndGet();
            return directory.serviceControlPoliciesFor(accountId);
        }
        List<ServiceControlPolicy> out = new ArrayList<>();
        try {
            for (String target : targets.get()) {
                for (ServiceControlPolicy p : attachedTo(target)) {
                    out.add(new ServiceControlPolicy(p.id(), p.name(), target, document(p.id())));
                }
            }
        } catch (UnsupportedOperationException directoryWithoutPerTargetReads) {
            uncachedReads.incrementAndGet();
            return directory.serviceControlPoliciesFor(accountId);
        }
        return out;
    }

    /** How many paths were read without the cache (an account the shape does not know yet). */
    public long uncachedReads() {
        return uncachedReads.get();
    }

    /** The account and its ancestors up to the root, from the cached shape; empty when unknown. */
    private Optional<List<String>> targets(String accountId) {
        if (organization == null) {
            return Optional.empty();
        }
        Optional<OrganizationSnapshot> shape = organization.peek();
        if (shape.isEmpty() || !shape.get().accounts().containsKey(accountId)) {
            return Optional.empty();
        }
        List<String> path = shape.get().path(accountId);
        if (path.isEmpty() || !path.get(path.size() - 1).equals(shape.get().rootId())) {
            return Optional.empty(); // a path cut short: read it from AWS
        }
        List<String> targets = new ArrayList<>();
        targets.add(accountId);
        targets.addAll(path);
        return Optional.of(targets);
    }

    private List<ServiceControlPolicy> attachedTo(String target) {
        return cached(attached, target, () -> directory.serviceControlPoliciesAttachedTo(target));
    }

    private String document(String policyId) {
        return cached(documents, policyId, () -> directory.serviceControlPolicyDocument(policyId));
    }

    /**
     * A value younger than the interval, else read now: one read per key at a time, so accounts
     * starting together share one read of their OU's and root's attachments and of each document.
     */
    private <T> T cached(Map<String, Cached<T>> cache, String key, Supplier<T> read) {
        Cached<T> hit = cache.get(key);
        if (fresh(hit)) {
            return hit.value();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            hit = cache.get(key);
            if (fresh(hit)) {
                return hit.value();
            }
            Instant now = clock.instant();
            T value = read.get();
            cache.put(key, new Cached<>(value, now));
            return value;
        }
    }

    private boolean fresh(Cached<?> hit) {
        return hit != null && hit.readAt().plus(maxAge).isAfter(clock.instant());
    }
}
