package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.rootaccess.operator.api.ApiGroup;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
    @JsonPropertyDescription("How many accounts may be being changed at once.")
    @Min(1)
    @Max(1000)
    @Default("10")
    public Integer maxInFlight = 10;

    @JsonPropertyDescription("Stop releasing further accounts for remediation; audits continue.")
    @Default("false")
    public Boolean paused = false;

    @JsonPropertyDescription(
            "Warn owners first (units d, h, m, s, e.g. 7d): before the first destructive change in"
                    + " an account, the account goes to phase Scheduled with status.scheduledAt ="
                    + " first seen non-compliant + notice, a RemovalScheduled Event and metric, and"
                    + " nothing is removed until then. The account id's key \"true\" in the ConfigMap"
                    + " root-access-operator-removal-cancels of the operator's namespace cancels."
                    + " Unset: no notice.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    @Size(max = ApiGroup.DURATION_MAX_LENGTH)
    public String notice;
}
