package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;
import io.rootaccess.operator.api.ApiGroup;

/** Removed from the selection; an OU always excludes its descendants too. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ExcludeSpec {
    public List<@Pattern(ApiGroup.ACCOUNT_ID_PATTERN) String> accountIds = new ArrayList<>();
    public List<@Pattern(ApiGroup.OU_ID_PATTERN) String> organizationalUnits = new ArrayList<>();
}
