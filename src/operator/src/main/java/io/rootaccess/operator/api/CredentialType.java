package io.rootaccess.operator.api;

/** The kinds of root credentials that centralized root access can audit and delete. */
public enum CredentialType {
    Password,
    AccessKeys,
    SigningCertificates,
    MfaDevices
}
