package io.rootaccess.operator.aws;

import java.util.List;

/** Read-only view of AWS Organizations. */
public interface OrganizationDirectory {
    OrganizationInfo describeOrganization();

    /** organizations:DescribeAccount. @throws AwsException NOT_FOUND when not in the organization */
    AccountInfo describeAccount(String accountId);

    /** The whole organization: ListRoots, the OU tree with its accounts, and tags. Paginated and paced. */
    OrganizationSnapshot snapshot();

    /**
     * The organization, with account tags only when asked: tags cost one call per account, and only
     * policies that target tags need them. Implementations without that distinction always read tags.
     */
    default OrganizationSnapshot snapshot(boolean withTags) {
        return snapshot();
    }

    /** SCPs attached to the account, each OU above it and the root, with their documents. */
    List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId);
}
