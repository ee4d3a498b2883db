package io.rootaccess.operator.aws.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The first walk of the organization is shared while it runs: callers that can use a partial
 * snapshot get what it has found so far, the others wait for the whole of it.
 */
@Timeout(30)
class CachedOrganizationFirstWalkTest {
    private static final OrganizationInfo ORG = new OrganizationInfo("o-1", "111111111111", "ALL");

    /** Released by the test: the walk hands out its first page, then waits here. */
    private final CountDownLatch restOfTheWalk = new CountDownLatch(1);

    private final AtomicInteger walks = new AtomicInteger();
    private final AtomicReference<AwsException> failure = new AtomicReference<>();

    private final OrganizationDirectory directory =
            new OrganizationDirectory() {
                public OrganizationInfo describeOrganization() {
                    return ORG;
                }

                public AccountInfo describeAccount(String accountId) {
                    throw new UnsupportedOperationException();
                }

                public OrganizationSnapshot snapshot() {
                    return snapshot(false, p -> {});
                }

                public OrganizationSnapshot snapshot(
                        boolean withTags, Consumer<OrganizationSnapshot> partial) {
                    walks.incrementAndGet();
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    partial.accept(org(false, "222222222222"));
                    try {
                        restOfTheWalk.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return org(true, "222222222222", "333333333333");
                }

                public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
                    throw new UnsupportedOperationException();
                }
            };

    private final CachedOrganization cache =
            new CachedOrganization(directory, Clock.systemUTC(), Duration.ofMinutes(5), r -> {});

    private static OrganizationSnapshot org(boolean complete, String... accounts) {
        Map<String, AccountInfo> byId = new java.util.TreeMap<>();
        Map<String, String> parents = new java.util.TreeMap<>();
        for (String id : accounts) {
            byId.put(id, new AccountInfo(id, "n" + id, id + "@x", "ACTIVE"));
            parents.put(id, "r-1");
        }
        return new OrganizationSnapshot(
                ORG,
                "r-1",
                byId,
                parents,
                Set.of(),
                Map.of(),
                Set.of(),
                java.time.Instant.now(),
                complete);
    }

    @Test
    void aCallerThatCanUseAPartialSnapshotGetsTheFirstPageWithoutWaitingForTheWalk() {
        OrganizationSnapshot soFar = cache.currentOrPartial();
        assertFalse(soFar.complete());
        assertEquals(Set.of("222222222222"), soFar.accounts().keySet());
        assertEquals(
                "111111111111",
                cache.peek().orElseThrow().organization().managementAccountId(),
                "the management account is known from the first page on");
        assertEquals(1, walks.get(), "callers share one walk");
        cache.currentOrPartial();
        assertEquals(1, walks.get());
        restOfTheWalk.countDown();
    }

    @Test
    void aForgottenOrganizationIsWalkedAgainAsTheFirstTime() {
        restOfTheWalk.countDown();
        assertTrue(cache.current().complete());
        assertEquals(1, walks.get());
        cache.forget();
        assertTrue(cache.peek().isEmpty(), "nothing read is kept");
        assertTrue(cache.currentOrPartial().accounts().containsKey("222222222222"));
        assertEquals(2, walks.get(), "the next caller walks the organization again");
        assertTrue(cache.current().complete());
        assertEquals(2, walks.get());
    }

    @Test
    void currentWaitsForTheWholeWalk() throws Exception {
        CompletableFuture<OrganizationSnapshot> whole =
                CompletableFuture.supplyAsync(cache::current);
        assertFalse(cache.currentOrPartial().complete());
        Thread.sleep(200);
        assertFalse(whole.isDone(), "current() must not return a partial snapshot");
        restOfTheWalk.countDown();
        OrganizationSnapshot done = whole.get(10, TimeUnit.SECONDS);
        assertTrue(done.complete());
        assertEquals(Set.of("222222222222", "333333333333"), done.accounts().keySet());
        assertSame(done, cache.currentOrPartial(), "after the walk both give the whole snapshot");
        assertSame(done, cache.peek().orElseThrow());
        assertEquals(1, walks.get());
    }

    @Test
    void aFailedFirstWalkReachesTheCallersAndTheNextCallWalksAgain() {
        failure.set(
                new AwsException(
                        AwsErrorKind.ACCESS_DENIED,
                        "organizations:ListRoots",
                        "AccessDenied",
                        "denied"));
        AwsException thrown = assertThrows(AwsException.class, cache::currentOrPartial);
        assertEquals(AwsErrorKind.ACCESS_DENIED, thrown.kind());
        assertThrows(AwsException.class, cache::current);
        assertEquals(2, walks.get(), "a failed walk is started again by the next caller");
        failure.set(null);
        restOfTheWalk.countDown();
        assertTrue(cache.current().complete());
    }
}
