package io.rootaccess.operator.aws;

/** Turns an AccessDenied inside a root session into something a person can act on. */
public interface DenialExplainer {
    /** Looks at the SCPs on the account's path (account, OUs, root) for a Deny that matches the action for root. */
    PolicyDenial explain(String accountId, String action);
}
