package io.rootaccess.operator.aws;

/**
 * Why a root task was denied: the action, and when a service control policy on the account's path
 * denies it, that SCP and the fix. {@code policyId} is null when no SCP explains the denial.
 */
public record PolicyDenial(
        String accountId,
        String action,
        String policyId,
        String policyName,
        String targetId,
        String fix) {
    public String message() {
        return message(action + " was");
    }

    /**
     * The message for several actions denied alike (same policy and fix), e.g. {@code "iam:GetUser,
     * iam:ListAccessKeys were"}.
     */
    public String message(String actionsWere) {
        if (policyId == null) {
            return actionsWere
                    + " denied in account "
                    + accountId
                    + " (no service control policy on its path denies it: check the operator role's permissions"
                    + " and the task policy)";
        }
        return actionsWere
                + " denied in account "
                + accountId
                + " by service control policy "
                + policyId
                + " ("
                + policyName
                + ", attached to "
                + targetId
                + "). "
                + fix;
    }
}
