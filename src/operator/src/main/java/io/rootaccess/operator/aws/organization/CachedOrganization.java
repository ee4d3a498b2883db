package io.rootaccess.operator.aws.organization;

import io.rootaccess.operator.aws.AccountTags;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.OperatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The shared organization snapshot, served stale-while-revalidate: only the very first read (the
 * shape, one call per OU page) is waited for. Re-reads and tag sweeps (one call per account:
 * minutes at 10,000 accounts) run on one background thread, and a sweep publishes what it has read
 * every few dozen accounts, so no reconciler thread is ever held by the organization's size.
 */
@ApplicationScoped
public class CachedOrganization implements OrganizationCache {
    private static final Logger LOG = Logger.getLogger(CachedOrganization.class);

    /**
     * After a failed background read, callers keep the previous snapshot this long before the next
     * attempt.
     */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);

    private final OrganizationDirectory directory;
    private final Clock clock;
    private final Duration maxAge;
    private final Executor background;
    private final ExecutorService ownExecutor;
    private final ReentrantLock shapeReads = new ReentrantLock();
    private final AtomicBoolean backgroundRunning = new AtomicBoolean();
    private volatile OrganizationSnapshot snapshot;

    /** What the first walk has found so far, until it ends (then {@link #snapshot}). */
    private volatile OrganizationSnapshot partial;

    private final Object partialArrived = new Object();

    /** The first walk, shared by every caller that arrives while it runs. */
    private CompletableFuture<OrganizationSnapshot> firstRead;

    /** Set once a caller needed tags: every later refresh reads them too. */
    private volatile boolean tagsWanted;

    /** The last background read's failure, until a read succeeds. */
    private volatile AwsException failure;

    private volatile Instant failedAt = Instant.MIN;

    @Inject
    public CachedOrganization(OrganizationDirectory directory, OperatorConfig config, Clock clock) {
        this(directory, clock, config.organizationRefreshInterval(), null);
    }

    /**
     * @param background where re-reads run; null for a daemon thread of its own (tests pass a
     *     direct executor)
     */
    public CachedOrganization(
            OrganizationDirectory directory, Clock clock, Duration maxAge, Executor background) {
        this.directory = directory;
        this.clock = clock;
        this.maxAge = maxAge;
        if (background == null) {
            this.ownExecutor =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, "organization-refresh");
                                t.setDaemon(true);
                                return t;
                            });
            this.background = ownExecutor;
        } else {
            this.ownExecutor = null;
            this.background = background;
        }
    }

    @PreDestroy
    void stop() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    @Override
    public OrganizationSnapshot current() {
        OrganizationSnapshot s = snapshot;
        if (s == null) {
            return firstRead();
        }
        if (stale(s) || failure != null) {
            startBackground(true);
        }
        return snapshot;
    }

    /**
     * Before the first walk of the organization has ended: what it has found so far (waiting only
     * for its first page); afterwards {@link #current()}. Only for callers that conclude nothing
     * from an account's absence (see {@link OrganizationSnapshot#complete()}).
     */
    @Override
    public OrganizationSnapshot currentOrPartial() {
        if (snapshot != null) {
            return current();
        }
        CompletableFuture<OrganizationSnapshot> read = startFirstRead();
        synchronized (partialArrived) {
            while (partial == null && !read.isDone()) {
                try {
                    partialArrived.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        OrganizationSnapshot whole = snapshot;
        if (whole != null) {
            return whole;
        }
        OrganizationSnapshot soFar = partial;
        return soFar != null ? soFar : join(read);
    }

    @Override
    public Optional<OrganizationSnapshot> peek() {
        OrganizationSnapshot whole = snapshot;
        return Optional.ofNullable(whole != null ? whole : partial);
    }

    /**
     * A re-read that failed for a reason a person must fix (permissions, organization gone): the
     * snapshot is still served (accounts keep being audited), and the policies report this instead
     * of an old picture silently.
     */
    @Override
    public Optional<AwsException> lastRefreshFailure() {
        AwsException f = failure;
        return f == null || f.retryable() ? Optional.empty() : Optional.of(f);
    }

    @Override
    public OrganizationSnapshot currentWithTags() {
        tagsWanted = true;
        OrganizationSnapshot s = current();
        if (!s.tagsPending().isEmpty()) {
            startBackground(false);
        }
        return snapshot;
    }

    @Override
    public OrganizationSnapshot refresh() {
        Instant asked = clock.instant();
        OrganizationSnapshot fresh;
        shapeReads.lock();
        try {
            // callers that queued behind another read take its result: one read serves them all
            OrganizationSnapshot s = snapshot;
            fresh = s != null && s.readAt().isAfter(asked) ? s : readShape();
        } finally {
            shapeReads.unlock();
        }
        if (tagsWanted && !fresh.tagsPending().isEmpty()) {
            startBackground(false);
        }
        return snapshot;
    }

    /**
     * Drops everything read, as if the organization had never been read: the next caller starts a
     * first walk (shared in parts, {@link #currentOrPartial()}), and tags are read again only once
     * someone asks for them. For when the organization behind the endpoint is another one (tests
     * that replace the sandbox's organization under a running operator).
     */
    public void forget() {
        shapeReads.lock();
        try {
            synchronized (this) {
                firstRead = null;
            }
            snapshot = null;
            partial = null;
            tagsWanted = false;
            failure = null;
            failedAt = Instant.MIN;
        } finally {
            shapeReads.unlock();
        }
    }

    /**
     * The very first read is the shape only (with the tags known, none yet): nobody waits for a tag
     * sweep. It runs on the background thread and hands out what it has found as it goes ({@link
     * #currentOrPartial()}); this waits for the whole of it.
     */
    private OrganizationSnapshot firstRead() {
        OrganizationSnapshot s = snapshot;
        return s != null ? s : join(startFirstRead());
    }

    /**
     * Starts the first read unless one is running; a failed one is started again by the next
     * caller.
     */
    private synchronized CompletableFuture<OrganizationSnapshot> startFirstRead() {
        CompletableFuture<OrganizationSnapshot> read = firstRead;
        if (read != null && !read.isCompletedExceptionally()) {
            return read;
        }
        CompletableFuture<OrganizationSnapshot> started = new CompletableFuture<>();
        firstRead = started;
        Runnable walk =
                () -> {
                    try {
                        started.complete(readShape(this::publishPartial));
                    } catch (RuntimeException e) {
                        started.completeExceptionally(e);
                    } finally {
                        synchronized (partialArrived) {
                            partialArrived.notifyAll();
                        }
                    }
                };
        // a thread of its own, not the background executor: that one may be busy (or, in tests,
        // driven by hand), and every caller waits for this read
        Thread reader = new Thread(walk, "organization-first-read");
        reader.setDaemon(true);
        reader.start();
        return started;
    }

    private void publishPartial(OrganizationSnapshot soFar) {
        if (snapshot != null) {
            return; // only the first walk is shared in parts; later ones replace a whole snapshot
        }
        synchronized (partialArrived) {
            partial = soFar;
            partialArrived.notifyAll();
        }
    }

    /** The read's snapshot, or its failure as it was thrown (an AwsException stays one). */
    private static OrganizationSnapshot join(CompletableFuture<OrganizationSnapshot> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private OrganizationSnapshot readShape() {
        return readShape(soFar -> {});
    }

    private OrganizationSnapshot readShape(Consumer<OrganizationSnapshot> partials) {
        shapeReads.lock();
        try {
            OrganizationSnapshot fresh = directory.snapshot(false, partials);
            snapshot = fresh;
            partial = null;
            failure = null;
            LOG.debugf(
                    "organization %s read: %d accounts, %d OUs, tags pending for %d",
                    fresh.organization().id(),
                    fresh.accounts().size(),
                    fresh.organizationalUnits().size(),
                    fresh.tagsPending().size());
            return fresh;
        } finally {
            shapeReads.unlock();
        }
    }

    /** One background read at a time; after a failure, none for {@link #RETRY_AFTER_FAILURE}. */
    private void startBackground(boolean shape) {
        if (failedAt.plus(RETRY_AFTER_FAILURE).isAfter(clock.instant())) {
            return;
        }
        if (!backgroundRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(
                    () -> {
                        try {
                            readInBackground(shape);
                        } finally {
                            backgroundRunning.set(false);
                        }
                    });
        } catch (RuntimeException rejected) { // shutting down
            backgroundRunning.set(false);
        }
    }

    private void readInBackground(boolean shape) {
        try {
            if (shape && (snapshot == null || stale(snapshot) || failure != null)) {
                readShape();
            }
            OrganizationSnapshot read = snapshot;
            if (tagsWanted && read != null) { // null: forgotten meanwhile
                AccountTags tags = directory.readTags(read.accounts().keySet(), this::publishTags);
                publishTags(tags);
            }
            failure = null;
        } catch (AwsException e) {
            failure = e;
            failedAt = clock.instant();
            LOG.debugf(
                    "organization re-read failed (%s), keeping the snapshot of %s",
                    e.kind(), snapshot == null ? null : snapshot.readAt());
        } catch (RuntimeException e) {
            failedAt = clock.instant();
            LOG.warnf("organization re-read failed: %s", e.toString());
        }
    }

    /**
     * Lays the tags read so far over the newest shape (a forced shape read may have happened
     * meanwhile).
     */
    private void publishTags(AccountTags tags) {
        shapeReads.lock();
        try {
            if (snapshot == null) {
                return; // forgotten while the sweep ran
            }
            snapshot = snapshot.withTags(tags);
        } finally {
            shapeReads.unlock();
        }
    }

    private boolean stale(OrganizationSnapshot s) {
        return s.readAt().plus(maxAge).isBefore(clock.instant());
    }
}
