package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;
import java.util.ArrayList;
import java.util.List;

/** Removed from the selection; an OU always excludes its descendants too. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ExcludeSpec {
    @JsonPropertyDescription(
            "12-digit member account ids never touched by this policy. An id the organization does"
                    + " not have stops the policy (fail closed).")
    @Size(max = ApiGroup.MAX_IDS)
    public List<@Pattern(ApiGroup.ACCOUNT_ID_PATTERN) @Size(max = 12) String> accountIds =
            new ArrayList<>();

    @JsonPropertyDescription(
            "Organizational units ({id: ou-...}, as in targets) whose accounts, nested OUs included,"
                    + " are never touched by this policy. An OU the organization does not have stops"
                    + " the policy (fail closed).")
    @Size(max = ApiGroup.MAX_OUS)
    public List<ExcludedOrganizationalUnit> organizationalUnits = new ArrayList<>();
}
