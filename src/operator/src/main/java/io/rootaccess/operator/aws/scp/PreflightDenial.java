package io.rootaccess.operator.aws.scp;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PolicyDenial;

/**
 * An action the pre-flight found denied by an SCP and therefore never attempted: reported as a
 * denial with its explanation already known (no second read of the SCPs).
 */
public final class PreflightDenial extends AwsException {
    public static final String ERROR_CODE = "DeniedByServiceControlPolicyPreflight";

    private final PolicyDenial denial;

    public PreflightDenial(PolicyDenial denial) {
        super(
                AwsErrorKind.ACCESS_DENIED,
                denial.action(),
                ERROR_CODE,
                "not attempted: service control policy " + denial.policyId() + " denies it");
        this.denial = denial;
    }

    public PolicyDenial denial() {
        return denial;
    }
}
