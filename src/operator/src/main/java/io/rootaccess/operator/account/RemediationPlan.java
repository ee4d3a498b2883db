package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The calls a pass would make for one account, and the access keys it keeps because they were used
 * recently. All actions of one plan run in a single root session of {@link #taskPolicy()}.
 *
 * @param mfaRemovalWithPassword the spec accepts deactivating MFA devices while the root user keeps
 *     a password; otherwise each deactivation waits until the login profile is read as absent
 */
public record RemediationPlan(
        List<PlannedAction> actions,
        List<ProtectedKey> protectedKeys,
        boolean mfaRemovalWithPassword) {

    public static final String DELETE_LOGIN_PROFILE = "iam:DeleteLoginProfile";
    public static final String DELETE_ACCESS_KEY = "iam:DeleteAccessKey";
    public static final String DELETE_SIGNING_CERTIFICATE = "iam:DeleteSigningCertificate";
    public static final String DEACTIVATE_MFA_DEVICE = "iam:DeactivateMFADevice";
    public static final String CREATE_LOGIN_PROFILE = "iam:CreateLoginProfile";

    /** Target of the two login-profile actions (the root user has exactly one). */
    public static final String LOGIN_PROFILE = "root-login-profile";

    /** An access key kept because it was used within protectKeysUsedWithin. */
    public record ProtectedKey(String accessKeyId, Instant lastUsed) {}

    /**
     * A plan whose MFA deactivations wait for the password to be gone (see {@code
     * allowMfaRemovalWithPassword}).
     */
    public RemediationPlan(List<PlannedAction> actions, List<ProtectedKey> protectedKeys) {
        this(actions, protectedKeys, false);
    }

    public RemediationPlan {
        actions = List.copyOf(actions);
        protectedKeys = List.copyOf(protectedKeys);
    }

    public boolean empty() {
        return actions.isEmpty();
    }

    /** Compliant: nothing to do and nothing kept against the declared state. */
    public boolean converged() {
        return actions.isEmpty() && protectedKeys.isEmpty();
    }

    /** The task policy whose session can make these calls. */
    public TaskPolicy taskPolicy() {
        boolean create = actions.stream().anyMatch(a -> CREATE_LOGIN_PROFILE.equals(a.action));
        return create ? TaskPolicy.CREATE_PASSWORD : TaskPolicy.DELETE;
    }
}
