package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.api.AccountAttention;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
        "The organization as last read, the selection and its counters by account phase, and the"
                + " accounts that need a person. Written by the operator only.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootAccessPolicyStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    /**
     * The fence of the children's mutating calls: the generation whose intent every child now
     * carries. A child acts only while it equals metadata.generation (see PolicyIntent).
     */
    @JsonPropertyDescription(
            "The metadata.generation whose intent (mode, desired state, rollout) every"
                    + " MemberAccountRootState of this policy carries. A MemberAccountRootState"
                    + " makes a change in AWS only while this equals metadata.generation: after an"
                    + " edit, until the operator has rewritten the children; absent while they are"
                    + " held (an invalid spec, an unknown exclusion).")
    public Long childrenGeneration;

    @JsonPropertyDescription(
            "Ready, Reconciling, Stalled and Conflict, with reasons (see docs/policies.md).")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The AWS Organizations id (o-...) the operator's credentials see.")
    public String organizationId;

    @JsonPropertyDescription("The organization's management account id; it is never selected.")
    public String managementAccountId;

    /** Trusted access for IAM as last read from AWS Organizations. */
    @JsonPropertyDescription(
            "Trusted access for IAM (iam.amazonaws.com) as last read from AWS Organizations.")
    public Boolean trustedAccess;

    /** IAM organization features as last read (RootCredentialsManagement, RootSessions). */
    @JsonPropertyDescription(
            "IAM organization features as last read (RootCredentialsManagement, RootSessions).")
    public List<String> enabledFeatures;

    @JsonPropertyDescription("The IAM delegated administrator account id as last read, if any.")
    public String delegatedAdministrator;

    /**
     * Organization switch changes this policy would make but does not (DryRun, or a Conflict with
     * another policy over a switch).
     */
    @JsonPropertyDescription(
            "Organization switch changes this policy would make but does not: it is DryRun, or in"
                    + " Conflict with another policy over a switch. Empty when nothing is planned.")
    public List<String> plannedOrganizationChanges;

    @JsonPropertyDescription(
            "How many member accounts the policy selects (targets minus exclusions).")
    public Integer selected;

    @JsonPropertyDescription("Selected accounts in phase Compliant.")
    public Integer compliant;

    @JsonPropertyDescription(
            "Selected accounts in phase NonCompliant (DryRun, waiting, or a protected key).")
    public Integer nonCompliant;

    @JsonPropertyDescription("Selected accounts in phase InProgress (being changed).")
    public Integer inProgress;

    @JsonPropertyDescription(
            "Selected accounts in phase Blocked (an SCP or permission denies a root task).")
    public Integer blocked;

    @JsonPropertyDescription("Selected accounts in phase Failed or Refused.")
    public Integer failed;

    @JsonPropertyDescription("Accounts left out of the selection (see excludedAccounts).")
    public Integer excluded;

    @JsonPropertyDescription(
            "Accounts the targets name that the operator never touches"
                    + " (rootaccess.protected-accounts, chart value protectedAccounts): counted in"
                    + " excluded, listed in excludedAccounts with reason ProtectedAccount. Absent"
                    + " when none.")
    public Integer protectedAccounts;

    /**
     * Selected accounts held back (suspended: audit and plan only) by spec.rollout.maxInFlight or
     * pause.
     */
    @JsonPropertyDescription(
            "Selected accounts held back (audit and plan only) by spec.rollout.maxInFlight or paused.")
    public Integer waiting;

    /**
     * True while spec.rollout.paused holds accounts back (Argo CD shows the policy as Suspended).
     */
    @JsonPropertyDescription(
            "True while spec.rollout.paused holds accounts back (Argo CD shows the policy as Suspended).")
    public Boolean paused;

    /** The accounts that need a person, bounded (see attentionTruncated). */
    @JsonPropertyDescription(
            "The accounts that need a person, with a reason; bounded (see attentionTruncated).")
    public List<AccountAttention> attention;

    @JsonPropertyDescription(
            "True when more accounts need attention than the attention list holds.")
    public Boolean attentionTruncated;

    /** Accounts left out of the selection with the reason, bounded. */
    @JsonPropertyDescription("Accounts left out of the selection, each with the reason; bounded.")
    public List<AccountAttention> excludedAccounts;

    /** Ids or OUs named in spec that the organization does not have. */
    @JsonPropertyDescription(
            "Account ids or OUs named in spec that the organization does not have.")
    public List<String> unknownTargets;

    @JsonPropertyDescription("When the organization was last read (RFC 3339).")
    public String lastOrganizationRead;
}
