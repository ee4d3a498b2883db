package io.rootaccess.operator.account;

import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.TaskPolicy;
import java.time.Instant;
import java.util.HashSet;
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
    private static final String GET_ACCESS_KEY_LAST_USED = "iam:GetAccessKeyLastUsed";

    private final RootCredentials credentials;

    RootAuditor(RootCredentials credentials) {
        this.credentials = credentials;
    }

    ObservedRoot audit(
            RootSessionRunner.Lease session,
            DesiredRootState desired,
            Optional<ObservedRoot> previous,
            boolean refreshDetails) {
        return audit(session, desired, previous, refreshDetails, DeniedCalls.rethrowing());
    }

    /** As above; a denied detail read is kept in {@code denied} and that detail is unknown. */
    ObservedRoot audit(
            RootSessionRunner.Lease session,
            DesiredRootState desired,
            Optional<ObservedRoot> previous,
            boolean refreshDetails,
            DeniedCalls denied) {
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
                    Set<String> unknown = new HashSet<>();
                    Instant passwordLastUsed =
                            summary.passwordPresent() ? passwordLastUsed(s, denied, unknown) : null;
                    List<RootAccessKey> keys =
                            summary.accessKeys() > 0 ? accessKeys(s, denied, unknown) : List.of();
                    List<String> certs =
                            summary.signingCertificates() > 0
                                    ? signingCertificates(s, denied, unknown)
                                    : List.of();
                    List<String> mfa =
                            summary.mfaDevices() > 0 ? mfaDevices(s, denied, unknown) : List.of();
                    // the counts came from GetAccountSummary: a list that could not be read is
                    // unknown in its ids, not in its count
                    unknown.retainAll(Set.of(ObservedRoot.ACCESS_KEY_LAST_USE));
                    return new ObservedRoot(
                            summary, passwordLastUsed, keys, certs, mfa, true, unknown);
                });
    }

    private Instant passwordLastUsed(RootSession s, DeniedCalls denied, Set<String> unknown) {
        Optional<Optional<Instant>> read = denied.read(() -> credentials.passwordLastUsed(s));
        if (read.isEmpty()) {
            unknown.add(ObservedRoot.PASSWORD_LAST_USED);
            return null;
        }
        return read.get().orElse(null);
    }

    /**
     * The keys with their last use; when only the last use is denied, the ids alone (fail closed:
     * the planner keeps every key whose last use is unknown).
     */
    private List<RootAccessKey> accessKeys(RootSession s, DeniedCalls denied, Set<String> unknown) {
        try {
            return credentials.accessKeys(s);
        } catch (AwsException e) {
            denied.tolerate(e); // rethrows what is not a denial
            if (!GET_ACCESS_KEY_LAST_USED.equals(e.action())) {
                unknown.add(ObservedRoot.ACCESS_KEYS);
                return List.of();
            }
        }
        unknown.add(ObservedRoot.ACCESS_KEY_LAST_USE);
        return denied.read(() -> credentials.accessKeyIds(s))
                .map(
                        ids ->
                                ids.stream()
                                        .map(id -> new RootAccessKey(id, null, null, null, null))
                                        .toList())
                .orElseGet(
                        () -> {
                            unknown.add(ObservedRoot.ACCESS_KEYS);
                            return List.of();
                        });
    }

    private List<String> signingCertificates(
            RootSession s, DeniedCalls denied, Set<String> unknown) {
        return denied.read(() -> credentials.signingCertificateIds(s))
                .orElseGet(
                        () -> {
                            unknown.add(ObservedRoot.SIGNING_CERTIFICATES);
                            return List.of();
                        });
    }

    private List<String> mfaDevices(RootSession s, DeniedCalls denied, Set<String> unknown) {
        return denied.read(() -> credentials.mfaSerialNumbers(s))
                .orElseGet(
                        () -> {
                            unknown.add(ObservedRoot.MFA_DEVICES);
                            return List.of();
                        });
    }

    private boolean loginProfile(RootSession s, DeniedCalls denied, Set<String> unknown) {
        return denied.read(() -> credentials.loginProfileExists(s))
                .orElseGet(
                        () -> {
                            unknown.add(ObservedRoot.PASSWORD);
                            return false;
                        });
    }

    /**
     * The audit made with the list calls the IAMDeleteRootUserCredentials policy allows (it does
     * not allow GetAccountSummary): GetLoginProfile, GetUser for the password's last use when a
     * profile exists, ListAccessKeys (+ GetAccessKeyLastUsed), ListSigningCertificates,
     * ListMFADevices. The counts are built from the lists, so the result is always detailed.
     */
    ObservedRoot listAll(RootSessionRunner.Lease session) {
        return listAll(session, DeniedCalls.rethrowing());
    }

    /**
     * As above; a denied read is kept in {@code denied} and that detail (with its count) is
     * unknown.
     */
    ObservedRoot listAll(RootSessionRunner.Lease session, DeniedCalls denied) {
        return session.call(
                s -> {
                    Set<String> unknown = new HashSet<>();
                    boolean password = loginProfile(s, denied, unknown);
                    Instant passwordLastUsed =
                            password ? passwordLastUsed(s, denied, unknown) : null;
                    List<RootAccessKey> keys = accessKeys(s, denied, unknown);
                    List<String> certs = signingCertificates(s, denied, unknown);
                    List<String> mfa = mfaDevices(s, denied, unknown);
                    return new ObservedRoot(
                            new AccountSummary(password, keys.size(), mfa.size(), certs.size()),
                            passwordLastUsed,
                            keys,
                            certs,
                            mfa,
                            true,
                            unknown);
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
        return verify(session, audited, plan, DeniedCalls.rethrowing());
    }

    /** As above; what stays unknown from the audit stays unknown. */
    ObservedRoot verify(
            RootSessionRunner.Lease session,
            ObservedRoot audited,
            RemediationPlan plan,
            DeniedCalls denied) {
        Set<String> acted = plan.actions().stream().map(a -> a.action).collect(Collectors.toSet());
        return session.call(
                s -> {
                    Set<String> unknown = new HashSet<>(audited.unknown());
                    boolean password =
                            acted.contains(RemediationPlan.DELETE_LOGIN_PROFILE)
                                    ? loginProfile(s, denied, unknown)
                                    : audited.summary().passwordPresent();
                    List<RootAccessKey> keys =
                            acted.contains(RemediationPlan.DELETE_ACCESS_KEY)
                                    ? accessKeys(s, denied, unknown)
                                    : audited.accessKeys();
                    List<String> certs =
                            acted.contains(RemediationPlan.DELETE_SIGNING_CERTIFICATE)
                                    ? signingCertificates(s, denied, unknown)
                                    : audited.signingCertificateIds();
                    List<String> mfa =
                            acted.contains(RemediationPlan.DEACTIVATE_MFA_DEVICE)
                                    ? mfaDevices(s, denied, unknown)
                                    : audited.mfaSerialNumbers();
                    return new ObservedRoot(
                            new AccountSummary(password, keys.size(), mfa.size(), certs.size()),
                            password ? audited.passwordLastUsed() : null,
                            keys,
                            certs,
                            mfa,
                            true,
                            unknown);
                });
    }

    static TaskPolicy taskPolicy() {
        return TaskPolicy.AUDIT;
    }
}
