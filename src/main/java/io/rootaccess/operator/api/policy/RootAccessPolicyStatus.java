package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.api.AccountAttention;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootAccessPolicyStatus {
    public Long observedGeneration;
    public List<Condition> conditions = new ArrayList<>();

    public String organizationId;
    public String managementAccountId;
    /** Trusted access for IAM as last read from AWS Organizations. */
    public Boolean trustedAccess;
    /** IAM organization features as last read (RootCredentialsManagement, RootSessions). */
    public List<String> enabledFeatures;
    public String delegatedAdministrator;
    /**
     * Organization switch changes this policy would make but does not (DryRun, or a Conflict with another
     * policy over a switch).
     */
    public List<String> plannedOrganizationChanges;

    public Integer selected;
    public Integer compliant;
    public Integer nonCompliant;
    public Integer inProgress;
    public Integer blocked;
    public Integer failed;
    public Integer excluded;
    /** Selected accounts held back (suspended: audit and plan only) by spec.rollout.maxInFlight or pause. */
    public Integer waiting;
    /** True while spec.rollout.paused holds accounts back (Argo CD shows the policy as Suspended). */
    public Boolean paused;

    /** The accounts that need a person, bounded (see attentionTruncated). */
    public List<AccountAttention> attention;
    public Boolean attentionTruncated;
    /** Accounts left out of the selection with the reason, bounded. */
    public List<AccountAttention> excludedAccounts;
    /** Ids or OUs named in spec that the organization does not have. */
    public List<String> unknownTargets;
    public String lastOrganizationRead;
}
