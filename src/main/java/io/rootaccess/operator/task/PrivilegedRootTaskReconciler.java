package io.rootaccess.operator.task;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.task.PrivilegedRootTask;

/** Placeholder: replaced by the real reconciler. */
public class PrivilegedRootTaskReconciler implements Reconciler<PrivilegedRootTask> {
    @Override
    public UpdateControl<PrivilegedRootTask> reconcile(PrivilegedRootTask resource, Context<PrivilegedRootTask> context) {
        return UpdateControl.noUpdate();
    }
}
