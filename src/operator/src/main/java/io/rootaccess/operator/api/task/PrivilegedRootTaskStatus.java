package io.rootaccess.operator.api.task;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription("What the operator did with the task. Written by the operator only.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivilegedRootTaskStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription(
            "Ready, Reconciling, Stalled and the task's own conditions, with reasons (see docs/tasks.md).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription(
            "Pending (waiting for a precondition), Running, Succeeded or Failed; a task runs at most once.")
    public TaskPhase phase;

    @JsonPropertyDescription("When the task started running (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the task reached Succeeded or Failed (RFC 3339).")
    public String completionTime;

    /** Access key id (ASIA...) of the sts:AssumeRoot session used. Not a secret. */
    @JsonPropertyDescription(
            "Access key id (ASIA...) of the sts:AssumeRoot session used: search the member account's"
                    + " CloudTrail for it. Not a secret.")
    public String sessionAccessKeyId;

    @JsonPropertyDescription("A sentence on the outcome, for people.")
    public String message;

    /** The generation that was executed; later spec edits are reported, never executed. */
    @JsonPropertyDescription(
            "The metadata.generation that was executed; later spec edits are reported, never executed.")
    public Long executedGeneration;

    /**
     * Unlock tasks: whether a policy existed, and the removed document (or the ConfigMap holding
     * it).
     */
    @JsonPropertyDescription(
            "Unlock tasks: whether the bucket or queue had a policy; false is a success with nothing deleted.")
    public Boolean policyWasPresent;

    @JsonPropertyDescription(
            "Unlock tasks: the removed policy document exactly as AWS returned it (up to 4 KiB).")
    public String removedPolicy;

    @JsonPropertyDescription(
            "Unlock tasks: the ConfigMap holding a removed policy document larger than 4 KiB.")
    public String removedPolicyConfigMap;

    /** AllowPasswordRecovery: the account is held until this time (RFC 3339). */
    @JsonPropertyDescription(
            "AllowPasswordRecovery: the account's Absent policy is held until this time (RFC 3339).")
    public String holdUntil;
}
