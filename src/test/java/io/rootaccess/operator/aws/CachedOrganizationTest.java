package io.rootaccess.operator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedOrganizationTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
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

    private final OrganizationDirectory directory = new OrganizationDirectory() {
        public OrganizationInfo describeOrganization() {
            throw new UnsupportedOperationException();
        }

        public AccountInfo describeAccount(String accountId) {
            throw new UnsupportedOperationException();
        }

        public OrganizationSnapshot snapshot(boolean withTags) {
            tagged.set(withTags);
            readsWithTags.add(withTags);
            return snapshot();
        }

        public OrganizationSnapshot snapshot() {
            if (failure.get() != null) {
                throw failure.get();
            }
            reads.incrementAndGet();
            return new OrganizationSnapshot(new OrganizationInfo("o-1", "111111111111", "ALL"), "r-1",
                    Map.of("222222222222", new AccountInfo("222222222222", "a", "a@x", "ACTIVE")),
                    Map.of("222222222222", "r-1"), Set.of(), Map.of(), clock.instant());
        }

        public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
            throw new UnsupportedOperationException();
        }
    };

    private final AtomicBoolean tagged = new AtomicBoolean();
    private final List<Boolean> readsWithTags = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void aFirstCallerWantingTagsPublishesTheShapeBeforeTheTagSweep() {
        cache.currentWithTags();
        assertEquals(List.of(false, true), readsWithTags, "shape first (others may use it), then the tags");
    }
    private final CachedOrganization cache = new CachedOrganization(directory, clock, Duration.ofMinutes(5));

    @Test
    void tagsAreReadOnceSomeoneNeedsThem() {
        cache.current();
        assertFalse(tagged.get(), "no caller needed tags yet");
        assertEquals(1, reads.get());
        cache.currentWithTags();
        assertTrue(tagged.get());
        assertEquals(2, reads.get(), "a snapshot without tags is replaced at once");
        cache.currentWithTags();
        assertEquals(2, reads.get(), "then served from the cache");
        now.set(now.get().plus(Duration.ofMinutes(6)));
        cache.current();
        assertEquals(3, reads.get());
        assertTrue(tagged.get(), "later refreshes keep reading tags");
    }

    @Test
    void readsOnceWhileFreshThenAgainWhenStale() {
        OrganizationSnapshot first = cache.current();
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertSame(first, cache.current());
        assertEquals(1, reads.get());
        now.set(now.get().plus(Duration.ofMinutes(2)));
        cache.current();
        assertEquals(2, reads.get());
        cache.refresh();
        assertEquals(3, reads.get());
    }

    @Test
    void keepsTheStaleSnapshotOnRetryableFailuresOnly() {
        OrganizationSnapshot first = cache.current();
        now.set(now.get().plus(Duration.ofMinutes(10)));
        failure.set(new AwsException(AwsErrorKind.THROTTLED, "organizations:ListAccounts", "TooManyRequestsException", "x"));
        assertSame(first, cache.current());
        failure.set(new AwsException(AwsErrorKind.ACCESS_DENIED, "organizations:ListAccounts", "AccessDenied", "x"));
        assertThrows(AwsException.class, cache::current);
    }

    @Test
    void theFirstReadFailureReachesTheCaller() {
        failure.set(new AwsException(AwsErrorKind.UNREACHABLE, "organizations:DescribeOrganization", "Unreachable", "x"));
        AwsException e = assertThrows(AwsException.class, cache::current);
        assertEquals(AwsErrorKind.UNREACHABLE, e.kind());
    }
}
