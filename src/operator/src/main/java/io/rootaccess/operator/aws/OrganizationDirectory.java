package io.rootaccess.operator.aws;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Read-only view of AWS Organizations. */
public interface OrganizationDirectory {
    OrganizationInfo describeOrganization();

    /**
     * organizations:DescribeAccount. @throws AwsException NOT_FOUND when not in the organization
     */
    AccountInfo describeAccount(String accountId);

    /**
     * The whole organization: ListRoots, the OU tree with its accounts, and tags. Paginated and
     * paced.
     */
    OrganizationSnapshot snapshot();

    /**
     * The organization, with account tags only when asked: tags cost one call per account, and only
     * policies that target tags need them. Implementations without that distinction always read
     * tags.
     */
    default OrganizationSnapshot snapshot(boolean withTags) {
        return snapshot();
    }

    /**
     * As {@link #snapshot(boolean)}, handing {@code partial} what the walk has found so far ({@link
     * OrganizationSnapshot#complete()} false) as it goes, so accounts can be worked on before the
     * walk of a large organization ends. Implementations that cannot tell hand nothing.
     */
    default OrganizationSnapshot snapshot(
            boolean withTags, Consumer<OrganizationSnapshot> partial) {
        return snapshot(withTags);
    }

    /**
     * Reads the tags of the given accounts (those never read first; implementations may also
     * re-read some), and calls {@code progress} with what is known every few dozen accounts, so a
     * long sweep can be used while it runs. Implementations without incremental reads read the
     * whole organization with tags.
     */
    default AccountTags readTags(Set<String> accountIds, Consumer<AccountTags> progress) {
        return new AccountTags(snapshot(true).tags(), Set.copyOf(accountIds));
    }

    /** SCPs attached to the account, each OU above it and the root, with their documents. */
    List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId);

    /**
     * The SCPs attached directly to one target (account, OU or root), without documents (null): one
     * ListPoliciesForTarget. Directories that cannot read per target throw
     * UnsupportedOperationException (callers read the whole path instead).
     */
    default List<ServiceControlPolicy> serviceControlPoliciesAttachedTo(String targetId) {
        throw new UnsupportedOperationException("per-target SCP reads");
    }

    /** One SCP's document: organizations:DescribePolicy. */
    default String serviceControlPolicyDocument(String policyId) {
        throw new UnsupportedOperationException("per-policy SCP reads");
    }
}
