package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.testing.Crds;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A child's spec is written with the resourceVersion of the copy it was computed from (Fabric8 mock
 * API server, CRUD, with the project's CRDs). The children informer can lag behind the writes of
 * the pass before: a write computed from that copy must never be merged into the newer spec.
 */
@EnableKubernetesMockClient(crud = true)
class ChildrenSyncFenceTest {
    static final String ACCOUNT = "111122223333";
    static KubernetesClient client;

    @BeforeAll
    static void crds() {
        Crds.apply(client);
    }

    static RootAccessPolicy policy(String name, CredentialType... types) {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace("ns")
                        .withUid("uid-" + name)
                        .build());
        p.setSpec(new RootAccessPolicySpec());
        p.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        p.getSpec().mode = Mode.Enforce;
        p.getSpec().rootCredentials = new RootCredentialsSpec();
        p.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        p.getSpec().rootCredentials.credentialTypes = List.of(types);
        return p;
    }

    /** One pass that releases the account, seeing {@code child} as the informer has it. */
    static Evaluation pass(RootAccessPolicy policy, MemberAccountRootState child) {
        return Evaluation.builder(
                        DesiredState.of(policy.getSpec()),
                        new Targeting.Selection(List.of(ACCOUNT), List.of(), List.of(), true))
                .owned(List.of(ACCOUNT))
                .children(child == null ? Map.of() : Map.of(ACCOUNT, child))
                .plan(new Rollout.Plan(Set.of(ACCOUNT), 1, 0, false))
                .build();
    }

    static MemberAccountRootState stored(RootAccessPolicy policy) {
        return client.resources(MemberAccountRootState.class)
                .inNamespace("ns")
                .withName(ChildNames.of(ACCOUNT, policy.getMetadata().getName()))
                .get();
    }

    static List<CredentialType> types(MemberAccountRootState child) {
        return child.getSpec().rootCredentials.credentialTypes;
    }

    @Test
    void twoQuickCredentialTypeEditsNeverLeaveTheChildWithAListNoGenerationDeclared() {
        RootAccessPolicy first = policy("quick", CredentialType.Password);
        ChildrenSync.sync(first, pass(first, null), client, null);
        MemberAccountRootState informerCopy = stored(first);
        assertEquals(List.of(CredentialType.Password), types(informerCopy));

        // edit 1: AccessKeys instead of Password; its pass sees the child as created
        RootAccessPolicy edit1 = policy("quick", CredentialType.AccessKeys);
        ChildrenSync.sync(edit1, pass(edit1, informerCopy), client, null);
        assertEquals(List.of(CredentialType.AccessKeys), types(stored(edit1)));

        // edit 2, at once: Password and MfaDevices; its pass runs before the informer delivered
        // edit 1's write, so it still sees the child with Password only
        RootAccessPolicy edit2 =
                policy("quick", CredentialType.Password, CredentialType.MfaDevices);
        ChildrenSync.Result stalePass =
                ChildrenSync.sync(edit2, pass(edit2, informerCopy), client, null);
        assertEquals(1, stalePass.stale(), "refused as stale, not merged; the pass comes back");
        List<CredentialType> afterStalePass = types(stored(edit2));
        assertTrue(
                afterStalePass.equals(List.of(CredentialType.AccessKeys))
                        || afterStalePass.equals(
                                List.of(CredentialType.Password, CredentialType.MfaDevices)),
                "the child holds what one generation declared, never a mix: " + afterStalePass);

        // the next pass, on the copy the informer has by then, leaves exactly the latest list
        ChildrenSync.sync(edit2, pass(edit2, stored(edit2)), client, null);
        assertEquals(
                List.of(CredentialType.Password, CredentialType.MfaDevices), types(stored(edit2)));
    }

    /**
     * A children informer whose watch has delivered nothing since {@link #deliver}, with JOSDK's
     * temporary cache in front of it: a write handed to it replaces the delivered copy it was based
     * on (InformerEventSource.handleRecentResourceUpdate / Create).
     */
    static final class LaggingInformer
            implements RecentOperationCacheFiller<MemberAccountRootState> {
        MemberAccountRootState delivered;
        MemberAccountRootState recent;

        MemberAccountRootState get() {
            return recent != null ? recent : delivered;
        }

        void deliver(MemberAccountRootState child) {
            delivered = child;
            recent = null;
        }

        @Override
        public void handleRecentResourceCreate(ResourceID id, MemberAccountRootState created) {
            recent = created;
        }

        @Override
        public void handleRecentResourceUpdate(
                ResourceID id, MemberAccountRootState written, MemberAccountRootState previous) {
            String base = delivered == null ? null : delivered.getMetadata().getResourceVersion();
            if (Objects.equals(base, previous.getMetadata().getResourceVersion())) {
                recent = written;
            }
        }
    }

    static RootAccessPolicy withMode(RootAccessPolicy p, Mode mode) {
        p.getSpec().mode = mode;
        return p;
    }

    @Test
    void aSwitchBackToDryRunIsWrittenEvenBeforeTheWatchDeliversTheSwitchToEnforce() {
        LaggingInformer informer = new LaggingInformer();
        RootAccessPolicy dryRun = withMode(policy("flip", CredentialType.Password), Mode.DryRun);
        ChildrenSync.sync(dryRun, pass(dryRun, null), client, informer);
        informer.deliver(stored(dryRun));

        // Enforce: the child is released in Enforce; the watch has not delivered it yet
        RootAccessPolicy enforce = withMode(policy("flip", CredentialType.Password), Mode.Enforce);
        ChildrenSync.sync(enforce, pass(enforce, informer.get()), client, informer);
        assertEquals(Mode.Enforce, stored(enforce).getSpec().mode);

        // DryRun again at once: the pass must see its own Enforce write, not the DryRun copy the
        // watch delivered last (which matches what it wants, and so would write nothing)
        ChildrenSync.sync(dryRun, pass(dryRun, informer.get()), client, informer);
        assertEquals(Mode.DryRun, stored(dryRun).getSpec().mode, "the switch back was skipped");
    }
}
