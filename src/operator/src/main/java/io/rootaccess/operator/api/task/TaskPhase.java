package io.rootaccess.operator.api.task;

public enum TaskPhase {
    Pending,
    Running,
    Succeeded,
    Failed
}
