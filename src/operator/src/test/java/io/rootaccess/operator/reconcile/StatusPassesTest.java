package io.rootaccess.operator.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The error path every reconciler shares: a condition on the resource, JOSDK's retry, then a
 * back-off.
 */
class StatusPassesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(2), CLOCK);
    final Conditions conditions = new Conditions(CLOCK);

    static RootAccessPolicy policy() {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName("p")
                        .withNamespace("ns")
                        .withUid("uid-1")
                        .withGeneration(3L)
                        .build());
        return p;
    }

    @SuppressWarnings("unchecked")
    static Context<RootAccessPolicy> attempt(boolean last) {
        RetryInfo info =
                new RetryInfo() {
                    public int getAttemptCount() {
                        return 5;
                    }

                    public boolean isLastAttempt() {
                        return last;
                    }
                };
        return (Context<RootAccessPolicy>)
                Proxy.newProxyInstance(
                        StatusPassesTest.class.getClassLoader(),
                        new Class<?>[] {Context.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getRetryInfo")) {
                                return Optional.of(info);
                            }
                            throw new UnsupportedOperationException(method.getName());
                        });
    }

    @Test
    void aKubernetesErrorIsWrittenOnTheResourceAndLeftToJosdksRetry() {
        RootAccessPolicy policy = policy();
        var control =
                StatusPasses.error(
                        policy,
                        attempt(false),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen) ->
                                conditions.reconciling(
                                        st.conditions, ErrorReasons.UNEXPECTED, "x", gen),
                        backoff);
        assertTrue(control.getResource().isPresent(), "status is patched");
        assertFalse(control.isNoRetry());
        assertTrue(control.getScheduleDelay().isEmpty());
        var reconciling =
                Conditions.find(policy.getStatus().conditions, ConditionTypes.RECONCILING)
                        .orElseThrow();
        assertEquals("True", reconciling.getStatus());
        assertEquals(ErrorReasons.UNEXPECTED, reconciling.getReason());
        assertEquals(3L, reconciling.getObservedGeneration());
    }

    @Test
    void afterTheLastRetryTheResourceIsRescheduledWithTheBackOffInsteadOfDropped() {
        var control =
                StatusPasses.error(
                        policy(),
                        attempt(true),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen) -> {},
                        backoff);
        assertTrue(control.isNoRetry());
        assertEquals(Optional.of(2000L), control.getScheduleDelay());
        var again =
                StatusPasses.error(
                        policy(),
                        attempt(true),
                        new KubernetesClientException("boom"),
                        RootAccessPolicyStatus::new,
                        (st, gen) -> {},
                        backoff);
        assertEquals(Optional.of(4000L), again.getScheduleDelay());
    }
}
