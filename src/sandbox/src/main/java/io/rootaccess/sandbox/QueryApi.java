package io.rootaccess.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** IAM and STS over the AWS Query protocol (form-encoded in, XML out). */
final class QueryApi {
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final int MAX_SESSION_SECONDS = 900;

    private final Sandbox sb;
    private final SandboxOrganization org;

    QueryApi(Sandbox sb) {
        this.sb = sb;
        this.org = sb.organization();
    }

    Call.Response handle(Call c) {
        return switch (c.operation) {
            case "sts:AssumeRoot" -> assumeRoot(c);
            case "sts:GetCallerIdentity" ->
                    ok(
                            c,
                            x ->
                                    x.el("Arn", c.identity.arn())
                                            .el("UserId", c.identity.userId())
                                            .el("Account", c.identity.accountId()));
            case "iam:ListOrganizationsFeatures" -> listFeatures(c);
            case "iam:EnableOrganizationsRootCredentialsManagement" ->
                    setFeature(c, SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT, true);
            case "iam:DisableOrganizationsRootCredentialsManagement" ->
                    setFeature(c, SandboxOrganization.ROOT_CREDENTIALS_MANAGEMENT, false);
            case "iam:EnableOrganizationsRootSessions" ->
                    setFeature(c, SandboxOrganization.ROOT_SESSIONS, true);
            case "iam:DisableOrganizationsRootSessions" ->
                    setFeature(c, SandboxOrganization.ROOT_SESSIONS, false);
            case "iam:GetAccountSummary" -> getAccountSummary(c);
            case "iam:GetUser" -> getUser(c);
            case "iam:GetLoginProfile" -> getLoginProfile(c);
            case "iam:CreateLoginProfile" -> createLoginProfile(c);
            case "iam:DeleteLoginProfile" -> deleteLoginProfile(c);
            case "iam:ListAccessKeys" -> listAccessKeys(c);
            case "iam:GetAccessKeyLastUsed" -> getAccessKeyLastUsed(c);
            case "iam:DeleteAccessKey" -> deleteAccessKey(c);
            case "iam:ListSigningCertificates" -> listSigningCertificates(c);
            case "iam:DeleteSigningCertificate" -> deleteSigningCertificate(c);
            case "iam:ListMFADevices" -> listMfaDevices(c);
            case "iam:DeactivateMFADevice" -> deactivateMfaDevice(c);
            default -> throw c.protocol.unknownOperation(c.operation);
        };
    }

    // ---------------------------------------------------------------- STS

    private Call.Response assumeRoot(Call c) {
        Identity caller = c.identity;
        String target = c.requiredParam("TargetPrincipal");
        String policyArn = c.requiredParam("TaskPolicyArn.arn");
        int duration =
                c.param("DurationSeconds") == null
                        ? MAX_SESSION_SECONDS
                        : Integer.parseInt(c.param("DurationSeconds"));
        if (duration > MAX_SESSION_SECONDS || duration < 0) {
            throw SandboxError.of(
                    "ValidationError",
                    400,
                    "1 validation error detected: Value '"
                            + duration
                            + "' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 900");
        }
        String targetRoot = "arn:aws:iam::" + target + ":root";
        boolean allowedCaller =
                !caller.isRootSession()
                        && (caller.accountId().equals(org.managementAccountId())
                                || org.isDelegatedAdministrator(
                                        caller.accountId(),
                                        SandboxOrganization.IAM_SERVICE_PRINCIPAL));
        if (!allowedCaller) {
            throw c.notAuthorized(
                    "sts:AssumeRoot",
                    targetRoot,
                    "because the caller is neither the management account nor the delegated administrator for IAM");
        }
        RootTaskPolicy policy =
                RootTaskPolicy.byArn(policyArn)
                        .orElseThrow(
                                () ->
                                        SandboxError.of(
                                                "ValidationError",
                                                400,
                                                "TaskPolicyArn "
                                                        + policyArn
                                                        + " is not a root task policy (arn:aws:iam::aws:policy/root-task/...)"));
        SandboxOrganization.Account account = org.findAccount(target);
        if (account == null || target.equals(org.managementAccountId())) {
            throw c.notAuthorized(
                    "sts:AssumeRoot",
                    targetRoot,
                    "because the target is not a member account of organization " + org.id());
        }
        if (!"ACTIVE".equals(account.state)) {
            throw c.notAuthorized(
                    "sts:AssumeRoot", targetRoot, "because the account is " + account.state);
        }
        String feature = policy.requiredFeature();
        if (!org.trustedAccessForIam() || !org.featureEnabled(feature)) {
            throw c.notAuthorized(
                    "sts:AssumeRoot",
                    targetRoot,
                    "because centralized root access ("
                            + feature
                            + ") is not enabled for the organization");
        }
        sb.authorize(c, "sts:AssumeRoot", targetRoot);
        Identity session = sb.openRootSession(target, policy, duration, caller.callerKey());
        c.trailSessionKey = session.accessKeyId();
        c.trailSessionExpiration = session.expiration();
        return ok(
                c,
                x ->
                        x.open("Credentials")
                                .el("AccessKeyId", session.accessKeyId())
                                .el("SecretAccessKey", session.secretAccessKey())
                                .el("SessionToken", session.sessionToken())
                                .el("Expiration", session.expiration())
                                .close("Credentials")
                                .el("SourceIdentity", null));
    }

    // ---------------------------------------------------------------- organization features

    private Call.Response listFeatures(Call c) {
        requireManagementOrDelegatedAdmin(c);
        requireOrganizationReady(c);
        return featuresResponse(c);
    }

    private Call.Response setFeature(Call c, String feature, boolean enable) {
        if (enable) {
            if (!sb.isManagement(c.identity)) {
                sb.authorize(c, "arn:aws:iam::" + c.identity.accountId() + ":root");
                throw SandboxError.of(
                        "CallerIsNotManagementAccountException",
                        400,
                        "The request was rejected because the account making the request is not the management account of the organization.");
            }
        } else {
            requireManagementOrDelegatedAdmin(c);
        }
        requireOrganizationReady(c);
        org.setFeatureEnabled(feature, enable);
        return featuresResponse(c);
    }

    private Call.Response featuresResponse(Call c) {
        return ok(
                c,
                x -> {
                    x.el("OrganizationId", org.id()).open("EnabledFeatures");
                    for (String f : org.enabledFeatures()) {
                        x.el("member", f);
                    }
                    x.close("EnabledFeatures");
                });
    }

    private void requireManagementOrDelegatedAdmin(Call c) {
        Identity id = c.identity;
        sb.authorize(c, "arn:aws:iam::" + id.accountId() + ":root");
        if (!sb.isManagement(id)
                && !org.isDelegatedAdministrator(
                        id.accountId(), SandboxOrganization.IAM_SERVICE_PRINCIPAL)) {
            throw SandboxError.of(
                    "AccountNotManagementOrDelegatedAdministratorException",
                    400,
                    "The request was rejected because the account is not the management account or delegated administrator.");
        }
    }

    private void requireOrganizationReady(Call c) {
        if (!"ALL".equals(org.featureSet())) {
            throw SandboxError.of(
                    "OrganizationNotInAllFeaturesModeException",
                    400,
                    "The request failed because your organization does not have all features enabled.");
        }
        if (!org.trustedAccessForIam()) {
            throw SandboxError.of(
                    "ServiceAccessNotEnabledException",
                    400,
                    "The request was rejected because trusted access is not enabled for IAM in AWS Organizations.");
        }
    }

    // ---------------------------------------------------------------- the root user's credentials

    /**
     * The root user a root-credential call acts on: only a root session may touch root credentials.
     */
    private SandboxRootUser root(Call c) {
        Identity id = c.identity;
        String rootArn = "arn:aws:iam::" + id.accountId() + ":root";
        if (!id.isRootSession() && !c.operation.equals("iam:GetAccountSummary")) {
            throw c.notAuthorized(
                    c.operation,
                    rootArn,
                    "because only a root session (sts:AssumeRoot) manages root credentials in the sandbox");
        }
        sb.authorize(c, rootArn);
        SandboxOrganization.Account a = org.findAccount(id.accountId());
        if (a == null) {
            throw c.protocol.unknownAccessKey(); // the account left the organization
        }
        return a.rootUser;
    }

    private Call.Response getAccountSummary(Call c) {
        SandboxRootUser r = root(c);
        return ok(
                c,
                x -> {
                    x.open("SummaryMap");
                    entry(x, "AccountAccessKeysPresent", r.accessKeys().isEmpty() ? 0 : 1);
                    entry(x, "AccountMFAEnabled", r.mfaDevices().isEmpty() ? 0 : 1);
                    entry(x, "AccountPasswordPresent", r.hasPassword() ? 1 : 0);
                    entry(
                            x,
                            "AccountSigningCertificatesPresent",
                            r.certificates().isEmpty() ? 0 : 1);
                    entry(x, "Users", 1);
                    entry(x, "UsersQuota", 5000);
                    entry(x, "Roles", 3);
                    entry(x, "RolesQuota", 1000);
                    entry(x, "Policies", 0);
                    entry(x, "PoliciesQuota", 1500);
                    entry(x, "MFADevices", r.mfaDevices().size());
                    entry(x, "MFADevicesInUse", r.mfaDevices().size());
                    x.close("SummaryMap");
                });
    }

    private static void entry(Xml x, String key, int value) {
        x.open("entry").el("key", key).el("value", value).close("entry");
    }

    private Call.Response getUser(Call c) {
        SandboxRootUser r = root(c);
        return ok(
                c,
                x ->
                        x.open("User")
                                .el("UserId", r.accountId())
                                .el("Arn", r.arn())
                                .el("CreateDate", r.created())
                                .el("PasswordLastUsed", r.passwordLastUsed())
                                .close("User"));
    }

    private Call.Response getLoginProfile(Call c) {
        SandboxRootUser r = root(c);
        Instant created = r.passwordCreated();
        if (created == null) {
            throw noSuchEntity("Login Profile for User root cannot be found.");
        }
        return ok(
                c,
                x ->
                        x.open("LoginProfile")
                                .el("UserName", "root")
                                .el("CreateDate", created)
                                .el("PasswordResetRequired", false)
                                .close("LoginProfile"));
    }

    private Call.Response createLoginProfile(Call c) {
        SandboxRootUser r = root(c);
        if (!r.createPassword()) {
            c.alreadyGone = true;
            throw SandboxError.of(
                    "EntityAlreadyExists", 409, "Login Profile for user root already exists.");
        }
        return ok(
                c,
                x ->
                        x.open("LoginProfile")
                                .el("UserName", "root")
                                .el("CreateDate", r.passwordCreated())
                                .el("PasswordResetRequired", false)
                                .close("LoginProfile"));
    }

    private Call.Response deleteLoginProfile(Call c) {
        if (!root(c).deletePassword()) {
            c.alreadyGone = true;
            throw noSuchEntity("Login Profile for User root cannot be found.");
        }
        c.destroyed = "password";
        return ok(c, x -> {});
    }

    private Call.Response listAccessKeys(Call c) {
        List<SandboxRootUser.AccessKey> keys = root(c).accessKeys();
        return page(
                c,
                "AccessKeyMetadata",
                keys,
                (x, k) ->
                        x.open("member")
                                .el("AccessKeyId", k.id())
                                .el("Status", "Active")
                                .el("CreateDate", k.created())
                                .close("member"));
    }

    private Call.Response getAccessKeyLastUsed(Call c) {
        String keyId = c.requiredParam("AccessKeyId");
        SandboxRootUser.AccessKey k = root(c).accessKey(keyId);
        if (k == null) {
            throw noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return ok(
                c,
                x -> {
                    x.open("AccessKeyLastUsed");
                    if (k.lastUsed() == null) {
                        x.el("ServiceName", "N/A").el("Region", "N/A");
                    } else {
                        x.el("LastUsedDate", k.lastUsed())
                                .el("ServiceName", "s3")
                                .el("Region", "us-east-1");
                    }
                    x.close("AccessKeyLastUsed");
                });
    }

    private Call.Response deleteAccessKey(Call c) {
        String keyId = c.requiredParam("AccessKeyId");
        if (!root(c).deleteAccessKey(keyId)) {
            c.alreadyGone = true;
            throw noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        c.destroyed = "access-key:" + keyId;
        return ok(c, x -> {});
    }

    private Call.Response listSigningCertificates(Call c) {
        List<Map.Entry<String, Instant>> certs = new ArrayList<>(root(c).certificates().entrySet());
        return page(
                c,
                "Certificates",
                certs,
                (x, e) ->
                        x.open("member")
                                .el("UserName", "root")
                                .el("CertificateId", e.getKey())
                                .el(
                                        "CertificateBody",
                                        "-----BEGIN CERTIFICATE-----\nMIIsandbox\n-----END CERTIFICATE-----")
                                .el("Status", "Active")
                                .el("UploadDate", e.getValue())
                                .close("member"));
    }

    private Call.Response deleteSigningCertificate(Call c) {
        String certId = c.requiredParam("CertificateId");
        if (!root(c).deleteCertificate(certId)) {
            c.alreadyGone = true;
            throw noSuchEntity("The Certificate with id " + certId + " cannot be found.");
        }
        c.destroyed = "certificate:" + certId;
        return ok(c, x -> {});
    }

    private Call.Response listMfaDevices(Call c) {
        List<Map.Entry<String, Instant>> devices = new ArrayList<>(root(c).mfaDevices().entrySet());
        return page(
                c,
                "MFADevices",
                devices,
                (x, e) ->
                        x.open("member")
                                .el("UserName", "root")
                                .el("SerialNumber", e.getKey())
                                .el("EnableDate", e.getValue())
                                .close("member"));
    }

    private Call.Response deactivateMfaDevice(Call c) {
        String serial = c.requiredParam("SerialNumber");
        if (!root(c).deactivateMfa(serial)) {
            c.alreadyGone = true;
            throw noSuchEntity("MFA Device with serial number " + serial + " does not exist.");
        }
        c.destroyed = "mfa:" + serial;
        return ok(c, x -> {});
    }

    // ---------------------------------------------------------------- helpers

    private static SandboxError noSuchEntity(String message) {
        return SandboxError.of("NoSuchEntity", 404, message);
    }

    /** A Marker/MaxItems page of a list, IAM style (IsTruncated + Marker). */
    private <T> Call.Response page(
            Call c, String listName, List<T> items, BiConsumer<Xml, T> member) {
        int max =
                c.param("MaxItems") == null
                        ? 100
                        : Math.max(1, Integer.parseInt(c.param("MaxItems")));
        int from = 0;
        if (c.param("Marker") != null) {
            try {
                from =
                        Integer.parseInt(
                                new String(
                                        Base64.getDecoder().decode(c.param("Marker")),
                                        StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw SandboxError.of("InvalidInput", 400, "Invalid Marker.");
            }
        }
        int to = Math.min(items.size(), from + max);
        int start = Math.min(from, to);
        return ok(
                c,
                x -> {
                    x.open(listName);
                    for (T item : items.subList(start, to)) {
                        member.accept(x, item);
                    }
                    x.close(listName);
                    boolean truncated = to < items.size();
                    x.el("IsTruncated", truncated);
                    if (truncated) {
                        x.el(
                                "Marker",
                                Base64.getEncoder()
                                        .encodeToString(
                                                String.valueOf(to)
                                                        .getBytes(StandardCharsets.UTF_8)));
                    }
                });
    }

    private static Call.Response ok(Call c, java.util.function.Consumer<Xml> result) {
        String action = c.action();
        Xml x =
                new Xml()
                        .open(action + "Response", c.operation.startsWith("sts:") ? STS_NS : IAM_NS)
                        .open(action + "Result");
        result.accept(x);
        x.close(action + "Result")
                .open("ResponseMetadata")
                .el("RequestId", c.requestId)
                .close("ResponseMetadata")
                .close(action + "Response");
        return new Call.Response(
                200, "text/xml", x.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
