package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A mutating call that was made, with the root session's access key id for CloudTrail correlation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionRecord {
    @JsonPropertyDescription("The AWS call, e.g. iam:DeleteLoginProfile.")
    public String action;

    @JsonPropertyDescription(
            "What it acted on, e.g. an access key id or an MFA device serial number.")
    public String target;

    @JsonPropertyDescription("When the call was made (RFC 3339).")
    public String time;

    /** Succeeded, AlreadyGone, Failed. */
    @JsonPropertyDescription("Succeeded, AlreadyGone or Failed.")
    public String result;

    /** Access key id (ASIA...) of the sts:AssumeRoot session that made the call. Not a secret. */
    @JsonPropertyDescription(
            "Access key id (ASIA...) of the sts:AssumeRoot session that made the call, for CloudTrail."
                    + " Not a secret.")
    public String sessionAccessKeyId;

    @JsonPropertyDescription("The error, when the call failed.")
    public String message;
}
