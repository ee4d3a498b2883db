package io.rootaccess.operator.aws;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * IAM calls made inside a root session (they omit UserName and act on the root user). Deletions
 * return {@code false} when the credential was already gone, which callers treat as success.
 */
public interface RootCredentials {
    AccountSummary accountSummary(RootSession session);

    /** iam:GetLoginProfile; true when a login profile (password or recovery) exists. */
    boolean loginProfileExists(RootSession session);

    /** iam:GetUser PasswordLastUsed. */
    Optional<Instant> passwordLastUsed(RootSession session);

    /** iam:ListAccessKeys plus iam:GetAccessKeyLastUsed for each. */
    List<RootAccessKey> accessKeys(RootSession session);

    /** iam:ListAccessKeys only (no last-used reads): what exists right now. */
    default List<String> accessKeyIds(RootSession session) {
        return accessKeys(session).stream().map(RootAccessKey::accessKeyId).toList();
    }

    List<String> signingCertificateIds(RootSession session);

    List<String> mfaSerialNumbers(RootSession session);

    boolean deleteLoginProfile(RootSession session);

    boolean deleteAccessKey(RootSession session, String accessKeyId);

    boolean deleteSigningCertificate(RootSession session, String certificateId);

    boolean deactivateMfaDevice(RootSession session, String serialNumber);

    /** iam:CreateLoginProfile without a password. Returns false when a profile already existed. */
    boolean createLoginProfile(RootSession session);
}
