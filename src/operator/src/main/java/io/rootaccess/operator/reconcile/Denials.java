package io.rootaccess.operator.reconcile;

import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.scp.PreflightDenial;

/**
 * An AccessDenied turned into a denial a person can act on, or an unexplained one when the SCPs
 * cannot be read.
 */
public final class Denials {
    private Denials() {}

    public static PolicyDenial explain(
            DenialExplainer explainer, String accountId, AwsException denied) {
        if (denied instanceof PreflightDenial known) {
            return known.denial();
        }
        String action = denied.action() == null ? "sts:AssumeRoot" : denied.action();
        try {
            return explainer.explain(accountId, action);
        } catch (AwsException explainFailure) {
            return new PolicyDenial(accountId, action, null, null, null, null);
        }
    }
}
