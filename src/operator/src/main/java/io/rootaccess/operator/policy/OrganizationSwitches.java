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
 * Converges the organization-level switches of {@code spec.organization}: read everything first,
 * then call only for the difference. Order matters to AWS: trusted access for IAM comes before the
 * IAM features and the delegated administrator, and on the way down the administrator and the
 * features go before trusted access. Fields left out of the spec are read and reported but never
 * changed.
 */
public final class OrganizationSwitches {
    private final OrganizationDirectory directory;
    private final OrganizationFeatures features;

    public OrganizationSwitches(OrganizationDirectory directory, OrganizationFeatures features) {
        this.directory = directory;
        this.features = features;
    }

    /**
     * What the organization looks like after the pass, and which changes were made. In a plan-only
     * pass ({@link #plan}) the state is the one read, {@code changes} is empty and {@code planned}
     * lists what an Enforce pass would change.
     */
    public record Observed(
            OrganizationInfo organization,
            boolean trustedAccess,
            Set<OrgFeature> enabledFeatures,
            String delegatedAdministrator,
            List<String> changes,
            List<String> planned) {
        public Observed(
                OrganizationInfo organization,
                boolean trustedAccess,
                Set<OrgFeature> enabledFeatures,
                String delegatedAdministrator,
                List<String> changes) {
            this(
                    organization,
                    trustedAccess,
                    enabledFeatures,
                    delegatedAdministrator,
                    changes,
                    List.of());
        }

        public List<String> enabledFeatureNames() {
            return enabledFeatures.stream().map(Enum::name).sorted().toList();
        }
    }

    /**
     * @throws AwsException classified; NOT_ALL_FEATURES when the organization is in
     *     consolidated-billing mode
     */
    public Observed converge(OrganizationSpec spec) {
        return pass(spec, true);
    }

    /**
     * The same reads as {@link #converge} and no write at all (DryRun, or a policy in conflict with
     * another): what would change is returned in {@link Observed#planned()}.
     */
    public Observed plan(OrganizationSpec spec) {
        return pass(spec, false);
    }

    private Observed pass(OrganizationSpec spec, boolean apply) {
        OrganizationInfo org = directory.describeOrganization();
        if (!org.allFeatures()) {
            throw new AwsException(
                    AwsErrorKind.NOT_ALL_FEATURES,
                    "organizations:DescribeOrganization",
                    "FeatureSet",
                    "organization " + org.id() + " uses feature set " + org.featureSet());
        }
        boolean trusted = features.trustedAccessForIam();
        Set<OrgFeature> enabled = readFeatures(trusted);
        Optional<String> admin = features.delegatedAdministrator();
        // a plan walks the same steps on copies and reports the organization as read
        boolean readTrusted = trusted;
        Set<OrgFeature> readEnabled = EnumSet.noneOf(OrgFeature.class);
        readEnabled.addAll(enabled);
        Optional<String> readAdmin = admin;
        List<String> changes = new ArrayList<>();

        if (spec.trustedAccess == FeatureState.Enabled && !trusted) {
            if (apply) {
                features.setTrustedAccessForIam(true);
            }
            trusted = true;
            changes.add("enabled trusted access for IAM");
        }
        DelegatedAdministratorSpec wantedAdmin = spec.delegatedAdministrator;
        if (wantedAdmin != null && wantedAdmin.accountId != null && admin.isPresent()) {
            boolean wantRegistered = wantedAdmin.state != FeatureState.Disabled;
            boolean other = !admin.get().equals(wantedAdmin.accountId);
            // one delegated administrator per service: replace another one, or remove the one we
            // were told to
            if ((wantRegistered && other) || (!wantRegistered && !other)) {
                if (apply) {
                    features.deregisterDelegatedAdministrator(admin.get());
                }
                changes.add("deregistered delegated administrator " + admin.get());
                admin = Optional.empty();
            }
        }
        for (OrgFeature feature : OrgFeature.values()) {
            if (wanted(spec, feature) == FeatureState.Disabled && enabled.contains(feature)) {
                if (apply) {
                    features.setFeature(feature, false);
                }
                enabled.remove(feature);
                changes.add("disabled " + feature);
            }
        }
        for (OrgFeature feature : OrgFeature.values()) {
            if (wanted(spec, feature) == FeatureState.Enabled && !enabled.contains(feature)) {
                if (apply) {
                    features.setFeature(feature, true);
                }
                enabled.add(feature);
                changes.add("enabled " + feature);
            }
        }
        if (wantedAdmin != null
                && wantedAdmin.accountId != null
                && wantedAdmin.state != FeatureState.Disabled
                && admin.isEmpty()) {
            if (apply) {
                features.registerDelegatedAdministrator(wantedAdmin.accountId);
            }
            admin = Optional.of(wantedAdmin.accountId);
            changes.add("registered delegated administrator " + wantedAdmin.accountId);
        }
        if (spec.trustedAccess == FeatureState.Disabled && trusted) {
            if (apply) {
                features.setTrustedAccessForIam(false);
            }
            trusted = false;
            changes.add("disabled trusted access for IAM");
        }
        if (!apply) {
            return new Observed(
                    org,
                    readTrusted,
                    readEnabled,
                    readAdmin.orElse(null),
                    List.of(),
                    changes.stream().map(OrganizationSwitches::imperative).toList());
        }
        return new Observed(
                org, trusted, enabled, admin.orElse(null), List.copyOf(changes), List.of());
    }

    /** "enabled RootSessions" (done) -> "enable RootSessions" (planned). */
    private static String imperative(String change) {
        int space = change.indexOf(' ');
        String verb = change.substring(0, space);
        String base =
                switch (verb) {
                    case "enabled", "disabled" -> verb.substring(0, verb.length() - 1);
                    case "registered", "deregistered" -> verb.substring(0, verb.length() - 2);
                    default -> verb;
                };
        return base + change.substring(space);
    }

    /**
     * Without trusted access IAM may refuse to list its organization features: then none is in
     * effect.
     */
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
