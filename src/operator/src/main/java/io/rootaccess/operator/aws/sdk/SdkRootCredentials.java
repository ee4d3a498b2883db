package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedResponse;
import software.amazon.awssdk.services.iam.model.MFADevice;
import software.amazon.awssdk.services.iam.model.SigningCertificate;

/**
 * The root user's IAM credentials, read and removed inside root sessions (no UserName: it acts on
 * root).
 */
@ApplicationScoped
public class SdkRootCredentials implements RootCredentials {
    private final AwsClients clients;
    private final InSession in;

    @Inject
    public SdkRootCredentials(AwsClients clients, AwsCalls calls, RootSessions sessions) {
        this.clients = clients;
        this.in = new InSession(calls, sessions);
    }

    @Override
    public AccountSummary accountSummary(RootSession session) {
        Map<String, Integer> map =
                in.call(
                        session,
                        ApiFamily.IAM_ROOT,
                        "iam:GetAccountSummary",
                        o ->
                                clients.iam()
                                        .getAccountSummary(r -> r.overrideConfiguration(o))
                                        .summaryMapAsStrings());
        return new AccountSummary(
                count(map, "AccountPasswordPresent") > 0,
                count(map, "AccountAccessKeysPresent"),
                count(map, "AccountMFAEnabled"),
                count(map, "AccountSigningCertificatesPresent"));
    }

    private static int count(Map<String, Integer> map, String key) {
        Integer value = map.get(key);
        return value == null ? 0 : value;
    }

    @Override
    public boolean loginProfileExists(RootSession session) {
        try {
            in.call(
                    session,
                    ApiFamily.IAM_ROOT,
                    "iam:GetLoginProfile",
                    o -> clients.iam().getLoginProfile(r -> r.overrideConfiguration(o)));
            return true;
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Instant> passwordLastUsed(RootSession session) {
        return Optional.ofNullable(
                in.call(
                        session,
                        ApiFamily.IAM_ROOT,
                        "iam:GetUser",
                        o ->
                                clients.iam()
                                        .getUser(r -> r.overrideConfiguration(o))
                                        .user()
                                        .passwordLastUsed()));
    }

    @Override
    public List<RootAccessKey> accessKeys(RootSession session) {
        return listAccessKeys(session).stream()
                .map(
                        k -> {
                            GetAccessKeyLastUsedResponse used =
                                    in.call(
                                            session,
                                            ApiFamily.IAM_ROOT,
                                            "iam:GetAccessKeyLastUsed",
                                            o ->
                                                    clients.iam()
                                                            .getAccessKeyLastUsed(
                                                                    r ->
                                                                            r.accessKeyId(
                                                                                            k
                                                                                                    .accessKeyId())
                                                                                    .overrideConfiguration(
                                                                                            o)));
                            var last = used.accessKeyLastUsed();
                            return new RootAccessKey(
                                    k.accessKeyId(),
                                    k.statusAsString(),
                                    k.createDate(),
                                    last == null ? null : last.lastUsedDate(),
                                    last == null ? null : last.serviceName());
                        })
                .toList();
    }

    @Override
    public List<String> accessKeyIds(RootSession session) {
        return listAccessKeys(session).stream().map(AccessKeyMetadata::accessKeyId).toList();
    }

    /**
     * iam:ListAccessKeys of the root user, for the audit (with last use) and the re-read before a
     * delete.
     */
    private List<AccessKeyMetadata> listAccessKeys(RootSession session) {
        return in.call(
                session,
                ApiFamily.IAM_ROOT,
                "iam:ListAccessKeys",
                o ->
                        clients.iam()
                                .listAccessKeys(r -> r.overrideConfiguration(o))
                                .accessKeyMetadata());
    }

    @Override
    public List<String> signingCertificateIds(RootSession session) {
        return in
                .call(
                        session,
                        ApiFamily.IAM_ROOT,
                        "iam:ListSigningCertificates",
                        o ->
                                clients.iam()
                                        .listSigningCertificates(r -> r.overrideConfiguration(o))
                                        .certificates())
                .stream()
                .map(SigningCertificate::certificateId)
                .toList();
    }

    @Override
    public List<String> mfaSerialNumbers(RootSession session) {
        return in
                .call(
                        session,
                        ApiFamily.IAM_ROOT,
                        "iam:ListMFADevices",
                        o ->
                                clients.iam()
                                        .listMFADevices(r -> r.overrideConfiguration(o))
                                        .mfaDevices())
                .stream()
                .map(MFADevice::serialNumber)
                .toList();
    }

    @Override
    public boolean deleteLoginProfile(RootSession session) {
        return in.delete(
                session,
                ApiFamily.IAM_ROOT,
                "iam:DeleteLoginProfile",
                o -> clients.iam().deleteLoginProfile(r -> r.overrideConfiguration(o)));
    }

    @Override
    public boolean deleteAccessKey(RootSession session, String accessKeyId) {
        return in.delete(
                session,
                ApiFamily.IAM_ROOT,
                "iam:DeleteAccessKey",
                o ->
                        clients.iam()
                                .deleteAccessKey(
                                        r -> r.accessKeyId(accessKeyId).overrideConfiguration(o)));
    }

    @Override
    public boolean deleteSigningCertificate(RootSession session, String certificateId) {
        return in.delete(
                session,
                ApiFamily.IAM_ROOT,
                "iam:DeleteSigningCertificate",
                o ->
                        clients.iam()
                                .deleteSigningCertificate(
                                        r ->
                                                r.certificateId(certificateId)
                                                        .overrideConfiguration(o)));
    }

    @Override
    public boolean deactivateMfaDevice(RootSession session, String serialNumber) {
        return in.delete(
                session,
                ApiFamily.IAM_ROOT,
                "iam:DeactivateMFADevice",
                o ->
                        clients.iam()
                                .deactivateMFADevice(
                                        r ->
                                                r.serialNumber(serialNumber)
                                                        .overrideConfiguration(o)));
    }

    @Override
    public boolean createLoginProfile(RootSession session) {
        try {
            in.call(
                    session,
                    ApiFamily.IAM_ROOT,
                    "iam:CreateLoginProfile",
                    o -> clients.iam().createLoginProfile(r -> r.overrideConfiguration(o)));
            return true;
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }
}
