package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.account.MemberAccountRootState;

/** Placeholder: replaced by the real reconciler. */
public class MemberAccountRootStateReconciler implements Reconciler<MemberAccountRootState> {
    @Override
    public UpdateControl<MemberAccountRootState> reconcile(MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        return UpdateControl.noUpdate();
    }
}
