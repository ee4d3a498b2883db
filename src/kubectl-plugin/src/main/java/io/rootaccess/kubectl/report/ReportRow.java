package io.rootaccess.kubectl.report;

import java.util.List;

/**
 * One row of the report: an account under management (one per MemberAccountRootState) or left out
 * of every policy that names it. Credential columns are null when the account was never audited
 * (excluded, not audited yet): unknown is not "absent".
 *
 * @param removalSessionKeyIds the access key ids (ASIA..., not secrets) of the root sessions whose
 *     calls removed credentials, newest first, from status.lastActions (the newest 20 calls); look
 *     them up in the member account's CloudTrail
 */
public record ReportRow(
        String account,
        String namespace,
        String policy,
        String resource,
        String desiredState,
        String mode,
        String phase,
        Boolean password,
        Integer accessKeys,
        Integer signingCertificates,
        Integer mfaDevices,
        String lastAudit,
        String compliantSince,
        List<ExceptionEntry> exceptions,
        List<String> removalSessionKeyIds) {

    /**
     * Why an account is not simply compliant under one policy: Excluded, Overridden, Conflict,
     * Held, Blocked, Failed, Refused, NonCompliant or Scheduled, with the policy that says so
     * (null: the account's own resource), the operator's reason and its message.
     */
    public record ExceptionEntry(String kind, String policy, String reason, String message) {
        /**
         * "Held (OnHold): held by ...", "Excluded (organization-wide, ManagementAccount): ...": the
         * kind, the policy whose status says so and the reason when it adds to the kind.
         */
        public String text() {
            List<String> source = new java.util.ArrayList<>();
            if (policy != null) {
                source.add(policy);
            }
            if (reason != null && !reason.equals(kind)) {
                source.add(reason);
            }
            return kind
                    + (source.isEmpty() ? "" : " (" + String.join(", ", source) + ")")
                    + (message == null || message.isBlank() ? "" : ": " + message);
        }
    }
}
