package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagSelector {
    @Required
    @Size(min = 1, max = 128)
    @JsonPropertyDescription("The account tag's key (AWS Organizations tags: 1-128 characters).")
    public String key;

    /** Null matches any value. */
    @Size(max = 256)
    @JsonPropertyDescription(
            "The tag's value; absent matches any value (AWS: at most 256 characters).")
    public String value;

    public TagSelector() {}

    public TagSelector(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
