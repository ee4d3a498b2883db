package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
        "What the last audit saw, the plan, the actions taken and the account's phase. Written by the"
                + " operator only.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberAccountRootStateStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription(
            "Ready, Compliant, Reconciling, Stalled, OnHold and Conflict, with reasons (see docs/accounts.md).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription(
            "One word for people and the policy's counters: Pending, Compliant, NonCompliant,"
                    + " Scheduled, InProgress, Blocked, OnHold, Refused or Failed.")
    public AccountPhase phase;

    /** Account state in AWS Organizations (ACTIVE, SUSPENDED, ...). */
    @JsonPropertyDescription(
            "The account's state in AWS Organizations (ACTIVE, SUSPENDED, ...); only ACTIVE accounts"
                    + " are changed.")
    public String accountState;

    @JsonPropertyDescription(
            "The root credentials the last audit saw: ids, counts and dates, never secrets.")
    public ObservedRootCredentials credentials;

    @JsonPropertyDescription("When the account was last audited (RFC 3339).")
    public String lastAuditTime;

    @JsonPropertyDescription("When the next audit for drift is due (RFC 3339).")
    public String nextAuditTime;

    /** DryRun (or waiting): the exact calls a pass would make. */
    @JsonPropertyDescription("DryRun or waiting: the exact calls an Enforce pass would make.")
    public List<PlannedAction> plan;

    /** The most recent mutating actions, newest first, bounded. */
    @JsonPropertyDescription("The most recent mutating calls, newest first, at most 20.")
    public List<ActionRecord> lastActions;

    /**
     * Break-glass: no remediation until this time (RFC 3339), set by an AllowPasswordRecovery task.
     */
    @JsonPropertyDescription(
            "Break-glass: no remediation until this time (RFC 3339), set by an AllowPasswordRecovery task.")
    public String holdUntil;

    @JsonPropertyDescription("The AllowPasswordRecovery task that holds the account.")
    public String holdTask;

    @JsonPropertyDescription(
            "With spec.notice: when the first destructive change will be made (RFC 3339), counted"
                    + " from when the operator first found the account non-compliant. DryRun shows"
                    + " when it would be.")
    public String scheduledAt;

    /** Short human text when the account needs attention (also in conditions). */
    @JsonPropertyDescription("Short text when the account needs a person (also in conditions).")
    public String attention;

    /** Hash of the desired state last converged, so unchanged specs skip work. */
    @JsonPropertyDescription(
            "Hash of the desired state last converged, so an unchanged spec skips AWS calls until the"
                    + " next audit.")
    public String convergedSpecHash;
}
