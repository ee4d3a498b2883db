package io.rootaccess.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired root-user state, shared by RootAccessPolicy and MemberAccountRootState. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
        value =
                "self.state == 'Absent' || !has(self.credentialTypes) || size(self.credentialTypes) == 0",
        message = "credentialTypes only with state Absent",
        reason = "FieldValueForbidden")
@ValidationRule(
        value = "self.state == 'Absent' || !has(self.protectKeysUsedWithin)",
        message = "protectKeysUsedWithin only with state Absent",
        reason = "FieldValueForbidden")
@ValidationRule(
        value =
                "self.state != 'Absent' || !has(self.credentialTypes) || size(self.credentialTypes) == 0"
                        + " || !self.credentialTypes.exists(t, t == 'MfaDevices')"
                        + " || self.credentialTypes.exists(t, t == 'Password')"
                        + " || (has(self.allowMfaRemovalWithPassword) && self.allowMfaRemovalWithPassword)",
        message =
                "credentialTypes removes MfaDevices but keeps the Password: add Password, or set"
                        + " allowMfaRemovalWithPassword: true",
        reason = "FieldValueInvalid")
public class RootCredentialsSpec {
    @Required
    @JsonPropertyDescription(
            "Absent removes root credentials; RecoveryAllowed keeps a password-less login profile so"
                    + " the root e-mail owner can reset the password; Audit only observes and reports.")
    public RootCredentialsState state;

    @JsonPropertyDescription(
            "With Absent: the credential types to remove, each at most once. Empty means all four.")
    @Size(max = 4)
    @ValidationRule(
            value = "self.all(t, self.exists_one(u, u == t))",
            message = "credentialTypes lists a type twice")
    public List<CredentialType> credentialTypes = new ArrayList<>();

    @JsonPropertyDescription(
            "With Absent: allow credentialTypes to remove MfaDevices while keeping the Password."
                    + " Off by default: a root user is never left with a password and no MFA device.")
    public Boolean allowMfaRemovalWithPassword;

    @JsonPropertyDescription(
            "With Absent: access keys used within this duration (units d, h, m, s, e.g. 30d) are"
                    + " kept and reported instead of deleted.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    @Size(max = ApiGroup.DURATION_MAX_LENGTH)
    public String protectKeysUsedWithin;

    @JsonPropertyDescription(
            "How often to re-audit for drift (units d, h, m, s, e.g. 1h); longer than 0s. Defaults to"
                    + " the operator's setting.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    @Size(max = ApiGroup.DURATION_MAX_LENGTH)
    @ValidationRule(
            value = "self.matches('[1-9]')",
            message = "auditInterval must be longer than 0s")
    public String auditInterval;

    /**
     * Whether this declares MFA devices removed while the password stays, without saying so
     * explicitly: refused (the CEL rule above, and the operator for clusters without it).
     */
    public boolean removesMfaButKeepsPassword() {
        return state == RootCredentialsState.Absent
                && credentialTypes != null
                && credentialTypes.contains(CredentialType.MfaDevices)
                && !credentialTypes.contains(CredentialType.Password)
                && !Boolean.TRUE.equals(allowMfaRemovalWithPassword);
    }

    /** The message of that refusal. */
    public static final String MFA_WITHOUT_PASSWORD_PROBLEM =
            "spec.rootCredentials.credentialTypes removes MfaDevices but keeps the Password: the root"
                    + " user would keep a password without MFA; add Password, or set"
                    + " allowMfaRemovalWithPassword: true to accept that";
}
