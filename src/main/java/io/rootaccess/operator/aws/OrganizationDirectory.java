package io.rootaccess.operator.aws;

import java.util.List;

/** Read-only view of AWS Organizations. */
public interface OrganizationDirectory {
    OrganizationInfo describeOrganization();

    /** organizations:DescribeAccount. @throws AwsException NOT_FOUND when not in the organization */
    AccountInfo describeAccount(String accountId);

    /** The whole organization: ListRoots, ListAccounts, the OU tree, and tags. Paginated and paced. */
    OrganizationSnapshot snapshot();

    /** SCPs attached to the account, each OU above it and the root, with their documents. */
    List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId);
}
