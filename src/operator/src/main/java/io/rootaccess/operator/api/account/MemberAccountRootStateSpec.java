package io.rootaccess.operator.api.account;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.LenientSpec;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;

@JsonClassDescription("The member account and the desired state of its root user.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberAccountRootStateSpec {
    // One object stands for one account for its whole life: its status, hold and actions are that
    // account's.
    @Required
    @Pattern(ApiGroup.ACCOUNT_ID_PATTERN)
    @Size(max = 12)
    @ValidationRule(
            value = "self == oldSelf",
            message = "accountId is immutable: create another MemberAccountRootState",
            reason = "FieldValueForbidden")
    @JsonPropertyDescription(
            "The 12-digit member account id (never the management account). Immutable.")
    public String accountId;

    @Required
    @JsonPropertyDescription("The desired state of this account's root user.")
    public RootCredentialsSpec rootCredentials;

    // Fail closed: a state that does not say Enforce only plans.
    @Default("DryRun")
    @JsonPropertyDescription(
            "Enforce changes AWS; DryRun (the default) writes the calls a pass would make to"
                    + " status.plan and changes nothing.")
    public Mode mode = Mode.DryRun;

    @JsonPropertyDescription(
            "Audit only, make no change (set by a policy's rollout while the account waits its turn).")
    @Default("false")
    public Boolean suspend = false;

    @JsonPropertyDescription(
            "Warn owners first (units d, h, m, s, e.g. 7d; set from the policy's spec.rollout.notice):"
                    + " the first destructive change waits until status.scheduledAt. Unset: no notice.")
    @Pattern(ApiGroup.DURATION_PATTERN)
    @Size(max = ApiGroup.DURATION_MAX_LENGTH)
    public String notice;

    /**
     * Set instead of the fields when the stored spec cannot be read (see {@link LenientSpec}):
     * which field and why. Never stored, never in the schema; a marked spec is refused.
     */
    @JsonIgnore public String unreadable;

    /** Reads the spec without throwing: an unreadable one comes back empty and marked. */
    public static final class Lenient extends LenientSpec<MemberAccountRootStateSpec> {
        public Lenient() {
            super(
                    MemberAccountRootStateSpec.class,
                    (empty, problem) -> {
                        empty.unreadable = problem;
                        return empty;
                    });
        }
    }
}
