package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;
import java.util.ArrayList;
import java.util.List;

/** The union of the forms below selects accounts. Nothing set selects nothing. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TargetsSpec {
    @JsonPropertyDescription("Select every ACTIVE member account of the organization.")
    public Boolean all;

    @JsonPropertyDescription("Explicit 12-digit member account ids.")
    @Size(max = ApiGroup.MAX_IDS)
    public List<@Pattern(ApiGroup.ACCOUNT_ID_PATTERN) @Size(max = 12) String> accountIds =
            new ArrayList<>();

    @JsonPropertyDescription(
            "Organizational units (or the root); includeDescendants (default true) also selects nested OUs.")
    @Size(max = ApiGroup.MAX_OUS)
    public List<OrganizationalUnitTarget> organizationalUnits = new ArrayList<>();

    @JsonPropertyDescription("Accounts carrying a tag; without value any value matches.")
    @Size(max = 50)
    public List<TagSelector> tags = new ArrayList<>();
}
