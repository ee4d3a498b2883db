package io.rootaccess.operator.aws;

import io.rootaccess.operator.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The shared organization snapshot. One thread re-reads it when it is older than the refresh interval;
 * meanwhile, and when that read fails for a retryable reason, other callers keep the previous snapshot
 * instead of waiting (a 10k-account sweep takes minutes). Only the very first read is waited for.
 */
@ApplicationScoped
public class CachedOrganization implements OrganizationCache {
    private static final Logger LOG = Logger.getLogger(CachedOrganization.class);

    private final OrganizationDirectory directory;
    private final Clock clock;
    private final Duration maxAge;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile OrganizationSnapshot snapshot;
    /** Set once a caller needed tags: every later read includes them. */
    private volatile boolean tagsWanted;
    /** Whether {@link #snapshot} was read with tags. */
    private volatile boolean snapshotHasTags;

    @Inject
    public CachedOrganization(OrganizationDirectory directory, OperatorConfig config) {
        this(directory, Clock.systemUTC(), config.organizationRefreshInterval());
    }

    public CachedOrganization(OrganizationDirectory directory, Clock clock, Duration maxAge) {
        this.directory = directory;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public OrganizationSnapshot current() {
        OrganizationSnapshot s = snapshot;
        if (s != null && !stale(s)) {
            return s;
        }
        if (s == null) {
            refreshing.lock();
        } else if (!refreshing.tryLock()) {
            return s; // someone is already re-reading: the previous snapshot is good enough meanwhile
        }
        try {
            OrganizationSnapshot again = snapshot;
            if (again != null && !stale(again)) {
                return again;
            }
            // the very first read is always the shape only: nobody waits for a tag sweep to start working
            return read(again, again != null && tagsWanted);
        } finally {
            refreshing.unlock();
        }
    }

    @Override
    public OrganizationSnapshot currentWithTags() {
        // First publish a snapshot without tags (one call per OU page), so other callers need not wait
        // for the tag sweep (one call per account); then read the tags for this caller.
        OrganizationSnapshot s = current();
        tagsWanted = true;
        if (snapshotHasTags) {
            return s;
        }
        refreshing.lock();
        try {
            return snapshotHasTags ? snapshot : read(snapshot, true);
        } finally {
            refreshing.unlock();
        }
    }

    @Override
    public OrganizationSnapshot refresh() {
        refreshing.lock();
        try {
            return read(null, tagsWanted);
        } finally {
            refreshing.unlock();
        }
    }

    private OrganizationSnapshot read(OrganizationSnapshot previous, boolean withTags) {
        try {
            OrganizationSnapshot fresh = directory.snapshot(withTags);
            snapshot = fresh;
            snapshotHasTags = withTags;
            LOG.debugf("organization %s read: %d accounts, %d OUs", fresh.organization().id(), fresh.accounts().size(),
                    fresh.organizationalUnits().size());
            return fresh;
        } catch (AwsException e) {
            if (previous != null && e.retryable()) {
                LOG.debugf("organization re-read failed (%s), keeping the snapshot of %s", e.kind(), previous.readAt());
                return previous;
            }
            throw e;
        }
    }

    private boolean stale(OrganizationSnapshot s) {
        return s.readAt().plus(maxAge).isBefore(clock.instant());
    }
}
