package io.rootaccess.operator.aws;

/** iam:GetAccountSummary inside an audit session: counts of each root credential type. */
public record AccountSummary(
        boolean passwordPresent, int accessKeys, int mfaDevices, int signingCertificates) {
    public boolean anyPresent() {
        return passwordPresent || accessKeys > 0 || mfaDevices > 0 || signingCertificates > 0;
    }
}
