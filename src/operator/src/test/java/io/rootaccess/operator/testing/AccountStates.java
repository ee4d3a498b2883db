package io.rootaccess.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * MemberAccountRootStates for tests, as written by hand (no policy). A built one is named {@code
 * account-<id>}, wants the root credentials Absent and runs in mode DryRun (the product's default:
 * it only plans until {@link Builder#enforce()} is asked for).
 */
public final class AccountStates {
    private AccountStates() {}

    public static Builder accountState(String accountId) {
        return new Builder(accountId);
    }

    public static final class Builder {
        private final MemberAccountRootState state = new MemberAccountRootState();
        private final MemberAccountRootStateSpec spec = new MemberAccountRootStateSpec();

        private Builder(String accountId) {
            state.setMetadata(new ObjectMetaBuilder().withName("account-" + accountId).build());
            spec.accountId = accountId;
            spec.rootCredentials = new RootCredentialsSpec();
            spec.rootCredentials.state = RootCredentialsState.Absent;
            state.setSpec(spec);
        }

        public Builder named(String name) {
            state.getMetadata().setName(name);
            return this;
        }

        public Builder inNamespace(String namespace) {
            state.getMetadata().setNamespace(namespace);
            return this;
        }

        public Builder state(RootCredentialsState desired) {
            spec.rootCredentials.state = desired;
            return this;
        }

        /** Changes AWS: only when the test means it (the default is DryRun). */
        public Builder enforce() {
            return mode(Mode.Enforce);
        }

        public Builder mode(Mode mode) {
            spec.mode = mode;
            return this;
        }

        public Builder credentialTypes(List<CredentialType> types) {
            spec.rootCredentials.credentialTypes = types;
            return this;
        }

        public Builder auditInterval(String interval) {
            spec.rootCredentials.auditInterval = interval;
            return this;
        }

        /** Anything else, on the spec as built so far. */
        public Builder spec(Consumer<MemberAccountRootStateSpec> change) {
            change.accept(spec);
            return this;
        }

        public MemberAccountRootState build() {
            return state;
        }
    }
}
