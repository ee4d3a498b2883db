package io.rootaccess.operator.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import io.rootaccess.operator.reconcile.ErrorReasons;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard's verdicts; WrongOrganizationIT runs it inside the operator against the sandbox. */
class OrganizationGuardTest {
    static final class Directory implements OrganizationDirectory {
        final AtomicInteger reads = new AtomicInteger();
        boolean fail;

        @Override
        public OrganizationInfo describeOrganization() {
            reads.incrementAndGet();
            if (fail) {
                throw new AwsException(
                        AwsErrorKind.ACCESS_DENIED,
                        "organizations:DescribeOrganization",
                        "AccessDenied",
                        "denied");
            }
            return new OrganizationInfo("o-right", "111111111111", "ALL");
        }

        @Override
        public AccountInfo describeAccount(String accountId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OrganizationSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void unsetAllowsWithoutAnyCall() {
        Directory d = new Directory();
        assertTrue(
                new OrganizationGuard(d, Optional.empty(), Optional.empty(), Clock.systemUTC())
                        .verdict()
                        .allowed());
        assertEquals(0, d.reads.get());
    }

    @Test
    void theRightOrganizationAndManagementAccountAreAllowedAndReadOncePerRecheck() {
        Directory d = new Directory();
        var guard =
                new OrganizationGuard(
                        d, Optional.of("o-right"), Optional.of("111111111111"), Clock.systemUTC());
        assertTrue(guard.verdict().allowed());
        assertTrue(guard.verdict().allowed());
        assertEquals(1, d.reads.get());
    }

    @Test
    void aForgottenVerdictIsReadAgainBeforeTheRecheck() {
        Directory d = new Directory();
        var guard =
                new OrganizationGuard(
                        d, Optional.of("o-right"), Optional.empty(), Clock.systemUTC());
        assertTrue(guard.verdict().allowed());
        assertEquals(Optional.of("111111111111"), guard.knownManagementAccountId());
        guard.forget();
        assertEquals(Optional.empty(), guard.knownManagementAccountId(), "nothing read is kept");
        d.fail = true;
        assertFalse(guard.verdict().allowed(), "read again at once, not after the recheck");
        assertEquals(2, d.reads.get());
    }

    @Test
    void anotherOrganizationOrManagementAccountOrAnUnreadableOneIsRefused() {
        Directory d = new Directory();
        var wrongOrg =
                new OrganizationGuard(
                                d, Optional.of("o-other"), Optional.empty(), Clock.systemUTC())
                        .verdict();
        assertFalse(wrongOrg.allowed());
        assertEquals(ErrorReasons.WRONG_ORGANIZATION, wrongOrg.reason());
        var wrongMgmt =
                new OrganizationGuard(
                                d, Optional.empty(), Optional.of("222222222222"), Clock.systemUTC())
                        .verdict();
        assertFalse(wrongMgmt.allowed());
        assertTrue(wrongMgmt.message().contains("222222222222"));
        d.fail = true;
        var unread =
                new OrganizationGuard(
                                d, Optional.of("o-right"), Optional.empty(), Clock.systemUTC())
                        .verdict();
        assertFalse(unread.allowed());
        assertEquals(ErrorReasons.ORGANIZATION_UNVERIFIED, unread.reason());
    }
}
