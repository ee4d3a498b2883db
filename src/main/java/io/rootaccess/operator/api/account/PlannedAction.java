package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One call a pass would make, e.g. iam:DeleteAccessKey on AKIA... */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedAction {
    public String action;
    public String target;

    public PlannedAction() {
    }

    public PlannedAction(String action, String target) {
        this.action = action;
        this.target = target;
    }
}
