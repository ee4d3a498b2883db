package io.rootaccess.operator.aws.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScpPathsTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    /** Counts each kind of read; the OU and the root carry one SCP each, accounts none. */
    static final class CountingDirectory implements OrganizationDirectory {
        final List<String> reads = new ArrayList<>();

        public OrganizationInfo describeOrganization() {
            throw new UnsupportedOperationException();
        }

        public AccountInfo describeAccount(String accountId) {
            throw new UnsupportedOperationException();
        }

        public OrganizationSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
            reads.add("path:" + accountId);
            return List.of();
        }

        @Override
        public List<ServiceControlPolicy> serviceControlPoliciesAttachedTo(String targetId) {
            reads.add("attached:" + targetId);
            return switch (targetId) {
                case "ou-1" -> List.of(new ServiceControlPolicy("p-ou", "ou", targetId, null));
                case "r-1" -> List.of(new ServiceControlPolicy("p-root", "root", targetId, null));
                default -> List.of();
            };
        }

        @Override
        public String serviceControlPolicyDocument(String policyId) {
            reads.add("document:" + policyId);
            return "{}";
        }

        long count(String prefix) {
            return reads.stream().filter(r -> r.startsWith(prefix)).count();
        }
    }

    static OrganizationCache shape(int accounts) {
        Map<String, AccountInfo> infos = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        parents.put("ou-1", "r-1");
        for (int i = 0; i < accounts; i++) {
            String id = String.format("1000000000%02d", i);
            infos.put(id, new AccountInfo(id, "a" + i, "a" + i + "@example.com", "ACTIVE"));
            parents.put(id, "ou-1");
        }
        var snapshot =
                new OrganizationSnapshot(
                        new OrganizationInfo("o-1", "999999999999", "ALL"),
                        "r-1",
                        infos,
                        parents,
                        Set.of("ou-1"),
                        Map.of(),
                        T0);
        return new OrganizationCache() {
            public OrganizationSnapshot current() {
                return snapshot;
            }

            public Optional<OrganizationSnapshot> peek() {
                return Optional.of(snapshot);
            }

            public OrganizationSnapshot refresh() {
                return snapshot;
            }
        };
    }

    @Test
    void accountsUnderOneOuShareItsAndTheRootsReadsWithinTheInterval() {
        var directory = new CountingDirectory();
        var clock = new MutableClock();
        var paths = new ScpPaths(directory, shape(50), clock, Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            var scps = paths.policiesFor(String.format("1000000000%02d", i));
            assertEquals(List.of("p-ou", "p-root"), scps.stream().map(p -> p.id()).toList());
            assertEquals("ou-1", scps.get(0).targetId());
        }
        assertEquals(0, directory.count("path:"), "no uncached path reads (no ListParents)");
        assertEquals(50 + 2, directory.count("attached:"), "one per account, OU and root");
        assertEquals(2, directory.count("document:"), "one per policy");

        clock.now = T0.plus(Duration.ofMinutes(6)); // older than the interval: read again
        paths.policiesFor("100000000000");
        assertEquals(50 + 2 + 3, directory.count("attached:"));
        assertEquals(4, directory.count("document:"));
    }

    /** The first pass of each account: its OUs' and the root's SCPs only, no read per account. */
    @Test
    void thePoliciesAboveAnAccountCostNoReadPerAccount() {
        var directory = new CountingDirectory();
        var paths = new ScpPaths(directory, shape(50), new MutableClock(), Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            var scps = paths.policiesAbove(String.format("1000000000%02d", i));
            assertEquals(List.of("p-ou", "p-root"), scps.stream().map(p -> p.id()).toList());
        }
        assertEquals(2, directory.count("attached:"), "the OU's and the root's, once each");
        assertEquals(0, directory.count("path:"));
    }

    @Test
    void anAccountTheShapeDoesNotKnowIsReadUncached() {
        var directory = new CountingDirectory();
        var paths = new ScpPaths(directory, shape(1), new MutableClock(), Duration.ofMinutes(5));
        paths.policiesFor("222222222222");
        assertEquals(List.of("path:222222222222"), directory.reads);
        assertEquals(1, paths.uncachedReads());
    }

    static final class MutableClock extends Clock {
        Instant now = T0;

        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    }
}
