package io.rootaccess.operator.api.policy;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.rootaccess.operator.api.LenientSpec;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;

// An id both targeted and excluded is a contradiction in the manifest: refuse it rather than guess
// which was meant.
@JsonClassDescription(
        "Which member accounts (targets minus exclude), their desired root state, the organization"
                + " switches, the mode and the rollout pace.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "!has(self.targets) || !has(self.exclude) || !has(self.targets.accountIds)"
                        + " || !has(self.exclude.accountIds) || !self.targets.accountIds.exists(a, a in self.exclude.accountIds)",
        message = "an account id is both in targets.accountIds and in exclude.accountIds",
        reason = "FieldValueInvalid")
@ValidationRule(
        value =
                "!has(self.targets) || !has(self.exclude) || !has(self.targets.organizationalUnits)"
                        + " || !has(self.exclude.organizationalUnits)"
                        + " || !self.targets.organizationalUnits.exists(t, self.exclude.organizationalUnits.exists(e, e.id == t.id))",
        message = "an OU is both in targets.organizationalUnits and in exclude.organizationalUnits",
        reason = "FieldValueInvalid")
public class RootAccessPolicySpec {
    @JsonPropertyDescription(
            "Organization-level switches. Absent means the operator leaves them alone.")
    public OrganizationSpec organization;

    @JsonPropertyDescription(
            "Which member accounts this policy applies to. An empty selection selects nothing.")
    public TargetsSpec targets;

    @JsonPropertyDescription(
            "Accounts and OUs (with their descendants) removed from the selection.")
    public ExcludeSpec exclude;

    @JsonPropertyDescription(
            "The desired state of each selected account's root user. Absent means org switches only.")
    public RootCredentialsSpec rootCredentials;

    // Fail closed: a policy that does not say Enforce only plans (GitOps-friendly: nothing is
    // refused).
    @JsonPropertyDescription(
            "Enforce changes AWS; DryRun (the default) only reports the plan and changes nothing.")
    @Default("DryRun")
    public Mode mode = Mode.DryRun;

    @JsonPropertyDescription(
            "When two policies select one account with different desired states, the higher priority"
                    + " wins (-1000 to 1000); at equal priority neither acts and both report Conflict.")
    @Default("0")
    @Min(-1000)
    @Max(1000)
    public Integer priority = 0;

    @JsonPropertyDescription("Pacing of remediation across accounts.")
    public RolloutSpec rollout;

    /**
     * Set instead of the fields when the stored spec cannot be read (see {@link LenientSpec}):
     * which field and why. Never stored, never in the schema; a marked spec is refused.
     */
    @JsonIgnore public String unreadable;

    /** Reads the spec without throwing: an unreadable one comes back empty and marked. */
    public static final class Lenient extends LenientSpec<RootAccessPolicySpec> {
        public Lenient() {
            super(
                    RootAccessPolicySpec.class,
                    (empty, problem) -> {
                        empty.unreadable = problem;
                        return empty;
                    });
        }
    }
}
