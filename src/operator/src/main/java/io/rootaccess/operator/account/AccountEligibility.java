package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Which accounts the operator may touch at all, from the cached organization: never a protected
 * account (rootaccess.protected-accounts), never the management account, only members, only ACTIVE
 * ones. Decided before any root session is opened.
 */
final class AccountEligibility {
    /**
     * A missing account triggers an organization re-read only when the cached copy is older than
     * this.
     */
    private static final Duration STALE_FOR_MISSING_ACCOUNT = Duration.ofSeconds(30);

    private final OrganizationCache organization;
    private final Duration organizationRefreshInterval;
    private final AccountStatusFactory status;
    private final Clock clock;

    /** Knows the management account without a call when it is configured or was read. */
    private final OrganizationGuard guard;

    /** Refused first, without reading anything (rootaccess.protected-accounts). */
    private final ProtectedAccounts protectedAccounts;

    AccountEligibility(
            OrganizationCache organization,
            Duration organizationRefreshInterval,
            AccountStatusFactory status,
            Clock clock,
            OrganizationGuard guard,
            ProtectedAccounts protectedAccounts) {
        this.guard = guard;
        this.protectedAccounts = protectedAccounts;
        this.organization = organization;
        this.organizationRefreshInterval = organizationRefreshInterval;
        this.status = status;
        this.clock = clock;
    }

    /**
     * Empty when the account may be audited; otherwise the refusal is in status and this is when to
     * look again.
     */
    Optional<Duration> refusal(
            MemberAccountRootStateStatus st, Long gen, DesiredRootState desired) {
        String accountId = desired.accountId();
        if (protectedAccounts.contains(accountId)) {
            // before the management account and the organization: no AWS call at all
            status.protectedAccount(st, gen, accountId);
            return Optional.of(desired.auditInterval());
        }
        Optional<String> knownManagement =
                guard.knownManagementAccountId()
                        .or(
                                () ->
                                        organization
                                                .peek()
                                                .map(o -> o.organization().managementAccountId()));
        if (knownManagement.filter(accountId::equals).isPresent()) {
            // refused without reading the organization (no AWS call)
            status.managementAccount(st, gen, accountId, null);
            return Optional.of(desired.auditInterval());
        }
        // the first walk's accounts start as they are found; one it has not reached yet waits
        // for the whole walk (its absence from a partial snapshot says nothing)
        OrganizationSnapshot org = organization.currentOrPartial();
        if (!org.complete() && !org.accounts().containsKey(accountId)) {
            org = organization.current();
        }
        AccountInfo account = org.accounts().get(accountId);
        if (account == null
                && org.readAt() != null
                && org.readAt().isBefore(clock.instant().minus(STALE_FOR_MISSING_ACCOUNT))) {
            org = organization.refresh(); // a hand-written resource may name an account newer than
            // the cache
            account = org.accounts().get(accountId);
        }
        Duration recheck = AuditSchedule.min(desired.auditInterval(), organizationRefreshInterval);
        if (accountId.equals(org.organization().managementAccountId())) {
            status.managementAccount(st, gen, accountId, account);
            return Optional.of(desired.auditInterval());
        }
        if (account == null) {
            status.notInOrganization(st, gen, accountId, org.organization().id());
            return Optional.of(recheck);
        }
        status.eligible(st, account);
        if (!account.active()) {
            status.notActive(st, gen, accountId, account);
            return Optional.of(recheck);
        }
        return Optional.empty();
    }
}
