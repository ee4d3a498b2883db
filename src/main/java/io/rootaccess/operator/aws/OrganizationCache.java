package io.rootaccess.operator.aws;

/**
 * The organization's shape, read once and shared by every reconciler, so per-account passes never
 * call Organizations (a steady-state account audit costs AssumeRoot + GetAccountSummary only).
 */
public interface OrganizationCache {
    /** The cached snapshot; read from AWS when absent or older than rootaccess.organization-refresh-interval. */
    OrganizationSnapshot current();

    /**
     * Like {@link #current()}, with account tags: from now on every refresh reads tags (incrementally),
     * and a snapshot read without them is replaced at once. Only tag-targeting policies need this.
     */
    default OrganizationSnapshot currentWithTags() {
        return current();
    }

    /** Forces a re-read (for example after a policy asks for it, or in tests). */
    OrganizationSnapshot refresh();
}
