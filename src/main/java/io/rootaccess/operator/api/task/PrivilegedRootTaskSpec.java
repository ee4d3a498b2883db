package io.rootaccess.operator.api.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.rootaccess.operator.api.ApiGroup;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivilegedRootTaskSpec {
    @Required
    @Pattern(ApiGroup.ACCOUNT_ID_PATTERN)
    @JsonPropertyDescription("The member account the task runs in.")
    public String accountId;

    @Required
    public TaskType type;

    @JsonPropertyDescription("UnlockS3BucketPolicy: the bucket whose policy is deleted.")
    public String bucketName;

    @JsonPropertyDescription("UnlockSqsQueuePolicy: the queue URL or name whose policy is cleared.")
    public String queue;

    @JsonPropertyDescription("AllowPasswordRecovery: how long the account's Absent policy is held (e.g. 4h).")
    @Pattern(ApiGroup.DURATION_PATTERN)
    public String duration;
}
