package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.organizations.model.DelegatedAdministrator;
import software.amazon.awssdk.services.organizations.model.EnabledServicePrincipal;

/**
 * The organization switches. Writes tolerate "already in that state" so a retried write is
 * harmless.
 */
@ApplicationScoped
public class SdkOrganizationFeatures implements OrganizationFeatures {
    static final String IAM_PRINCIPAL = "iam.amazonaws.com";

    private final AwsClients clients;
    private final AwsCalls calls;

    @Inject
    public SdkOrganizationFeatures(AwsClients clients, AwsCalls calls) {
        this.clients = clients;
        this.calls = calls;
    }

    @Override
    public boolean trustedAccessForIam() {
        String token = null;
        do {
            String current = token;
            var page =
                    calls.call(
                            ApiFamily.ORGANIZATIONS_READ,
                            "organizations:ListAWSServiceAccessForOrganization",
                            () ->
                                    clients.organizations()
                                            .listAWSServiceAccessForOrganization(
                                                    r -> r.nextToken(current)));
            if (page.enabledServicePrincipals().stream()
                    .map(EnabledServicePrincipal::servicePrincipal)
                    .anyMatch(IAM_PRINCIPAL::equals)) {
                return true;
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return false;
    }

    @Override
    public void setTrustedAccessForIam(boolean enabled) {
        if (enabled) {
            calls.run(
                    ApiFamily.ORGANIZATIONS_WRITE,
                    "organizations:EnableAWSServiceAccess",
                    () ->
                            clients.organizations()
                                    .enableAWSServiceAccess(
                                            r -> r.servicePrincipal(IAM_PRINCIPAL)));
        } else {
            calls.run(
                    ApiFamily.ORGANIZATIONS_WRITE,
                    "organizations:DisableAWSServiceAccess",
                    () ->
                            clients.organizations()
                                    .disableAWSServiceAccess(
                                            r -> r.servicePrincipal(IAM_PRINCIPAL)));
        }
    }

    @Override
    public Set<OrgFeature> enabledFeatures() {
        var names =
                calls.call(
                        ApiFamily.IAM_FEATURES,
                        "iam:ListOrganizationsFeatures",
                        () ->
                                clients.iam()
                                        .listOrganizationsFeatures(r -> {})
                                        .enabledFeaturesAsStrings());
        Set<OrgFeature> features = EnumSet.noneOf(OrgFeature.class);
        for (OrgFeature f : OrgFeature.values()) {
            if (names.contains(f.name())) {
                features.add(f);
            }
        }
        return features;
    }

    @Override
    public void setFeature(OrgFeature feature, boolean enabled) {
        String action = (enabled ? "iam:Enable" : "iam:Disable") + "Organizations" + feature.name();
        Runnable call =
                switch (feature) {
                    case RootCredentialsManagement ->
                            enabled
                                    ? () ->
                                            clients.iam()
                                                    .enableOrganizationsRootCredentialsManagement(
                                                            r -> {})
                                    : () ->
                                            clients.iam()
                                                    .disableOrganizationsRootCredentialsManagement(
                                                            r -> {});
                    case RootSessions ->
                            enabled
                                    ? () -> clients.iam().enableOrganizationsRootSessions(r -> {})
                                    : () -> clients.iam().disableOrganizationsRootSessions(r -> {});
                };
        try {
            calls.run(ApiFamily.IAM_FEATURES, action, call);
        } catch (AwsException e) {
            // FeatureEnabled / FeatureDisabled: already in the wanted state (a retried write).
            boolean already =
                    enabled
                            ? e.errorCode() != null && e.errorCode().startsWith("FeatureEnabled")
                            : e.errorCode() != null && e.errorCode().startsWith("FeatureDisabled");
            if (!already) {
                throw e;
            }
        }
    }

    @Override
    public Optional<String> delegatedAdministrator() {
        return calls
                .call(
                        ApiFamily.ORGANIZATIONS_READ,
                        "organizations:ListDelegatedAdministrators",
                        () ->
                                clients.organizations()
                                        .listDelegatedAdministrators(
                                                r -> r.servicePrincipal(IAM_PRINCIPAL))
                                        .delegatedAdministrators())
                .stream()
                .map(DelegatedAdministrator::id)
                .findFirst();
    }

    @Override
    public void registerDelegatedAdministrator(String accountId) {
        try {
            calls.run(
                    ApiFamily.ORGANIZATIONS_WRITE,
                    "organizations:RegisterDelegatedAdministrator",
                    () ->
                            clients.organizations()
                                    .registerDelegatedAdministrator(
                                            r ->
                                                    r.accountId(accountId)
                                                            .servicePrincipal(IAM_PRINCIPAL)));
        } catch (AwsException e) {
            if (e.kind() != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    @Override
    public void deregisterDelegatedAdministrator(String accountId) {
        try {
            calls.run(
                    ApiFamily.ORGANIZATIONS_WRITE,
                    "organizations:DeregisterDelegatedAdministrator",
                    () ->
                            clients.organizations()
                                    .deregisterDelegatedAdministrator(
                                            r ->
                                                    r.accountId(accountId)
                                                            .servicePrincipal(IAM_PRINCIPAL)));
        } catch (AwsException e) {
            if (!(e.kind() == AwsErrorKind.NOT_FOUND
                    && e.errorCode() != null
                    && e.errorCode().startsWith("AccountNotRegistered"))) {
                throw e;
            }
        }
    }
}
