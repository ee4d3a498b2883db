package io.rootaccess.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.holds.AccountStateIndex;
import io.rootaccess.operator.holds.WatchedPolicies;
import io.rootaccess.operator.task.PrivilegedRootTaskReconciler;
import io.rootaccess.operator.task.RemovedPolicyStore;
import io.rootaccess.sandbox.SandboxOrganization;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * PrivilegedRootTasks for tests: builders, a target in the sandbox per type, waiting for them. A
 * task has no mode: it acts once created (the reason its tests create only what they mean).
 */
public final class Tasks {
    /** A policy that locks everyone out, the kind an unlock task exists for. */
    public static final String LOCKED =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}""";

    private Tasks() {}

    /** A task of any type; {@code target} goes into that type's field. */
    public static PrivilegedRootTask of(
            String namespace, String name, String accountId, TaskType type, String target) {
        var t = new PrivilegedRootTask();
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        var spec = new PrivilegedRootTaskSpec();
        spec.accountId = accountId;
        spec.type = type;
        // a switch expression without default: a new task type does not compile until its field
        // is set here
        Consumer<String> field =
                switch (type) {
                    case UnlockS3BucketPolicy -> v -> spec.bucketName = v;
                    case UnlockSqsQueuePolicy -> v -> spec.queue = v;
                    case AllowPasswordRecovery -> v -> spec.duration = v;
                };
        field.accept(target);
        t.setSpec(spec);
        return t;
    }

    /**
     * A task of the type on the account, named {@code <type>-<account>}, its field set to {@link
     * #anyTarget}: change what the test is about.
     */
    public static Builder task(String accountId, TaskType type) {
        return new Builder(accountId, type);
    }

    public static final class Builder {
        private final String accountId;
        private final TaskType type;
        private String name;
        private String namespace;
        private String target;
        private Consumer<PrivilegedRootTaskSpec> change = s -> {};

        private Builder(String accountId, TaskType type) {
            this.accountId = accountId;
            this.type = type;
            this.name = type.name().toLowerCase(Locale.ROOT) + "-" + accountId;
            this.target = anyTarget(type);
        }

        public Builder named(String name) {
            this.name = name;
            return this;
        }

        public Builder inNamespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The value of the type's field (bucket, queue or duration). */
        public Builder target(String target) {
            this.target = target;
            return this;
        }

        /** Anything else, on the spec once built. */
        public Builder spec(Consumer<PrivilegedRootTaskSpec> change) {
            this.change = this.change.andThen(change);
            return this;
        }

        public PrivilegedRootTask build() {
            PrivilegedRootTask t = of(namespace, name, accountId, type, target);
            change.accept(t.getSpec());
            return t;
        }
    }

    /** A valid value of the type's field that names nothing in particular. */
    public static String anyTarget(TaskType type) {
        return switch (type) {
            case UnlockS3BucketPolicy -> "a-good-bucket";
            case UnlockSqsQueuePolicy -> "a-good-queue";
            case AllowPasswordRecovery -> "1h";
        };
    }

    public static PrivilegedRootTask s3(String ns, String name, String accountId, String bucket) {
        return of(ns, name, accountId, TaskType.UnlockS3BucketPolicy, bucket);
    }

    public static PrivilegedRootTask sqs(String ns, String name, String accountId, String queue) {
        return of(ns, name, accountId, TaskType.UnlockSqsQueuePolicy, queue);
    }

    public static PrivilegedRootTask recovery(
            String ns, String name, String accountId, String duration) {
        return of(ns, name, accountId, TaskType.AllowPasswordRecovery, duration);
    }

    /**
     * The task as the API server has it after step 1 persisted Running (generation 1, a uid): the
     * operator stopped before the mutating call, or after it and before recording the outcome.
     * Unlock tasks also need their stored copy (written with {@link RemovedPolicyStore}).
     */
    public static PrivilegedRootTask running(PrivilegedRootTask t, String storedInline) {
        t.getMetadata().setGeneration(1L);
        t.getMetadata().setUid(UUID.randomUUID().toString());
        var st = new PrivilegedRootTaskStatus();
        st.phase = TaskPhase.Running;
        st.observedGeneration = 1L;
        st.executedGeneration = 1L;
        st.startTime = "2026-11-22T12:00:00Z";
        if (t.getSpec().type != TaskType.AllowPasswordRecovery) {
            st.policyWasPresent = storedInline != null;
            st.removedPolicy = storedInline;
        }
        t.setStatus(st);
        return t;
    }

    /** What a test needs to run a task type against the sandbox: its field's value, its effect. */
    public record SandboxTarget(String value, BooleanSupplier done) {}

    /**
     * Creates a target for the task type in the sandbox (a locked bucket or queue, a root user
     * without password), and says how to see the task did its work. No default: a new task type
     * does not compile until it has one, so every type runs end to end in
     * PrivilegedRootTaskSandboxIT.
     */
    public static SandboxTarget sandboxTarget(
            TaskType type, SandboxOrganization org, String accountId, String name) {
        return switch (type) {
            case UnlockS3BucketPolicy -> {
                org.createBucket(accountId, name, LOCKED);
                yield new SandboxTarget(name, () -> org.bucketPolicy(accountId, name).isEmpty());
            }
            case UnlockSqsQueuePolicy -> {
                String url = org.createQueue(accountId, name, LOCKED);
                yield new SandboxTarget(name, () -> org.queuePolicy(url).isEmpty());
            }
            case AllowPasswordRecovery -> {
                org.rootUser(accountId).setPassword(false);
                yield new SandboxTarget("1h", () -> org.rootUser(accountId).hasPassword());
            }
        };
    }

    public static boolean finished(PrivilegedRootTask t) {
        return t.getStatus() != null
                && (t.getStatus().phase == TaskPhase.Succeeded
                        || t.getStatus().phase == TaskPhase.Failed);
    }

    /** Waits until the task, as stored, has a status that passes {@code until}. */
    public static PrivilegedRootTask awaitTask(
            KubernetesClient client,
            String namespace,
            String name,
            Predicate<PrivilegedRootTask> until) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                client.resources(PrivilegedRootTask.class)
                                        .inNamespace(namespace)
                                        .withName(name)
                                        .get(),
                        t -> t != null && t.getStatus() != null && until.test(t));
    }

    /**
     * A new reconciler on the running application's beans, as after an operator restart: nothing in
     * memory (no back-off state), and the organization guard unconfigured.
     */
    public static PrivilegedRootTaskReconciler restartedReconciler() {
        var arc = Arc.container();
        return new PrivilegedRootTaskReconciler(
                arc.instance(OrganizationCache.class).get(),
                arc.instance(OrganizationFeatures.class).get(),
                arc.instance(RootSessions.class).get(),
                arc.instance(PrivilegedTasks.class).get(),
                arc.instance(RootCredentials.class).get(),
                arc.instance(DenialExplainer.class).get(),
                arc.instance(AccountStateIndex.class).get(),
                OrganizationGuard.unconfigured(arc.instance(Clock.class).get()),
                arc.instance(RemovedPolicyStore.class).get(),
                arc.instance(OperatorConfig.class).get(),
                arc.instance(ProtectedAccounts.class).get(),
                arc.instance(WatchedPolicies.class).get(),
                arc.instance(Clock.class).get());
    }
}
