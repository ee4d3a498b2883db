package io.rootaccess.operator.aws;

/** Turns an AccessDenied inside a root session into something a person can act on. */
public interface DenialExplainer {
    /**
     * Looks at the SCPs on the account's path (account, OUs, root) for a Deny that matches the
     * action for root.
     */
    default PolicyDenial explain(String accountId, String action) {
        return explain(accountId, action, null);
    }

    /**
     * As above, for a call on a known resource (a bucket's ARN); null when any resource may be
     * meant.
     */
    PolicyDenial explain(String accountId, String action, String resourceArn);
}
