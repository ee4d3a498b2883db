package io.rootaccess.operator.api;

/** The desired state of a member account's root user. */
public enum RootCredentialsState {
    /** Remove the listed credential types (all by default). */
    Absent,
    /** A login profile exists without a password, so the root e-mail owner can reset it. */
    RecoveryAllowed,
    /** Observe and report only. */
    Audit
}
