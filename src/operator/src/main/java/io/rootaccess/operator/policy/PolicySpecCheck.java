package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operator's own check of a RootAccessPolicy spec, before any AWS call: the CRD schema says the
 * same where OpenAPI can, but a cluster without schema validation (or an old CRD) must not turn a
 * typo into AWS calls or an exception loop. The first problem found is named; the policy is Stalled
 * ({@link PolicyReasons#INVALID_SPEC}) until the spec changes.
 */
public final class PolicySpecCheck {
    /**
     * Longer lists are a generated mistake, not a policy: say so instead of sweeping the
     * organization.
     */
    static final int MAX_LIST = 1000;

    private static final Pattern ACCOUNT_ID = Pattern.compile(ApiGroup.ACCOUNT_ID_PATTERN);
    private static final Pattern OU_OR_ROOT =
            Pattern.compile(ApiGroup.OU_ID_PATTERN + "|^r-[0-9a-z]{4,32}$");

    private PolicySpecCheck() {}

    public static Optional<String> problem(RootAccessPolicySpec spec) {
        if (spec == null) {
            return Optional.empty();
        }
        if (spec.unreadable != null) { // fail closed: an unreadable spec is never an empty one
            return Optional.of(spec.unreadable);
        }
        if (spec.targets != null) {
            Optional<String> p = accounts("spec.targets.accountIds", spec.targets.accountIds);
            if (p.isPresent()) {
                return p;
            }
            List<OrganizationalUnitTarget> ous = spec.targets.organizationalUnits;
            if (ous != null) {
                if (ous.size() > MAX_LIST) {
                    return tooLong("spec.targets.organizationalUnits", ous.size());
                }
                for (OrganizationalUnitTarget ou : ous) {
                    if (ou != null && ou.id != null && !OU_OR_ROOT.matcher(ou.id).matches()) {
                        return Optional.of(
                                "spec.targets.organizationalUnits: '"
                                        + ou.id
                                        + "' is not an organizational unit id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)");
                    }
                }
            }
            if (spec.targets.tags != null && spec.targets.tags.size() > MAX_LIST) {
                return tooLong("spec.targets.tags", spec.targets.tags.size());
            }
        }
        if (spec.exclude != null) {
            Optional<String> p = accounts("spec.exclude.accountIds", spec.exclude.accountIds);
            if (p.isPresent()) {
                return p;
            }
            if (spec.exclude.organizationalUnits != null) {
                if (spec.exclude.organizationalUnits.size() > MAX_LIST) {
                    return tooLong(
                            "spec.exclude.organizationalUnits",
                            spec.exclude.organizationalUnits.size());
                }
                for (ExcludedOrganizationalUnit ou : spec.exclude.organizationalUnits) {
                    // an entry without an id excludes nothing anyone can see: refuse it (fail
                    // closed)
                    String id = ou == null ? null : ou.id;
                    if (id == null || !OU_OR_ROOT.matcher(id).matches()) {
                        return Optional.of(
                                "spec.exclude.organizationalUnits[].id: '"
                                        + id
                                        + "' is not an organizational unit id (ou-xxxx-xxxxxxxx)");
                    }
                }
            }
        }
        if (spec.organization != null && spec.organization.delegatedAdministrator != null) {
            String admin = spec.organization.delegatedAdministrator.accountId;
            if (admin == null || !ACCOUNT_ID.matcher(admin).matches()) {
                return Optional.of(
                        "spec.organization.delegatedAdministrator.accountId '"
                                + admin
                                + "' is not a 12-digit AWS account id");
            }
        }
        if (spec.rootCredentials != null) {
            Optional<String> p =
                    duration(
                            "spec.rootCredentials.protectKeysUsedWithin",
                            spec.rootCredentials.protectKeysUsedWithin,
                            true);
            if (p.isEmpty()) {
                p =
                        duration(
                                "spec.rootCredentials.auditInterval",
                                spec.rootCredentials.auditInterval,
                                false);
            }
            if (p.isPresent()) {
                return p;
            }
            if (spec.rootCredentials.removesMfaButKeepsPassword()) {
                return Optional.of(RootCredentialsSpec.MFA_WITHOUT_PASSWORD_PROBLEM);
            }
        }
        if (spec.rollout != null
                && spec.rollout.maxInFlight != null
                && spec.rollout.maxInFlight < 1) {
            return Optional.of(
                    "spec.rollout.maxInFlight must be at least 1 (use paused: true to stop the rollout)");
        }
        return Optional.empty();
    }

    private static Optional<String> accounts(String field, List<String> ids) {
        if (ids == null) {
            return Optional.empty();
        }
        if (ids.size() > MAX_LIST) {
            return tooLong(field, ids.size());
        }
        for (String id : ids) {
            if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
                return Optional.of(field + ": '" + id + "' is not a 12-digit AWS account id");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> duration(String field, String text, boolean zeroAllowed) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parse(text);
            if (d.isZero() && !zeroAllowed) {
                return Optional.of(field + " must be longer than 0s");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(field + ": " + e.getMessage());
        }
    }

    private static Optional<String> tooLong(String field, int size) {
        return Optional.of(
                field
                        + " lists "
                        + size
                        + " entries, more than "
                        + MAX_LIST
                        + ": select by organizational unit or tag instead");
    }
}
