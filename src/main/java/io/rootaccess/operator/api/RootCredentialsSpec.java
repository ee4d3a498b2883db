package io.rootaccess.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Desired root-user state, shared by RootAccessPolicy and MemberAccountRootState. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class RootCredentialsSpec {
    @Required
    @JsonPropertyDescription("Absent, RecoveryAllowed or Audit.")
    public RootCredentialsState state;

    @JsonPropertyDescription("With Absent: the credential types to remove. Empty means all four.")
    public List<CredentialType> credentialTypes = new ArrayList<>();

    @JsonPropertyDescription("With Absent: access keys used within this duration (e.g. 30d) are kept and reported.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    public String protectKeysUsedWithin;

    @JsonPropertyDescription("How often to re-audit for drift (e.g. 1h). Defaults to the operator's setting.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    public String auditInterval;
}
