package io.rootaccess.operator.aws;

/** organizations:DescribeOrganization, the parts the operator needs. */
public record OrganizationInfo(String id, String managementAccountId, String featureSet) {
    public boolean allFeatures() {
        return "ALL".equals(featureSet);
    }
}
