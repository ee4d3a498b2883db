package io.rootaccess.kubectl.model;

import java.util.List;

/** A RootAccessPolicy: what it asks for and what its status says. Absent fields are null. */
public record Policy(
        Meta meta,
        String mode,
        Integer priority,
        String desiredState,
        List<String> credentialTypes,
        Boolean targetsAll,
        List<String> targetAccountIds,
        List<Target> targetOus,
        List<Tag> targetTags,
        List<String> excludedAccountIds,
        List<String> excludedOus,
        boolean hasStatus,
        Long observedGeneration,
        List<Condition> conditions,
        String organizationId,
        String managementAccountId,
        Boolean trustedAccess,
        List<String> enabledFeatures,
        String delegatedAdministrator,
        List<String> plannedOrganizationChanges,
        Counts counts,
        List<Note> attention,
        boolean attentionTruncated,
        List<Note> excludedAccounts,
        List<String> unknownTargets) {

    /** An organizational unit in spec.targets. */
    public record Target(String id, boolean includeDescendants) {}

    /** A tag selector in spec.targets; a null value matches any value. */
    public record Tag(String key, String value) {}

    /** The counters of status by account phase; null when the operator has not written them. */
    public record Counts(
            Integer selected,
            Integer compliant,
            Integer nonCompliant,
            Integer inProgress,
            Integer blocked,
            Integer failed,
            Integer excluded,
            Integer waiting) {}

    public String name() {
        return meta.name();
    }

    public String namespace() {
        return meta.namespace();
    }

    /** Whether status was written for the spec as it is now (observedGeneration). */
    public boolean statusCurrent() {
        return hasStatus
                && observedGeneration != null
                && (meta.generation() == null || observedGeneration >= meta.generation());
    }

    /** "Absent", or "Absent (Password, SigningCertificates)"; "-" when the policy sets none. */
    public String desiredDescription() {
        return AccountState.describeDesired(desiredState, credentialTypes);
    }

    public java.util.Optional<Condition> condition(String type) {
        return Condition.find(conditions, type);
    }
}
