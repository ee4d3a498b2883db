package io.rootaccess.operator.api;

/** Whether the operator changes AWS or only reports the plan. */
public enum Mode {
    Enforce,
    /** Plan only: status shows the exact calls that would be made; no mutating AWS call. */
    DryRun
}
