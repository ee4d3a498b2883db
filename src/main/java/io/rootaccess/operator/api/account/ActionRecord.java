package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A mutating call that was made, with the root session's access key id for CloudTrail correlation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionRecord {
    public String action;
    public String target;
    public String time;
    /** Succeeded, AlreadyGone, Failed. */
    public String result;
    /** Access key id (ASIA...) of the sts:AssumeRoot session that made the call. Not a secret. */
    public String sessionAccessKeyId;
    public String message;
}
