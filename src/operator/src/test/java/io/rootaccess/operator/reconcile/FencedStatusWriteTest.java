package io.rootaccess.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.api.AccountAttention;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.testing.Contexts;
import io.rootaccess.operator.testing.Crds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A status is written with the resourceVersion of the copy the pass read (Fabric8 mock API server,
 * CRUD, with the project's CRDs). The informer's copy can lag behind the API server (a status this
 * operator wrote a moment ago and the watch has not delivered yet): a write computed from it must
 * never be merged into the newer status by list index.
 */
@EnableKubernetesMockClient(crud = true)
class FencedStatusWriteTest {
    static KubernetesClient client;

    @BeforeAll
    static void crds() {
        Crds.apply(client);
    }

    static RootAccessPolicy stored(String name, List<String> excluded) {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        p.setSpec(new RootAccessPolicySpec());
        p.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        RootAccessPolicy created = client.resource(p).create();
        created.setStatus(status(excluded));
        return client.resource(created).updateStatus();
    }

    static RootAccessPolicyStatus status(List<String> excluded) {
        RootAccessPolicyStatus s = new RootAccessPolicyStatus();
        s.observedGeneration = 1L;
        s.excludedAccounts = new ArrayList<>();
        excluded.forEach(
                id -> s.excludedAccounts.add(new AccountAttention(id, "Excluded", "by " + id)));
        return s;
    }

    static List<String> excludedOnServer(String name) {
        return client
                .resources(RootAccessPolicy.class)
                .inNamespace("ns")
                .withName(name)
                .get()
                .getStatus()
                .excludedAccounts
                .stream()
                .map(a -> a.accountId)
                .toList();
    }

    /**
     * What JOSDK 5.2.1 does with the control a reconciler returns, without server-side apply:
     * patchStatus is a JSON patch computed between the copy it read and the reconciled resource,
     * sent without a resourceVersion (ReconciliationDispatcher.CustomResourceFacade.editStatus);
     * noUpdate sends nothing.
     */
    static void josdkDispatch(UpdateControl<RootAccessPolicy> control, RootAccessPolicy read) {
        if (!control.isPatchStatus()) {
            return;
        }
        RootAccessPolicy reconciled = control.getResource().orElseThrow();
        RootAccessPolicy base = client.getKubernetesSerialization().clone(read);
        base.getMetadata().setResourceVersion(null);
        client.resources(RootAccessPolicy.class)
                .inNamespace("ns")
                .resource(base)
                .editStatus(
                        r -> {
                            r.setStatus(reconciled.getStatus());
                            return r;
                        });
    }

    /**
     * A pass on the informer's copy of a stored policy (accounts A, B, C excluded) after {@code
     * meanwhile} wrote a newer version of it; the pass takes B out of the list.
     */
    static UpdateControl<RootAccessPolicy> passAfter(
            String name, java.util.function.Consumer<RootAccessPolicy> meanwhile) {
        RootAccessPolicy informerCopy = stored(name, List.of("A", "B", "C"));
        meanwhile.accept(client.getKubernetesSerialization().clone(informerCopy));

        RootAccessPolicy read = client.getKubernetesSerialization().clone(informerCopy);
        RootAccessPolicy resource = client.getKubernetesSerialization().clone(informerCopy);
        UpdateControl<RootAccessPolicy> control =
                StatusPasses.run(
                        resource,
                        Contexts.withClient(client),
                        RootAccessPolicyStatus::new,
                        p -> {
                            p.getStatus().excludedAccounts.remove(1);
                            return Duration.ofMinutes(10);
                        });
        josdkDispatch(control, read);
        return control;
    }

    @Test
    void aPassOnAStaleCopyNeverRemovesTheWrongListElement() {
        // a previous pass wrote B, C (A left the exclusions); the watch has not delivered it yet
        var control =
                passAfter(
                        "stale",
                        p -> {
                            p.setStatus(status(List.of("B", "C")));
                            client.resource(p).updateStatus();
                        });
        // never [B] (the stale list's index 1 applied to the newer list): the newer status stays,
        // and the pass runs again at once on a fresh copy
        assertEquals(List.of("B", "C"), excludedOnServer("stale"));
        assertEquals(Optional.of(StatusPasses.FIRST_PASS.toMillis()), control.getScheduleDelay());
    }

    @Test
    void aStatusComputedFromCurrentInputsIsWrittenOnTheNewerVersion() {
        // a finalizer added meanwhile: a newer resourceVersion, nothing the pass reads
        var control =
                passAfter(
                        "finalized",
                        p -> {
                            p.getMetadata().setFinalizers(List.of("x/y"));
                            client.resource(p).update();
                        });
        assertEquals(List.of("A", "C"), excludedOnServer("finalized"));
        assertEquals(Optional.of(Duration.ofMinutes(10).toMillis()), control.getScheduleDelay());
    }

    @Test
    void aChangedAnnotationMeansTheInputsChangedAndThePassRunsAgain() {
        var control =
                passAfter(
                        "annotated",
                        p -> {
                            p.getMetadata().setAnnotations(Map.of("rootaccess.io/x", "y"));
                            client.resource(p).update();
                        });
        assertEquals(List.of("A", "B", "C"), excludedOnServer("annotated"));
        assertEquals(Optional.of(StatusPasses.FIRST_PASS.toMillis()), control.getScheduleDelay());
    }
}
