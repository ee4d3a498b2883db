package io.rootaccess.operator.account;

/**
 * Every condition reason and event reason a MemberAccountRootState carries, in one place. AWS
 * failures without a reason of their own take theirs from {@link
 * io.rootaccess.operator.reconcile.ErrorReasons}.
 */
public final class AccountReasons {
    // Ready / Reconciling / Stalled
    /** The last audit is older than twice the interval (deferred under load): not Compliant. */
    public static final String AUDIT_OVERDUE = "AuditOverdue";

    /** OnHold: holds have followed each other longer than rootaccess.break-glass-prolonged-hold. */
    public static final String HOLD_PROLONGED = "HoldProlonged";

    public static final String EVENT_HOLD_PROLONGED = "HoldProlonged";

    public static final String AUDITING = "Auditing";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String MANAGEMENT_ACCOUNT = "ManagementAccount";

    /** In rootaccess.protected-accounts: refused before any AWS call, whatever the spec says. */
    public static final String PROTECTED_ACCOUNT = "ProtectedAccount";

    public static final String NOT_IN_ORGANIZATION = "NotInOrganization";
    public static final String ACCOUNT_NOT_ACTIVE = "AccountNotActive";
    public static final String AUDITED = "Audited";
    public static final String CONVERGED = "Converged";
    public static final String SUSPENDED = "Suspended";
    public static final String DRY_RUN = "DryRun";
    public static final String KEY_RECENTLY_USED = "KeyRecentlyUsed";
    public static final String ON_HOLD = "OnHold";
    public static final String BLOCKED_BY_POLICY = "BlockedByPolicy";
    public static final String FEATURE_NOT_ENABLED = "FeatureNotEnabled";
    public static final String VERIFYING = "Verifying";
    public static final String REMOVAL_SCHEDULED = "RemovalScheduled";
    public static final String REMOVAL_CANCELLED = "RemovalCancelled";
    public static final String STOPPED_BEFORE_CHANGE = "StoppedBeforeChange";
    public static final String MFA_KEPT_WITH_PASSWORD = "MfaKeptWithPassword";

    // Fail closed (issue 12)
    public static final String CONFLICT = "Conflict";
    public static final String WRONG_ORGANIZATION = "WrongOrganization";
    public static final String ORGANIZATION_UNVERIFIED = "OrganizationUnverified";

    // Compliant
    public static final String NOT_AUDITED = "NotAudited";
    public static final String AUDIT_ONLY = "AuditOnly";
    public static final String MATCHES_DESIRED_STATE = "MatchesDesiredState";
    public static final String CREDENTIALS_PRESENT = "CredentialsPresent";

    // BlockedByPolicy / OnHold
    public static final String ACCESS_DENIED = "AccessDenied";
    public static final String DENIED_BY_SCP = "DeniedByServiceControlPolicy";
    public static final String NOT_BLOCKED = "NotBlocked";
    public static final String NO_HOLD = "NoHold";
    public static final String BREAK_GLASS_TASK = "BreakGlassTask";

    // Events
    public static final String EVENT_BLOCKED_BY_POLICY = "BlockedByPolicy";
    public static final String EVENT_ACTION_FAILED = "RootActionFailed";
    public static final String EVENT_LOGIN_PROFILE_DELETED = "RootLoginProfileDeleted";
    public static final String EVENT_ACCESS_KEY_DELETED = "RootAccessKeyDeleted";
    public static final String EVENT_SIGNING_CERTIFICATE_DELETED = "RootSigningCertificateDeleted";
    public static final String EVENT_MFA_DEVICE_DEACTIVATED = "RootMfaDeviceDeactivated";
    public static final String EVENT_LOGIN_PROFILE_CREATED = "RootLoginProfileCreated";
    public static final String EVENT_ACTION = "RootAction";
    public static final String EVENT_REMOVAL_SCHEDULED = "RemovalScheduled";
    public static final String EVENT_REMOVAL_CANCELLED = "RemovalCancelled";

    private AccountReasons() {}
}
