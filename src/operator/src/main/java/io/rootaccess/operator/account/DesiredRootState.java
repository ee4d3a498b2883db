package io.rootaccess.operator.account;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.status.Durations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A validated MemberAccountRootState spec with defaults resolved: the credential types to remove
 * (empty means all four), parsed durations, and a hash used to skip passes when nothing changed.
 *
 * @param protectKeysUsedWithin null when keys are never protected
 * @param mfaRemovalWithPassword the spec explicitly accepts MFA devices deactivated while the root
 *     user keeps a password
 */
public record DesiredRootState(
        String accountId,
        RootCredentialsState state,
        Set<CredentialType> credentialTypes,
        Duration protectKeysUsedWithin,
        Duration auditInterval,
        Mode mode,
        boolean suspend,
        boolean mfaRemovalWithPassword) {

    /** Without the explicit MFA-with-password opt-in. */
    public DesiredRootState(
            String accountId,
            RootCredentialsState state,
            Set<CredentialType> credentialTypes,
            Duration protectKeysUsedWithin,
            Duration auditInterval,
            Mode mode,
            boolean suspend) {
        this(
                accountId,
                state,
                credentialTypes,
                protectKeysUsedWithin,
                auditInterval,
                mode,
                suspend,
                false);
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");

    /** The outcome of validation: either a desired state or a message for the Stalled condition. */
    public record Validation(DesiredRootState desired, String problem) {
        public boolean valid() {
            return desired != null;
        }
    }

    /**
     * Validates instead of throwing (the mock API server and older clusters do no schema
     * validation).
     */
    public static Validation validate(
            MemberAccountRootStateSpec spec, Duration defaultAuditInterval) {
        if (spec == null) {
            return invalid("spec is missing");
        }
        if (spec.unreadable != null) { // fail closed: an unreadable spec is never an empty one
            return invalid(spec.unreadable);
        }
        if (spec.accountId == null || !ACCOUNT_ID.matcher(spec.accountId).matches()) {
            return invalid(
                    "spec.accountId '" + spec.accountId + "' is not a 12-digit AWS account id");
        }
        if (spec.rootCredentials == null || spec.rootCredentials.state == null) {
            return invalid(
                    "spec.rootCredentials.state is required: Absent, RecoveryAllowed or Audit");
        }
        var rc = spec.rootCredentials;
        Duration protect;
        Duration interval;
        try {
            protect =
                    rc.protectKeysUsedWithin == null || rc.protectKeysUsedWithin.isBlank()
                            ? null
                            : Durations.parse(rc.protectKeysUsedWithin);
        } catch (IllegalArgumentException e) {
            return invalid("spec.rootCredentials.protectKeysUsedWithin: " + e.getMessage());
        }
        try {
            interval = Durations.parseOr(rc.auditInterval, defaultAuditInterval);
        } catch (IllegalArgumentException e) {
            return invalid("spec.rootCredentials.auditInterval: " + e.getMessage());
        }
        if (interval.isZero()) {
            return invalid("spec.rootCredentials.auditInterval must be longer than 0s");
        }
        // fail closed: an entry that is no credential type (null where no schema validated it, or
        // a value this version does not know) is never read as "all types"
        if (rc.credentialTypes != null && rc.credentialTypes.stream().anyMatch(t -> t == null)) {
            return invalid(
                    "spec.rootCredentials.credentialTypes has an entry that is not a credential"
                            + " type (null or unknown): list only Password, AccessKeys,"
                            + " SigningCertificates, MfaDevices");
        }
        Set<CredentialType> types =
                rc.credentialTypes == null || rc.credentialTypes.isEmpty()
                        ? EnumSet.allOf(CredentialType.class)
                        : EnumSet.copyOf(rc.credentialTypes);
        boolean mfaWithPassword = Boolean.TRUE.equals(rc.allowMfaRemovalWithPassword);
        if (rc.state == RootCredentialsState.Absent
                && types.contains(CredentialType.MfaDevices)
                && !types.contains(CredentialType.Password)
                && !mfaWithPassword) {
            // never a password without MFA: fail closed unless the spec says so
            return invalid(RootCredentialsSpec.MFA_WITHOUT_PASSWORD_PROBLEM);
        }
        Mode mode = spec.mode == null ? Mode.DryRun : spec.mode;
        return new Validation(
                new DesiredRootState(
                        spec.accountId,
                        rc.state,
                        types,
                        protect,
                        interval,
                        mode,
                        Boolean.TRUE.equals(spec.suspend),
                        mfaWithPassword),
                null);
    }

    private static Validation invalid(String problem) {
        return new Validation(null, problem);
    }

    /** Whether this state removes the given credential type. */
    public boolean removes(CredentialType type) {
        return state == RootCredentialsState.Absent && credentialTypes.contains(type);
    }

    /** Whether mutating calls are allowed in this pass (Enforce and not suspended). */
    public boolean enforcing() {
        return mode == Mode.Enforce && !suspend;
    }

    /**
     * A short stable hash of everything that decides what a pass does, plus the hold (a hold that
     * starts or ends changes the outcome even when the spec does not).
     */
    public String hash(String holdKey) {
        String canonical =
                String.join(
                                "|",
                                accountId,
                                state.name(),
                                credentialTypes.stream()
                                        .map(Enum::name)
                                        .sorted()
                                        .collect(Collectors.joining(",")),
                                String.valueOf(protectKeysUsedWithin),
                                auditInterval.toString(),
                                mode.name(),
                                String.valueOf(suspend),
                                String.valueOf(holdKey))
                        + (mfaRemovalWithPassword ? "|mfaWithPassword" : "");
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
