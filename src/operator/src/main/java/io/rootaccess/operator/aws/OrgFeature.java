package io.rootaccess.operator.aws;

/** IAM organization features (iam:ListOrganizationsFeatures). */
public enum OrgFeature {
    RootCredentialsManagement,
    RootSessions
}
