package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;
import io.rootaccess.operator.api.ApiGroup;

/** The union of the forms below selects accounts. Nothing set selects nothing. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TargetsSpec {
    @JsonPropertyDescription("Select every ACTIVE member account of the organization.")
    public Boolean all;

    @JsonPropertyDescription("Explicit member account ids.")
    public List<@Pattern(ApiGroup.ACCOUNT_ID_PATTERN) String> accountIds = new ArrayList<>();

    @JsonPropertyDescription("Organizational units; includeDescendants (default true) also selects nested OUs.")
    public List<OrganizationalUnitTarget> organizationalUnits = new ArrayList<>();

    @JsonPropertyDescription("Accounts carrying a tag; without value any value matches.")
    public List<TagSelector> tags = new ArrayList<>();
}
