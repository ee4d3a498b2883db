package io.rootaccess.operator.status;

/** Condition types and common reasons used on all three kinds. */
public final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String COMPLIANT = "Compliant";
    public static final String BLOCKED_BY_POLICY = "BlockedByPolicy";
    public static final String CONFLICT = "Conflict";
    public static final String ON_HOLD = "OnHold";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private ConditionTypes() {}
}
