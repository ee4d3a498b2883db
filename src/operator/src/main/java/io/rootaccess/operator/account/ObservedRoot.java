package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.ObservedRootCredentials;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.RootAccessKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one audit saw: the GetAccountSummary counts, and (when they were read) the details of each
 * present credential type. Ids and dates only; never secrets.
 *
 * @param detailed false when only the summary was read and the details were taken from the previous
 *     audit
 * @param unknown the details AWS denied reading (see {@link DeniedCalls}): {@link #PASSWORD},
 *     {@link #PASSWORD_LAST_USED}, {@link #ACCESS_KEYS}, {@link #ACCESS_KEY_LAST_USE}, {@link
 *     #SIGNING_CERTIFICATES}, {@link #MFA_DEVICES}; their counts are reported unknown
 */
public record ObservedRoot(
        AccountSummary summary,
        Instant passwordLastUsed,
        List<RootAccessKey> accessKeys,
        List<String> signingCertificateIds,
        List<String> mfaSerialNumbers,
        boolean detailed,
        Set<String> unknown) {

    public static final String PASSWORD = "password";
    public static final String PASSWORD_LAST_USED = "passwordLastUsed";
    public static final String ACCESS_KEYS = "accessKeys";
    public static final String ACCESS_KEY_LAST_USE = "accessKeyLastUse";
    public static final String SIGNING_CERTIFICATES = "signingCertificates";
    public static final String MFA_DEVICES = "mfaDevices";

    /** Everything that was read could be read. */
    public ObservedRoot(
            AccountSummary summary,
            Instant passwordLastUsed,
            List<RootAccessKey> accessKeys,
            List<String> signingCertificateIds,
            List<String> mfaSerialNumbers,
            boolean detailed) {
        this(
                summary,
                passwordLastUsed,
                accessKeys,
                signingCertificateIds,
                mfaSerialNumbers,
                detailed,
                Set.of());
    }

    public ObservedRoot {
        unknown = unknown == null ? Set.of() : Set.copyOf(unknown);
        accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
        signingCertificateIds =
                signingCertificateIds == null ? List.of() : List.copyOf(signingCertificateIds);
        mfaSerialNumbers = mfaSerialNumbers == null ? List.of() : List.copyOf(mfaSerialNumbers);
    }

    /** Nothing present: the summary is the whole truth. */
    public static ObservedRoot summaryOnly(AccountSummary summary) {
        return new ObservedRoot(summary, null, List.of(), List.of(), List.of(), false);
    }

    public ObservedRootCredentials toStatus() {
        var out = new ObservedRootCredentials();
        // a count that could not be read is left out (unknown), never reported as zero
        out.passwordPresent = unknown.contains(PASSWORD) ? null : summary.passwordPresent();
        out.passwordLastUsed = passwordLastUsed == null ? null : passwordLastUsed.toString();
        out.accessKeysPresent = unknown.contains(ACCESS_KEYS) ? null : summary.accessKeys();
        out.signingCertificatesPresent =
                unknown.contains(SIGNING_CERTIFICATES) ? null : summary.signingCertificates();
        out.mfaDevicesPresent = unknown.contains(MFA_DEVICES) ? null : summary.mfaDevices();
        if (!accessKeys.isEmpty()) {
            out.accessKeys = new ArrayList<>();
            for (RootAccessKey k : accessKeys) {
                out.accessKeys.add(
                        new ObservedRootCredentials.AccessKeyInfo(
                                k.accessKeyId(),
                                k.status(),
                                str(k.createDate()),
                                str(k.lastUsedDate()),
                                k.lastUsedService()));
            }
        }
        out.signingCertificateIds =
                signingCertificateIds.isEmpty() ? null : new ArrayList<>(signingCertificateIds);
        out.mfaSerialNumbers =
                mfaSerialNumbers.isEmpty() ? null : new ArrayList<>(mfaSerialNumbers);
        return out;
    }

    /**
     * Rebuilds the details of a previous audit from status, so a steady-state pass whose summary
     * did not change needs no detail calls. Empty when status has no usable previous audit.
     */
    public static java.util.Optional<ObservedRoot> fromStatus(ObservedRootCredentials s) {
        if (s == null
                || s.passwordPresent == null
                || s.accessKeysPresent == null
                || s.mfaDevicesPresent == null
                || s.signingCertificatesPresent == null) {
            return java.util.Optional.empty();
        }
        var summary =
                new AccountSummary(
                        s.passwordPresent,
                        s.accessKeysPresent,
                        s.mfaDevicesPresent,
                        s.signingCertificatesPresent);
        List<RootAccessKey> keys = new ArrayList<>();
        if (s.accessKeys != null) {
            for (var k : s.accessKeys) {
                keys.add(
                        new RootAccessKey(
                                k.accessKeyId,
                                k.status,
                                instant(k.createDate),
                                instant(k.lastUsedDate),
                                k.lastUsedService));
            }
        }
        return java.util.Optional.of(
                new ObservedRoot(
                        summary,
                        instant(s.passwordLastUsed),
                        keys,
                        s.signingCertificateIds,
                        s.mfaSerialNumbers,
                        false));
    }

    /**
     * Whether the details (ids) agree with the counts, i.e. they can stand in for a detail read.
     */
    public boolean detailsMatchSummary() {
        return accessKeys.size() == summary.accessKeys()
                && signingCertificateIds.size() == summary.signingCertificates()
                && mfaSerialNumbers.size() == summary.mfaDevices();
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
