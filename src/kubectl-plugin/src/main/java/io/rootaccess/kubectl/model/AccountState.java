package io.rootaccess.kubectl.model;

import java.util.List;
import java.util.Optional;

/**
 * A MemberAccountRootState: one member account's desired state, its last audit, its plan and the
 * calls made. {@code policy} is the policy that created it (null for a hand-written one). Removal
 * is cancelled by the account id's key in the ConfigMap {@link ApiFields#CANCELS}, which the plugin
 * sees as the operator reports it ({@code cancelReported}: Ready reason RemovalCancelled), or by
 * the older annotation on the resource ({@code cancelAnnotation}).
 */
public record AccountState(
        Meta meta,
        String accountId,
        String policy,
        boolean cancelAnnotation,
        boolean cancelReported,
        String desiredState,
        List<String> credentialTypes,
        String mode,
        boolean suspended,
        String notice,
        boolean hasStatus,
        Long observedGeneration,
        List<Condition> conditions,
        String phase,
        String awsAccountState,
        Credentials credentials,
        String lastAuditTime,
        String nextAuditTime,
        List<Call> plan,
        List<Action> lastActions,
        String holdUntil,
        String holdTask,
        String scheduledAt,
        String attention) {

    /** One call a pass would make (status.plan). */
    public record Call(String action, String target) {}

    /**
     * One mutating call made, with the root session's access key id (ASIA..., not a secret) to find
     * it in the member account's CloudTrail.
     */
    public record Action(
            String action,
            String target,
            String time,
            String result,
            String sessionAccessKeyId,
            String message) {

        /** A call that removed a root credential (delete, or deactivate an MFA device). */
        public boolean removal() {
            return action != null
                    && (action.startsWith("iam:Delete") || action.startsWith("iam:Deactivate"));
        }
    }

    /** Whether removal is cancelled for this account (the operator says so, or the annotation). */
    public boolean removalCancelled() {
        return cancelAnnotation || cancelReported;
    }

    /** What cancels removal, for a person: the ConfigMap key and/or the older annotation. */
    public String removalCancelSource() {
        String configMap =
                "key "
                        + accountId
                        + " of the ConfigMap "
                        + ApiFields.CANCELS
                        + " in the operator's namespace";
        String annotation = "the annotation " + ApiFields.ANNOTATION_HOLD_REMOVAL + "=true";
        if (!cancelAnnotation) {
            return configMap;
        }
        return cancelReported
                ? configMap + " or " + annotation + " (the Ready message names which)"
                : annotation;
    }

    public String name() {
        return meta.name();
    }

    public String namespace() {
        return meta.namespace();
    }

    public Optional<Condition> condition(String type) {
        return Condition.find(conditions, type);
    }

    /** "Absent", or "Absent (Password, SigningCertificates)" when only some types are named. */
    public String desiredDescription() {
        return describeDesired(desiredState, credentialTypes);
    }

    public static String describeDesired(String state, List<String> types) {
        if (state == null) {
            return "-";
        }
        return types.isEmpty() ? state : state + " (" + String.join(", ", types) + ")";
    }
}
