package io.rootaccess.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.Contexts;
import io.rootaccess.operator.testing.Crds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The error path every reconciler shares: a condition on the resource, JOSDK's retry, then a
 * back-off (Fabric8 mock API server, CRUD).
 */
@EnableKubernetesMockClient(crud = true)
class StatusPassesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    static KubernetesClient client;
    final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(2), CLOCK);
    final Conditions conditions = new Conditions(CLOCK);

    @BeforeAll
    static void crds() {
        Crds.apply(client);
    }

    static RootAccessPolicy policy(String name) {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        p.setSpec(new RootAccessPolicySpec());
        p.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        return client.resource(p).create();
    }

    static Context<RootAccessPolicy> attempt(boolean last) {
        return Contexts.withClient(
                client,
                new RetryInfo() {
                    public int getAttemptCount() {
                        return 5;
                    }

                    public boolean isLastAttempt() {
                        return last;
                    }
                });
    }

    @Test
    void aKubernetesErrorIsWrittenOnTheResourceAndLeftToJosdksRetry() {
        RootAccessPolicy policy = policy("error");
        var control =
                StatusPasses.error(
                        policy,
                        attempt(false),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen, ex) ->
                                conditions.reconciling(
                                        st.conditions, ErrorReasons.UNEXPECTED, "x", gen),
                        backoff);
        assertTrue(control.getResource().isEmpty(), "written fenced, not by JOSDK's patch");
        assertFalse(control.isNoRetry());
        assertTrue(control.getScheduleDelay().isEmpty());
        var stored =
                client.resources(RootAccessPolicy.class).inNamespace("ns").withName("error").get();
        var reconciling =
                Conditions.find(stored.getStatus().conditions, ConditionTypes.RECONCILING)
                        .orElseThrow();
        assertEquals("True", reconciling.getStatus());
        assertEquals(ErrorReasons.UNEXPECTED, reconciling.getReason());
        assertEquals(1L, reconciling.getObservedGeneration());
    }

    @Test
    void afterTheLastRetryTheResourceIsRescheduledWithTheBackOffInsteadOfDropped() {
        RootAccessPolicy policy = policy("last");
        var control =
                StatusPasses.error(
                        policy,
                        attempt(true),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen, ex) -> {},
                        backoff);
        assertTrue(control.isNoRetry());
        assertEquals(Optional.of(2000L), control.getScheduleDelay());
        var again =
                StatusPasses.error(
                        policy,
                        attempt(true),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen, ex) -> {},
                        backoff);
        assertEquals(Optional.of(4000L), again.getScheduleDelay());
    }
}
