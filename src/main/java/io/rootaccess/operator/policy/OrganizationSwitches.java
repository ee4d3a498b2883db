package io.rootaccess.operator.policy;

import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Converges the organization-level switches of {@code spec.organization}: read everything first, then call
 * only for the difference. Order matters to AWS: trusted access for IAM comes before the IAM features and the
 * delegated administrator, and on the way down the administrator and the features go before trusted access.
 * Fields left out of the spec are read and reported but never changed.
 */
public final class OrganizationSwitches {
    private final OrganizationDirectory directory;
    private final OrganizationFeatures features;

    public OrganizationSwitches(OrganizationDirectory directory, OrganizationFeatures features) {
        this.directory = directory;
        this.features = features;
    }

    /** What the organization looks like after the pass, and which changes were made. */
    public record Observed(OrganizationInfo organization, boolean trustedAccess, Set<OrgFeature> enabledFeatures,
            String delegatedAdministrator, List<String> changes) {
        public List<String> enabledFeatureNames() {
            return enabledFeatures.stream().map(Enum::name).sorted().toList();
        }
    }

    /** @throws AwsException classified; NOT_ALL_FEATURES when the organization is in consolidated-billing mode */
    public Observed converge(OrganizationSpec spec) {
        OrganizationInfo org = directory.describeOrganization();
        if (!org.allFeatures()) {
            throw new AwsException(AwsErrorKind.NOT_ALL_FEATURES, "organizations:DescribeOrganization",
                    "FeatureSet", "organization " + org.id() + " uses feature set " + org.featureSet());
        }
        boolean trusted = features.trustedAccessForIam();
        Set<OrgFeature> enabled = readFeatures(trusted);
        Optional<String> admin = features.delegatedAdministrator();
        List<String> changes = new ArrayList<>();

        if (spec.trustedAccess == FeatureState.Enabled && !trusted) {
            features.setTrustedAccessForIam(true);
            trusted = true;
            changes.add("enabled trusted access for IAM");
        }
        DelegatedAdministratorSpec wantedAdmin = spec.delegatedAdministrator;
        if (wantedAdmin != null && wantedAdmin.accountId != null && admin.isPresent()) {
            boolean wantRegistered = wantedAdmin.state != FeatureState.Disabled;
            boolean other = !admin.get().equals(wantedAdmin.accountId);
            // one delegated administrator per service: replace another one, or remove the one we were told to
            if ((wantRegistered && other) || (!wantRegistered && !other)) {
                features.deregisterDelegatedAdministrator(admin.get());
                changes.add("deregistered delegated administrator " + admin.get());
                admin = Optional.empty();
            }
        }
        for (OrgFeature feature : OrgFeature.values()) {
            if (wanted(spec, feature) == FeatureState.Disabled && enabled.contains(feature)) {
                features.setFeature(feature, false);
                enabled.remove(feature);
                changes.add("disabled " + feature);
            }
        }
        for (OrgFeature feature : OrgFeature.values()) {
            if (wanted(spec, feature) == FeatureState.Enabled && !enabled.contains(feature)) {
                features.setFeature(feature, true);
                enabled.add(feature);
                changes.add("enabled " + feature);
            }
        }
        if (wantedAdmin != null && wantedAdmin.accountId != null && wantedAdmin.state != FeatureState.Disabled
                && admin.isEmpty()) {
            features.registerDelegatedAdministrator(wantedAdmin.accountId);
            admin = Optional.of(wantedAdmin.accountId);
            changes.add("registered delegated administrator " + wantedAdmin.accountId);
        }
        if (spec.trustedAccess == FeatureState.Disabled && trusted) {
            features.setTrustedAccessForIam(false);
            trusted = false;
            changes.add("disabled trusted access for IAM");
        }
        return new Observed(org, trusted, enabled, admin.orElse(null), List.copyOf(changes));
    }

    /** Without trusted access IAM may refuse to list its organization features: then none is in effect. */
    private Set<OrgFeature> readFeatures(boolean trusted) {
        try {
            Set<OrgFeature> read = features.enabledFeatures();
            return read.isEmpty() ? EnumSet.noneOf(OrgFeature.class) : EnumSet.copyOf(read);
        } catch (AwsException e) {
            if (!trusted && e.kind() == AwsErrorKind.FEATURE_NOT_ENABLED) {
                return EnumSet.noneOf(OrgFeature.class);
            }
            throw e;
        }
    }

    private static FeatureState wanted(OrganizationSpec spec, OrgFeature feature) {
        return switch (feature) {
            case RootCredentialsManagement -> spec.rootCredentialsManagement;
            case RootSessions -> spec.rootSessions;
        };
    }
}
