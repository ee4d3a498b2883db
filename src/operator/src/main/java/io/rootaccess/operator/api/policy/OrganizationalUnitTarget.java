package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OrganizationalUnitTarget {
    @Required
    @Pattern(ApiGroup.OU_OR_ROOT_ID_PATTERN)
    @Size(max = 68)
    @JsonPropertyDescription(
            "An organizational unit id (ou-...), or the organization's root id (r-...) for every"
                    + " account. An id the organization does not have makes the policy not Ready (UnknownTarget).")
    public String id;

    @JsonPropertyDescription("Also select accounts in nested OUs.")
    @Default("true")
    public Boolean includeDescendants = Boolean.TRUE;

    public OrganizationalUnitTarget() {}

    public OrganizationalUnitTarget(String id, boolean includeDescendants) {
        this.id = id;
        this.includeDescendants = includeDescendants;
    }
}
