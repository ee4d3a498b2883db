package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberAccountRootStateSpec {
    @Required
    @Pattern(ApiGroup.ACCOUNT_ID_PATTERN)
    @JsonPropertyDescription("The 12-digit member account id.")
    public String accountId;

    @Required
    @JsonPropertyDescription("The desired state of this account's root user.")
    public RootCredentialsSpec rootCredentials;

    @Default("Enforce")
    public Mode mode = Mode.Enforce;

    @JsonPropertyDescription("Audit only, make no change (set by a policy's rollout while the account waits its turn).")
    @Default("false")
    public Boolean suspend = false;
}
