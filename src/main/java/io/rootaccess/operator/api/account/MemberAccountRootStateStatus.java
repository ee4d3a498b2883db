package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberAccountRootStateStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();
    public AccountPhase phase;

    /** Account state in AWS Organizations (ACTIVE, SUSPENDED, ...). */
    public String accountState;
    public ObservedRootCredentials credentials;
    public String lastAuditTime;
    public String nextAuditTime;

    /** DryRun (or waiting): the exact calls a pass would make. */
    public List<PlannedAction> plan;
    /** The most recent mutating actions, newest first, bounded. */
    public List<ActionRecord> lastActions;

    /** Break-glass: no remediation until this time (RFC 3339), set by an AllowPasswordRecovery task. */
    public String holdUntil;
    public String holdTask;

    /** Short human text when the account needs attention (also in conditions). */
    public String attention;
    /** Hash of the desired state last converged, so unchanged specs skip work. */
    public String convergedSpecHash;
}
