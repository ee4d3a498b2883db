package io.rootaccess.operator.aws;

/**
 * The organization's shape, read once and shared by every reconciler, so per-account passes never
 * call Organizations (a steady-state account audit costs AssumeRoot + GetAccountSummary only).
 */
public interface OrganizationCache {
    /**
     * The cached snapshot. Read from AWS when absent (the only wait); when older than
     * rootaccess.organization-refresh-interval it is re-read in the background and served
     * meanwhile.
     */
    OrganizationSnapshot current();

    /**
     * Like {@link #current()}, and from now on tags are read too (one call per account, in the
     * background, shared as they come): until then {@link OrganizationSnapshot#tagsPending()} names
     * the accounts not read yet. Only tag-targeting policies need this.
     */
    default OrganizationSnapshot currentWithTags() {
        return current();
    }

    /**
     * Like {@link #current()}, but while the very first walk of the organization is still running
     * it returns at once with what the walk has found so far ({@link
     * OrganizationSnapshot#complete()} false): accounts can be worked on before a 10,000-account
     * walk ends. Callers must conclude nothing from an account's absence in a partial snapshot.
     */
    default OrganizationSnapshot currentOrPartial() {
        return current();
    }

    /**
     * The last background re-read's failure, when it is one a person must fix; empty once a read
     * succeeds.
     */
    default java.util.Optional<AwsException> lastRefreshFailure() {
        return java.util.Optional.empty();
    }

    /**
     * The snapshot already held, without reading or refreshing anything (no AWS call, ever): for
     * checks that may only use what is known, like refusing the management account.
     */
    default java.util.Optional<OrganizationSnapshot> peek() {
        return java.util.Optional.empty();
    }

    /**
     * Forces a re-read of the shape now (for example when a policy names an account the cache does
     * not know).
     */
    OrganizationSnapshot refresh();
}
