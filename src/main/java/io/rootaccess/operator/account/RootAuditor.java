package io.rootaccess.operator.account;

import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Audits one account in an IAMAuditRootUserCredentials session. GetAccountSummary always; the
 * details (ids, last use) only for credential types that are present, and only when they are due: a
 * declared type is present (the plan needs ids), the counts changed since the last audit, there is
 * no previous audit, or the caller asks (new generation, verification after acting). So a
 * steady-state audit costs one GetAccountSummary inside a reused session.
 */
final class RootAuditor {
    private final RootCredentials credentials;

    RootAuditor(RootCredentials credentials) {
        this.credentials = credentials;
    }

    ObservedRoot audit(
            RootSessionRunner.Lease session,
            DesiredRootState desired,
            Optional<ObservedRoot> previous,
            boolean refreshDetails) {
        AccountSummary summary = session.call(credentials::accountSummary);
        ObservedRoot summaryView = ObservedRoot.summaryOnly(summary);
        if (!summary.anyPresent()) {
            return summaryView;
        }
        boolean due =
                refreshDetails
                        || RemediationPlanner.needsDetails(summaryView, desired)
                        || previous.isEmpty()
                        || !previous.get().summary().equals(summary)
                        || !previous.get().detailsMatchSummary();
        if (!due) {
            ObservedRoot p = previous.get();
            return new ObservedRoot(
                    summary,
                    p.passwordLastUsed(),
                    p.accessKeys(),
                    p.signingCertificateIds(),
                    p.mfaSerialNumbers(),
                    false);
        }
        return session.call(
                s -> {
                    Instant passwordLastUsed =
                            summary.passwordPresent()
                                    ? credentials.passwordLastUsed(s).orElse(null)
                                    : null;
                    List<RootAccessKey> keys =
                            summary.accessKeys() > 0 ? credentials.accessKeys(s) : List.of();
                    List<String> certs =
                            summary.signingCertificates() > 0
                                    ? credentials.signingCertificateIds(s)
                                    : List.of();
                    List<String> mfa =
                            summary.mfaDevices() > 0 ? credentials.mfaSerialNumbers(s) : List.of();
                    return new ObservedRoot(summary, passwordLastUsed, keys, certs, mfa, true);
                });
    }

    /**
     * The audit made with the list calls the IAMDeleteRootUserCredentials policy allows (it does
     * not allow GetAccountSummary): GetLoginProfile, GetUser for the password's last use when a
     * profile exists, ListAccessKeys (+ GetAccessKeyLastUsed), ListSigningCertificates,
     * ListMFADevices. The counts are built from the lists, so the result is always detailed.
     */
    ObservedRoot listAll(RootSessionRunner.Lease session) {
        return session.call(
                s -> {
                    boolean password = credentials.loginProfileExists(s);
                    Instant passwordLastUsed =
                            password ? credentials.passwordLastUsed(s).orElse(null) : null;
                    List<RootAccessKey> keys = credentials.accessKeys(s);
                    List<String> certs = credentials.signingCertificateIds(s);
                    List<String> mfa = credentials.mfaSerialNumbers(s);
                    return new ObservedRoot(
                            new AccountSummary(password, keys.size(), mfa.size(), certs.size()),
                            passwordLastUsed,
                            keys,
                            certs,
                            mfa,
                            true);
                });
    }

    static TaskPolicy taskPolicy() {
        return TaskPolicy.AUDIT;
    }
}
