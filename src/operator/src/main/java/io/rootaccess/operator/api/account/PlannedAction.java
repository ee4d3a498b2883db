package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One call a pass would make, e.g. iam:DeleteAccessKey on AKIA... */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedAction {
    @JsonPropertyDescription("The AWS call a pass would make, e.g. iam:DeleteAccessKey.")
    public String action;

    @JsonPropertyDescription("What it would act on, e.g. an access key id.")
    public String target;

    public PlannedAction() {}

    public PlannedAction(String action, String target) {
        this.action = action;
        this.target = target;
    }
}
