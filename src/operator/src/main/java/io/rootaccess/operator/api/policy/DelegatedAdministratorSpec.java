package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DelegatedAdministratorSpec {
    @Required
    @Pattern(ApiGroup.ACCOUNT_ID_PATTERN)
    @Size(max = 12)
    @JsonPropertyDescription(
            "The member account registered as delegated administrator for iam.amazonaws.com.")
    public String accountId;

    @JsonPropertyDescription("Enabled registers the account; Disabled deregisters it.")
    @Default("Enabled")
    public io.rootaccess.operator.api.FeatureState state =
            io.rootaccess.operator.api.FeatureState.Enabled;
}
