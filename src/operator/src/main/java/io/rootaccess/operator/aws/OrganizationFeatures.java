package io.rootaccess.operator.aws;

import java.util.Optional;
import java.util.Set;

/**
 * The organization-level switches of centralized root access. Reads are cheap; writes are only for
 * differences.
 */
public interface OrganizationFeatures {
    /** organizations:ListAWSServiceAccessForOrganization contains iam.amazonaws.com. */
    boolean trustedAccessForIam();

    void setTrustedAccessForIam(boolean enabled);

    /** iam:ListOrganizationsFeatures. */
    Set<OrgFeature> enabledFeatures();

    void setFeature(OrgFeature feature, boolean enabled);

    /** organizations:ListDelegatedAdministrators(ServicePrincipal=iam.amazonaws.com). */
    Optional<String> delegatedAdministrator();

    void registerDelegatedAdministrator(String accountId);

    void deregisterDelegatedAdministrator(String accountId);
}
