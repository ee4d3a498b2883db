package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

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
}
