package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rootaccess.operator.api.FeatureState;

/** Organization-level switches. Every field is optional: null means "not managed". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrganizationSpec {
    @JsonPropertyDescription("Trusted access for IAM (iam.amazonaws.com) in AWS Organizations.")
    public FeatureState trustedAccess;

    @JsonPropertyDescription(
            "IAM RootCredentialsManagement: central deletion and audit of root credentials.")
    public FeatureState rootCredentialsManagement;

    @JsonPropertyDescription("IAM RootSessions: privileged root tasks (S3 and SQS policy unlock).")
    public FeatureState rootSessions;

    @JsonPropertyDescription("The IAM delegated administrator account.")
    public DelegatedAdministratorSpec delegatedAdministrator;
}
