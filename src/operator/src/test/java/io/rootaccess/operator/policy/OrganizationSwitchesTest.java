package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.FeatureState;
import io.rootaccess.operator.api.policy.DelegatedAdministratorSpec;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Order and minimality of the org-switch calls; the sandbox integration test covers the wire. */
class OrganizationSwitchesTest {

    /** Behaves like IAM: features need trusted access, the administrator needs trusted access. */
    static final class FakeOrg implements OrganizationDirectory, OrganizationFeatures {
        String featureSet = "ALL";
        boolean trusted;
        Set<OrgFeature> features = EnumSet.noneOf(OrgFeature.class);
        String admin;
        final List<String> writes = new ArrayList<>();

        @Override
        public OrganizationInfo describeOrganization() {
            return new OrganizationInfo("o-fake", "111111111111", featureSet);
        }

        @Override
        public AccountInfo describeAccount(String accountId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OrganizationSnapshot snapshot() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean trustedAccessForIam() {
            return trusted;
        }

        @Override
        public void setTrustedAccessForIam(boolean enabled) {
            writes.add((enabled ? "enable" : "disable") + " trusted");
            trusted = enabled;
        }

        @Override
        public Set<OrgFeature> enabledFeatures() {
            if (!trusted) {
                throw new AwsException(
                        AwsErrorKind.FEATURE_NOT_ENABLED,
                        "iam:ListOrganizationsFeatures",
                        "ServiceAccessNotEnabledException",
                        "trusted access is off");
            }
            return EnumSet.copyOf(features.isEmpty() ? EnumSet.noneOf(OrgFeature.class) : features);
        }

        @Override
        public void setFeature(OrgFeature feature, boolean enabled) {
            if (!trusted) {
                throw new AwsException(
                        AwsErrorKind.FEATURE_NOT_ENABLED,
                        "iam:Enable" + feature,
                        "ServiceAccessNotEnabledException",
                        "trusted access is off");
            }
            writes.add((enabled ? "enable " : "disable ") + feature);
            if (enabled) {
                features.add(feature);
            } else {
                features.remove(feature);
            }
        }

        @Override
        public Optional<String> delegatedAdministrator() {
            return Optional.ofNullable(admin);
        }

        @Override
        public void registerDelegatedAdministrator(String accountId) {
            if (!trusted) {
                throw new AwsException(
                        AwsErrorKind.FEATURE_NOT_ENABLED,
                        "organizations:RegisterDelegatedAdministrator",
                        "AccessDeniedForDependencyException",
                        "trusted access is off");
            }
            writes.add("register " + accountId);
            admin = accountId;
        }

        @Override
        public void deregisterDelegatedAdministrator(String accountId) {
            writes.add("deregister " + accountId);
            admin = null;
        }
    }

    static OrganizationSpec all(FeatureState state, String admin) {
        OrganizationSpec spec = new OrganizationSpec();
        spec.trustedAccess = state;
        spec.rootCredentialsManagement = state;
        spec.rootSessions = state;
        if (admin != null) {
            spec.delegatedAdministrator = new DelegatedAdministratorSpec();
            spec.delegatedAdministrator.accountId = admin;
            spec.delegatedAdministrator.state = state;
        }
        return spec;
    }

    @Test
    void enablesFromABlankOrganizationInOrderThenDoesNothing() {
        FakeOrg org = new FakeOrg();
        var switches = new OrganizationSwitches(org, org);
        var observed = switches.converge(all(FeatureState.Enabled, "222222222222"));
        assertEquals(
                List.of(
                        "enable trusted",
                        "enable RootCredentialsManagement",
                        "enable RootSessions",
                        "register 222222222222"),
                org.writes);
        assertEquals(
                List.of("RootCredentialsManagement", "RootSessions"),
                observed.enabledFeatureNames());
        assertEquals("222222222222", observed.delegatedAdministrator());
        assertTrue(observed.trustedAccess());

        org.writes.clear();
        var again = switches.converge(all(FeatureState.Enabled, "222222222222"));
        assertEquals(List.of(), org.writes);
        assertEquals(List.of(), again.changes());
    }

    @Test
    void disablesFeaturesAndAdministratorBeforeTrustedAccess() {
        FakeOrg org = new FakeOrg();
        org.trusted = true;
        org.features = EnumSet.allOf(OrgFeature.class);
        org.admin = "222222222222";
        new OrganizationSwitches(org, org).converge(all(FeatureState.Disabled, "222222222222"));
        assertEquals(
                List.of(
                        "deregister 222222222222",
                        "disable RootCredentialsManagement",
                        "disable RootSessions",
                        "disable trusted"),
                org.writes);
    }

    @Test
    void unmanagedFieldsAreLeftAlone() {
        FakeOrg org = new FakeOrg();
        org.trusted = true;
        org.features = EnumSet.of(OrgFeature.RootSessions);
        OrganizationSpec spec = new OrganizationSpec();
        spec.rootCredentialsManagement = FeatureState.Enabled;
        var observed = new OrganizationSwitches(org, org).converge(spec);
        assertEquals(List.of("enable RootCredentialsManagement"), org.writes);
        assertEquals(
                List.of("RootCredentialsManagement", "RootSessions"),
                observed.enabledFeatureNames());
    }

    @Test
    void replacesAnotherDelegatedAdministrator() {
        FakeOrg org = new FakeOrg();
        org.trusted = true;
        org.admin = "333333333333";
        OrganizationSpec spec = new OrganizationSpec();
        spec.delegatedAdministrator = new DelegatedAdministratorSpec();
        spec.delegatedAdministrator.accountId = "222222222222";
        new OrganizationSwitches(org, org).converge(spec);
        assertEquals(List.of("deregister 333333333333", "register 222222222222"), org.writes);
    }

    @Test
    void consolidatedBillingIsRefusedBeforeAnyWrite() {
        FakeOrg org = new FakeOrg();
        org.featureSet = "CONSOLIDATED_BILLING";
        AwsException e =
                assertThrows(
                        AwsException.class,
                        () ->
                                new OrganizationSwitches(org, org)
                                        .converge(all(FeatureState.Enabled, null)));
        assertEquals(AwsErrorKind.NOT_ALL_FEATURES, e.kind());
        assertEquals(List.of(), org.writes);
    }
}
