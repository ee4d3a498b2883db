package io.rootaccess.operator.events;

import io.rootaccess.operator.aws.OwnRootSessions;
import io.rootaccess.operator.aws.TaskPolicy;

/**
 * What an event means for the operator (docs/events.md has the table). Every path by which root
 * credentials can come back to a compliant member account goes through one of these in the
 * management account; periodic audits remain the safety net for whatever this misses.
 */
public enum EventKind {
    /**
     * sts:AssumeRoot with IAMCreateRootUserPassword by someone else: that account may get a login
     * profile (password recovery allowed): audit it now, and again when the session has expired.
     */
    RECOVERY_ALLOWED,
    /**
     * The RootCredentialsManagement or RootSessions switch changed: the policies read the switches
     * again; switching RootCredentialsManagement off also re-audits every account (while it is off
     * root users can recover their passwords by themselves).
     */
    SWITCH_CHANGED,
    /** An account created, invited, moved or removed: re-read the organization, re-target. */
    ORGANIZATION_CHANGED,
    /** The operator's own recovery session (a PrivilegedRootTask it runs): nothing to do. */
    OWN_SESSION,
    /** Anything else: counted and ignored. */
    UNKNOWN;

    static EventKind of(ManagementEvent e, OwnRootSessions own) {
        return switch (e.action()) {
            case "sts:AssumeRoot" -> {
                if (!TaskPolicy.CREATE_PASSWORD.arn().equals(e.taskPolicyArn())
                        || e.accountId() == null) {
                    yield UNKNOWN; // the rule forwards recoveries only; other tasks add nothing
                }
                yield own.isOwn(e.sessionKeyId()) ? OWN_SESSION : RECOVERY_ALLOWED;
            }
            case "iam:EnableOrganizationsRootCredentialsManagement",
                    "iam:DisableOrganizationsRootCredentialsManagement",
                    "iam:EnableOrganizationsRootSessions",
                    "iam:DisableOrganizationsRootSessions" ->
                    SWITCH_CHANGED;
            case "organizations:CreateAccount",
                    "organizations:CreateAccountResult",
                    "organizations:InviteAccountToOrganization",
                    "organizations:AcceptHandshake",
                    "organizations:MoveAccount",
                    "organizations:RemoveAccountFromOrganization",
                    "organizations:CloseAccount" ->
                    ORGANIZATION_CHANGED;
            default -> UNKNOWN;
        };
    }

    /** The outcome label of rootaccess_events_total for an event handled as this kind. */
    String outcome() {
        return this == OWN_SESSION || this == UNKNOWN ? "ignored" : "handled";
    }
}
