package io.rootaccess.operator.api.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivilegedRootTaskStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    public TaskPhase phase;
    public String startTime;
    public String completionTime;
    /** Access key id (ASIA...) of the sts:AssumeRoot session used. Not a secret. */
    public String sessionAccessKeyId;
    public String message;
    /** The generation that was executed; later spec edits are reported, never executed. */
    public Long executedGeneration;

    /** Unlock tasks: whether a policy existed, and the removed document (or the ConfigMap holding it). */
    public Boolean policyWasPresent;
    public String removedPolicy;
    public String removedPolicyConfigMap;

    /** AllowPasswordRecovery: the account is held until this time (RFC 3339). */
    public String holdUntil;
}
