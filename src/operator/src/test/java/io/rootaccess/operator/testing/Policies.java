package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.TargetsSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * RootAccessPolicies for tests. A built policy is what a user writes with only a name: mode DryRun
 * (the product's default: it changes nothing in AWS until {@link Builder#enforce()} is asked for),
 * no desired root state (switches only) and an empty selection (it selects nothing). Each call says
 * what the test means on top of that.
 */
public final class Policies {
    private Policies() {}

    public static Builder policy(String name) {
        return new Builder(name);
    }

    /**
     * An Enforce policy with the given desired state (null: switches only) and an empty selection,
     * shaped further by {@code spec}: what the policy integration tests write.
     */
    public static RootAccessPolicy enforcing(
            String name, RootCredentialsState state, Consumer<RootAccessPolicySpec> spec) {
        return policy(name).state(state).enforce().spec(spec).build();
    }

    public static final class Builder {
        private final RootAccessPolicy policy = new RootAccessPolicy();
        private final RootAccessPolicySpec spec = new RootAccessPolicySpec();

        private Builder(String name) {
            policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
            spec.targets = new TargetsSpec();
            policy.setSpec(spec);
        }

        public Builder inNamespace(String namespace) {
            policy.getMetadata().setNamespace(namespace);
            return this;
        }

        /** The desired root state of the selected accounts; null leaves it out (switches only). */
        public Builder state(RootCredentialsState state) {
            if (state == null) {
                spec.rootCredentials = null;
            } else {
                if (spec.rootCredentials == null) {
                    spec.rootCredentials = new RootCredentialsSpec();
                }
                spec.rootCredentials.state = state;
            }
            return this;
        }

        public Builder absent() {
            return state(RootCredentialsState.Absent);
        }

        public Builder audit() {
            return state(RootCredentialsState.Audit);
        }

        /** Changes AWS: only when the test means it (the default is DryRun). */
        public Builder enforce() {
            return mode(Mode.Enforce);
        }

        public Builder mode(Mode mode) {
            spec.mode = mode;
            return this;
        }

        /** Selects the OU and its nested OUs. */
        public Builder targetingOu(String ou) {
            spec.targets.organizationalUnits = List.of(new OrganizationalUnitTarget(ou, true));
            return this;
        }

        public Builder targetingAccounts(String... accountIds) {
            spec.targets.accountIds = List.of(accountIds);
            return this;
        }

        public Builder excludingAccounts(String... accountIds) {
            exclude().accountIds = List.of(accountIds);
            return this;
        }

        public Builder excludingOus(String... ous) {
            exclude().organizationalUnits = ExcludedOrganizationalUnit.of(ous);
            return this;
        }

        public Builder maxInFlight(int accounts) {
            if (spec.rollout == null) {
                spec.rollout = new RolloutSpec();
            }
            spec.rollout.maxInFlight = accounts;
            return this;
        }

        public Builder organization(OrganizationSpec organization) {
            spec.organization = organization;
            return this;
        }

        /** Anything else, on the spec as built so far. */
        public Builder spec(Consumer<RootAccessPolicySpec> change) {
            change.accept(spec);
            return this;
        }

        public RootAccessPolicy build() {
            return policy;
        }

        private ExcludeSpec exclude() {
            if (spec.exclude == null) {
                spec.exclude = new ExcludeSpec();
            }
            return spec.exclude;
        }
    }
}
