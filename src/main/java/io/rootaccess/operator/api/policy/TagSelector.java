package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagSelector {
    @Required
    public String key;
    /** Null matches any value. */
    public String value;

    public TagSelector() {
    }

    public TagSelector(String key, String value) {
        this.key = key;
        this.value = value;
    }
}
