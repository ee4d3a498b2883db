package io.rootaccess.operator.policy;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.policy.RootAccessPolicy;

/** Placeholder: replaced by the real reconciler. */
public class RootAccessPolicyReconciler implements Reconciler<RootAccessPolicy> {
    @Override
    public UpdateControl<RootAccessPolicy> reconcile(RootAccessPolicy resource, Context<RootAccessPolicy> context) {
        return UpdateControl.noUpdate();
    }
}
