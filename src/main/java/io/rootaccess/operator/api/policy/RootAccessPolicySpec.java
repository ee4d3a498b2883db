package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootAccessPolicySpec {
    @JsonPropertyDescription("Organization-level switches. Absent means the operator leaves them alone.")
    public OrganizationSpec organization;

    @JsonPropertyDescription("Which member accounts this policy applies to. An empty selection selects nothing.")
    public TargetsSpec targets;

    @JsonPropertyDescription("Accounts and OUs (with their descendants) removed from the selection.")
    public ExcludeSpec exclude;

    @JsonPropertyDescription("The desired state of each selected account's root user. Absent means org switches only.")
    public RootCredentialsSpec rootCredentials;

    @JsonPropertyDescription("Enforce changes AWS; DryRun only reports the plan.")
    @Default("Enforce")
    public Mode mode = Mode.Enforce;

    @JsonPropertyDescription("When two policies select one account with different desired states, the higher priority wins.")
    @Default("0")
    public Integer priority = 0;

    @JsonPropertyDescription("Pacing of remediation across accounts.")
    public RolloutSpec rollout;
}
