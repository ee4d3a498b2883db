package io.rootaccess.operator.account;

import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * The verification after the deletes of a one-session pass: lists again the credential types
     * the plan deleted from, in the same session. The other types keep what the audit listed in
     * that session a moment before (nothing was done to them): listing all four again cost up to
     * four calls per account, more than a third of a first convergence (docs/benchmark.md). A
     * credential added by someone else meanwhile is found by the next audit, as one added just
     * after a full verification would be.
     */
    ObservedRoot verify(
            RootSessionRunner.Lease session, ObservedRoot audited, RemediationPlan plan) {
        Set<String> acted = plan.actions().stream().map(a -> a.action).collect(Collectors.toSet());
        return session.call(
                s -> {
                    boolean password =
                            acted.contains(RemediationPlan.DELETE_LOGIN_PROFILE)
                                    ? credentials.loginProfileExists(s)
                                    : audited.summary().passwordPresent();
                    List<RootAccessKey> keys =
                            acted.contains(RemediationPlan.DELETE_ACCESS_KEY)
                                    ? credentials.accessKeys(s)
                                    : audited.accessKeys();
                    List<String> certs =
                            acted.contains(RemediationPlan.DELETE_SIGNING_CERTIFICATE)
                                    ? credentials.signingCertificateIds(s)
                                    : audited.signingCertificateIds();
                    List<String> mfa =
                            acted.contains(RemediationPlan.DEACTIVATE_MFA_DEVICE)
                                    ? credentials.mfaSerialNumbers(s)
                                    : audited.mfaSerialNumbers();
                    return new ObservedRoot(
                            new AccountSummary(password, keys.size(), mfa.size(), certs.size()),
                            password ? audited.passwordLastUsed() : null,
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
