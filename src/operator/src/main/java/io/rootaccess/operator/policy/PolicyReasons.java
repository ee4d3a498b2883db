package io.rootaccess.operator.policy;

/**
 * Every condition reason a RootAccessPolicy and its status lists carry, and its event reasons, in
 * one place. AWS failures and the organization guard take theirs from {@link
 * io.rootaccess.operator.reconcile.ErrorReasons} (shared by every kind).
 */
public final class PolicyReasons {
    public static final String COMPLIANT = "Compliant";
    public static final String PLANNED = "DryRunPlanned";
    public static final String NO_ACCOUNTS = "NoAccountsSelected";
    public static final String NO_TARGETS = "NoTargets";
    public static final String SWITCHES_ONLY = "OrganizationSwitchesConverged";
    public static final String ROLLOUT = "RolloutInProgress";
    public static final String READING_TAGS = "ReadingAccountTags";

    /** The first walk of the organization is still running (accounts start as they are found). */
    public static final String READING_ORGANIZATION = "ReadingOrganization";

    public static final String PAUSED = "RolloutPaused";
    public static final String CONFLICT = "Conflict";
    public static final String NO_CONFLICT = "NoConflict";
    public static final String BLOCKED = "BlockedByPolicy";
    public static final String FAILED = "Failed";
    public static final String NON_COMPLIANT = "NonCompliant";
    public static final String ON_HOLD = "OnHold";
    public static final String COMPLIANT_WITH_HOLDS = "CompliantExceptHeld";
    public static final String OVERRIDDEN = "OverriddenByPolicy";
    public static final String SHARED = "ManagedByPolicy";
    public static final String REFUSED = "Refused";

    // Fail closed (issue 12): the policy is Stalled or kept from Ready instead of acting
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String UNKNOWN_EXCLUSION = "UnknownExclusion";
    public static final String UNKNOWN_TARGET = "UnknownTarget";

    // Why an account of the selection is not acted on (status lists)
    public static final String MANAGEMENT_ACCOUNT = "ManagementAccount";
    public static final String ACCOUNT_NOT_ACTIVE = "AccountNotActive";
    public static final String EXCLUDED = "Excluded";
    public static final String EXCLUDED_OU = "ExcludedOrganizationalUnit";
    public static final String MANAGED_BY_OWN_RESOURCE = "ManagedByOwnResource";

    /** In rootaccess.protected-accounts: never selected, whatever the spec says. */
    public static final String PROTECTED_ACCOUNT = "ProtectedAccount";

    // Events (PolicyEvents)
    public static final String EVENT_SELECTION_CHANGED = "SelectionChanged";
    public static final String EVENT_CONFLICT_FOUND = "ConflictFound";
    public static final String EVENT_CONFLICT_CLEARED = "ConflictCleared";
    public static final String EVENT_ORGANIZATION_SWITCH_CHANGED = "OrganizationSwitchChanged";

    private PolicyReasons() {}
}
