package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;

/**
 * An organizational unit in {@code spec.exclude}: the same {@code {id: ...}} shape as in {@code
 * spec.targets}, so one OU reference is written one way. There is no includeDescendants: an
 * excluded OU always takes its nested OUs with it (excluding less than was written would not fail
 * closed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExcludedOrganizationalUnit {
    @Required
    @Pattern(ApiGroup.OU_ID_PATTERN)
    @Size(max = 68)
    @JsonPropertyDescription(
            "An organizational unit id (ou-...). Its accounts and its nested OUs' accounts are never"
                    + " touched by this policy; an OU the organization does not have stops the policy"
                    + " (fail closed).")
    public String id;

    public ExcludedOrganizationalUnit() {}

    public ExcludedOrganizationalUnit(String id) {
        this.id = id;
    }

    /**
     * Reads the earlier shape, a plain id string, as {@code {id: ...}}: a policy stored before the
     * CRD took objects here would otherwise fail to deserialize and stop the policy informer (every
     * policy, not just this one, would go unreconciled). The schema refuses the string for new
     * writes; the meaning is unambiguous, and reading it keeps the exclusion (fail closed).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExcludedOrganizationalUnit fromId(String id) {
        return new ExcludedOrganizationalUnit(id);
    }

    /** The ids of the given references, in order (null entries and ids skipped). */
    public static java.util.List<String> ids(java.util.List<ExcludedOrganizationalUnit> ous) {
        if (ous == null) {
            return java.util.List.of();
        }
        return ous.stream().filter(o -> o != null && o.id != null).map(o -> o.id).toList();
    }

    /** References to the given ids (tests and examples written in code). */
    public static java.util.List<ExcludedOrganizationalUnit> of(String... ids) {
        return java.util.Arrays.stream(ids).map(ExcludedOrganizationalUnit::new).toList();
    }
}
