package io.rootaccess.operator.policy;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.Policies;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the integration tests do with the (mock) API server: write policies as a user would, and
 * read back the policy status and the children the running operator made. One instance per test
 * class and namespace.
 */
final class PolicyCluster {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String namespace;

    PolicyCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        Namespaces.ensure(client, namespace);
    }

    String namespace() {
        return namespace;
    }

    /**
     * An Enforce policy with the given desired state, shaped further by {@code spec}: {@link
     * Policies#enforcing}.
     */
    static RootAccessPolicy policy(
            String name, RootCredentialsState state, Consumer<RootAccessPolicySpec> spec) {
        return Policies.enforcing(name, state, spec);
    }

    RootAccessPolicy create(RootAccessPolicy policy) {
        policy.getMetadata().setNamespace(namespace);
        return client.resource(policy).create();
    }

    /**
     * A spec edit as kubectl makes it: read, change, write; again when the operator patched status
     * meanwhile (409).
     */
    RootAccessPolicy edit(String name, Consumer<RootAccessPolicySpec> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(RootAccessPolicy.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(
                                p -> {
                                    change.accept(p.getSpec());
                                    return p;
                                });
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    RootAccessPolicy get(String name) {
        return client.resources(RootAccessPolicy.class).inNamespace(namespace).withName(name).get();
    }

    /** Deletes the policy and waits until it and its children are gone. */
    void delete(String name) {
        client.resources(RootAccessPolicy.class).inNamespace(namespace).withName(name).delete();
        await().atMost(WAIT).until(() -> get(name) == null && children(name).isEmpty());
    }

    void deleteAll() {
        for (RootAccessPolicy p :
                client.resources(RootAccessPolicy.class).inNamespace(namespace).list().getItems()) {
            delete(p.getMetadata().getName());
        }
    }

    List<MemberAccountRootState> children(String policyName) {
        return client.resources(MemberAccountRootState.class)
                .inNamespace(namespace)
                .withLabel(ApiGroup.LABEL_POLICY, policyName)
                .list()
                .getItems();
    }

    Set<String> childAccounts(String policyName) {
        return children(policyName).stream()
                .map(c -> c.getSpec().accountId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Waits until the policy's status, written for its current generation, satisfies {@code check}.
     */
    RootAccessPolicy awaitStatus(String name, Predicate<RootAccessPolicy> check) {
        return awaitStatus(name, WAIT, check);
    }

    RootAccessPolicy awaitStatus(String name, Duration atMost, Predicate<RootAccessPolicy> check) {
        return await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> get(name),
                        p ->
                                p != null
                                        && p.getStatus() != null
                                        && Objects.equals(
                                                p.getStatus().observedGeneration,
                                                p.getMetadata().getGeneration())
                                        && check.test(p));
    }

    /**
     * Ready=True for the current generation: what {@code kubectl wait --for=condition=Ready} waits
     * for.
     */
    RootAccessPolicy awaitReady(String name) {
        return awaitStatus(name, p -> isTrue(p, "Ready"));
    }

    static Optional<Condition> condition(RootAccessPolicy p, String type) {
        return p.getStatus() == null
                ? Optional.empty()
                : p.getStatus().conditions.stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst();
    }

    /**
     * True, and written for the policy's current generation (kstatus and kubectl wait semantics).
     */
    static boolean isTrue(RootAccessPolicy p, String type) {
        return condition(p, type)
                .filter(
                        c ->
                                "True".equals(c.getStatus())
                                        && Objects.equals(
                                                c.getObservedGeneration(),
                                                p.getMetadata().getGeneration()))
                .isPresent();
    }

    static boolean hasReason(RootAccessPolicy p, String type, String status, String reason) {
        return condition(p, type)
                .filter(
                        c ->
                                status.equals(c.getStatus())
                                        && reason.equals(c.getReason())
                                        && Objects.equals(
                                                c.getObservedGeneration(),
                                                p.getMetadata().getGeneration()))
                .isPresent();
    }

    static String message(RootAccessPolicy p, String type) {
        return condition(p, type).map(Condition::getMessage).orElse("");
    }

    static Map<String, String> excludedReasons(RootAccessPolicy p) {
        return p.getStatus().excludedAccounts == null
                ? Map.of()
                : p.getStatus().excludedAccounts.stream()
                        .collect(Collectors.toMap(a -> a.accountId, a -> a.reason));
    }
}
