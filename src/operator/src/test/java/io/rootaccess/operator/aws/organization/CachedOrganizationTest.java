package io.rootaccess.operator.aws.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AccountTags;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedOrganizationTest {
    private final AtomicReference<Instant> now =
            new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock =
            new Clock() {
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                public Instant instant() {
                    return now.get();
                }
            };
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<AwsException> failure = new AtomicReference<>();

    private final OrganizationDirectory directory =
            new OrganizationDirectory() {
                public OrganizationInfo describeOrganization() {
                    throw new UnsupportedOperationException();
                }

                public AccountInfo describeAccount(String accountId) {
                    throw new UnsupportedOperationException();
                }

                public OrganizationSnapshot snapshot(boolean withTags) {
                    tagged.set(withTags);
                    readsWithTags.add(withTags);
                    return withTags
                            ? snapshot()
                            : snapshot()
                                    .withTags(AccountTags.NONE); // like AWS: tags cost extra calls
                }

                public OrganizationSnapshot snapshot() {
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    reads.incrementAndGet();
                    java.util.concurrent.CountDownLatch gate = readGate.get();
                    if (gate != null) {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return new OrganizationSnapshot(
                            new OrganizationInfo("o-1", "111111111111", "ALL"),
                            "r-1",
                            Map.of(
                                    "222222222222",
                                    new AccountInfo("222222222222", "a", "a@x", "ACTIVE")),
                            Map.of("222222222222", "r-1"),
                            Set.of(),
                            Map.of(),
                            clock.instant());
                }

                public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
                    throw new UnsupportedOperationException();
                }
            };

    /** When set, a read waits for it: lets a test line up callers behind a read in progress. */
    private final AtomicReference<java.util.concurrent.CountDownLatch> readGate =
            new AtomicReference<>();

    private final AtomicBoolean tagged = new AtomicBoolean();
    private final List<Boolean> readsWithTags = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Background reads are queued here and run when the test says so. */
    private final java.util.Queue<Runnable> backgroundQueue =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final CachedOrganization cache =
            new CachedOrganization(directory, clock, Duration.ofMinutes(5), backgroundQueue::add);

    private void runBackground() {
        Runnable r;
        while ((r = backgroundQueue.poll()) != null) {
            r.run();
        }
    }

    @Test
    void aFirstCallerWantingTagsGetsTheShapeAtOnceAndTheTagsFollowInTheBackground() {
        OrganizationSnapshot first = cache.currentWithTags();
        assertEquals(List.of(false), readsWithTags, "only the shape is waited for");
        assertEquals(1, backgroundQueue.size(), "the tag sweep is queued");
        runBackground();
        assertEquals(List.of(false, true), readsWithTags);
        assertSame(
                first.accounts(),
                cache.currentWithTags().accounts(),
                "the tags are laid over the same shape");
    }

    @Test
    void tagsAreReadOnceSomeoneNeedsThem() {
        cache.current();
        runBackground();
        assertFalse(tagged.get(), "no caller needed tags yet");
        assertEquals(1, reads.get());
        cache.currentWithTags();
        runBackground();
        assertTrue(tagged.get());
        assertEquals(2, reads.get(), "the tags are read once");
        cache.currentWithTags();
        runBackground();
        assertEquals(2, reads.get(), "then served from the cache");
        now.set(now.get().plus(Duration.ofMinutes(6)));
        cache.current();
        runBackground();
        assertEquals(
                List.of(false, true, false, true),
                readsWithTags,
                "a refresh reads the shape, then the tags");
    }

    @Test
    void aStaleSnapshotIsServedWhileTheBackgroundReadsAgain() {
        OrganizationSnapshot first = cache.current();
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertSame(first, cache.current());
        assertTrue(backgroundQueue.isEmpty(), "fresh: nothing to read");
        now.set(now.get().plus(Duration.ofMinutes(2)));
        assertSame(first, cache.current(), "stale, but the caller does not wait");
        assertSame(first, cache.current());
        assertEquals(1, backgroundQueue.size(), "one background read at a time");
        runBackground();
        assertEquals(2, reads.get());
        OrganizationSnapshot second = cache.current();
        assertEquals(now.get(), second.readAt());
        cache.refresh();
        assertEquals(3, reads.get(), "a forced refresh reads at once");
    }

    @Test
    void forcedRefreshesThatQueueBehindAReadShareIt() throws Exception {
        cache.current();
        var gate = new java.util.concurrent.CountDownLatch(1);
        readGate.set(gate);
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var first = pool.submit(cache::refresh);
            org.awaitility.Awaitility.await()
                    .until(() -> reads.get() == 2); // the first refresh is reading
            var second = new java.util.concurrent.FutureTask<>(cache::refresh);
            Thread asker = new Thread(second, "second-refresh");
            asker.start(); // asks now, then waits for the lock
            org.awaitility.Awaitility.await().until(() -> asker.getState() == Thread.State.WAITING);
            now.set(
                    now.get()
                            .plusSeconds(
                                    1)); // the read in progress completes after the second caller
            // asked
            gate.countDown();
            assertSame(first.get(), second.get(), "one read served both");
            assertEquals(2, reads.get());
        } finally {
            readGate.set(null);
            pool.shutdownNow();
        }
    }

    @Test
    void pendingTagsAreExposedUntilTheSweepHasReadThem() {
        OrganizationSnapshot shape =
                new OrganizationSnapshot(
                                new OrganizationInfo("o-1", "111111111111", "ALL"),
                                "r-1",
                                Map.of(
                                        "222222222222",
                                        new AccountInfo("222222222222", "a", "a@x", "ACTIVE"),
                                        "333333333333",
                                        new AccountInfo("333333333333", "b", "b@x", "ACTIVE")),
                                Map.of(),
                                Set.of(),
                                Map.of(),
                                clock.instant())
                        .withTags(AccountTags.NONE);
        assertEquals(Set.of("222222222222", "333333333333"), shape.tagsPending());
        OrganizationSnapshot half =
                shape.withTags(
                        new AccountTags(
                                Map.of(
                                        "222222222222",
                                        Map.of("purpose", "break-glass"),
                                        "999999999999",
                                        Map.of("x", "y")),
                                Set.of("222222222222", "999999999999")));
        assertEquals(Set.of("333333333333"), half.tagsPending());
        assertEquals(
                Map.of("222222222222", Map.of("purpose", "break-glass")),
                half.tags(),
                "tags of accounts that left are dropped");
    }

    @Test
    void keepsTheStaleSnapshotOnRetryableFailuresOnly() {
        OrganizationSnapshot first = cache.current();
        now.set(now.get().plus(Duration.ofMinutes(10)));
        failure.set(
                new AwsException(
                        AwsErrorKind.THROTTLED,
                        "organizations:ListAccounts",
                        "TooManyRequestsException",
                        "x"));
        assertSame(first, cache.current());
        runBackground();
        assertSame(first, cache.current(), "throttled: the previous snapshot is good enough");
        assertTrue(backgroundQueue.isEmpty(), "no new attempt right after a failure");

        now.set(now.get().plus(CachedOrganization.RETRY_AFTER_FAILURE).plusSeconds(1));
        failure.set(
                new AwsException(
                        AwsErrorKind.ACCESS_DENIED,
                        "organizations:ListAccounts",
                        "AccessDenied",
                        "x"));
        assertTrue(cache.lastRefreshFailure().isEmpty(), "throttling is not for a person to fix");
        cache.current();
        runBackground();
        assertSame(first, cache.current(), "accounts keep the last snapshot");
        assertEquals(
                AwsErrorKind.ACCESS_DENIED,
                cache.lastRefreshFailure().orElseThrow().kind(),
                "but a failure a person must fix is not hidden from the policies");

        now.set(now.get().plus(CachedOrganization.RETRY_AFTER_FAILURE).plusSeconds(1));
        failure.set(null);
        cache.current();
        runBackground();
        assertEquals(now.get(), cache.current().readAt());
        assertTrue(cache.lastRefreshFailure().isEmpty(), "cleared by a successful read");
    }

    @Test
    void theFirstReadFailureReachesTheCaller() {
        failure.set(
                new AwsException(
                        AwsErrorKind.UNREACHABLE,
                        "organizations:DescribeOrganization",
                        "Unreachable",
                        "x"));
        AwsException e = assertThrows(AwsException.class, cache::current);
        assertEquals(AwsErrorKind.UNREACHABLE, e.kind());
    }
}
