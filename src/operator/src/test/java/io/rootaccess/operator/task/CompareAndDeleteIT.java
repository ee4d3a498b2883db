package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.testing.Contexts;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unlock tasks are compare-and-delete against a copy that outlives the task. The "restart" cases
 * hand a new reconciler a task as the API server would have it after the operator stopped between
 * persisting Running and the delete (or between the delete and Succeeded); the policy in AWS, or
 * its stored copy, changed meanwhile.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class CompareAndDeleteIT {
    static final String NS = "compare-and-delete";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String STORED = Tasks.LOCKED;
    static final String PUT_BACK =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"FixedByAdmin","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}""";
    static String account;

    @Inject KubernetesClient client;
    @Inject RemovedPolicyStore store;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        account = org.createAccount("cad-" + SUFFIX, org.rootId());
    }

    @BeforeEach
    void namespace() {
        Namespaces.ensure(client, NS);
    }

    /** One pass of a new reconciler over the task as given (it is not stored in the API). */
    private PrivilegedRootTask pass(PrivilegedRootTask task) {
        Tasks.restartedReconciler().reconcile(task, Contexts.withClient(client));
        return task;
    }

    /** Running, with the copy step 1 keeps: in status (small documents) and in its ConfigMap. */
    private PrivilegedRootTask running(PrivilegedRootTask task, String stored) {
        Tasks.running(task, stored);
        var copy = store.keep(client, task, Optional.of(stored), "target");
        task.getStatus().removedPolicyConfigMap = copy.configMap();
        return task;
    }

    private static String stalledReason(PrivilegedRootTask task) {
        return TaskStatusFactory.failureReason(task.getStatus());
    }

    @Test
    void aBucketPolicyPutBackAfterTheReadIsNeverDeletedAndBothDocumentsAreKept() {
        String bucket = "cad-changed-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, PUT_BACK);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        long reads = sandbox().calls().count("s3:GetBucketPolicy", account);
        PrivilegedRootTask task =
                running(Tasks.s3(NS, "cad-changed-" + SUFFIX, account, bucket), STORED);

        pass(task);

        PrivilegedRootTaskStatus st = task.getStatus();
        assertEquals(TaskPhase.Failed, st.phase, st.message);
        assertEquals(TaskReasons.POLICY_CHANGED, stalledReason(task));
        assertEquals(deletes, sandbox().calls().count("s3:DeleteBucketPolicy", account));
        assertEquals(
                reads + 1,
                sandbox().calls().count("s3:GetBucketPolicy", account),
                "read right before");
        assertEquals(
                PUT_BACK, sandbox().organization().bucketPolicy(account, bucket).orElseThrow());
        assertEquals(STORED, st.removedPolicy, "the stored document is kept");
        assertTrue(st.message.contains("nothing was deleted"), st.message);
        ConfigMap kept = copyOf(task);
        assertEquals(STORED, kept.getData().get(RemovedPolicyStore.KEY));
        assertEquals(PUT_BACK, kept.getData().get(RemovedPolicyStore.KEY_FOUND));
    }

    @Test
    void aQueuePolicyPutBackAfterTheReadIsNeverCleared() {
        String url = sandbox().organization().createQueue(account, "cad-queue-" + SUFFIX, PUT_BACK);
        long clears = sandbox().calls().count("sqs:SetQueueAttributes", account);
        PrivilegedRootTask task =
                running(Tasks.sqs(NS, "cad-queue-" + SUFFIX, account, url), STORED);

        pass(task);

        assertEquals(TaskPhase.Failed, task.getStatus().phase, task.getStatus().message);
        assertEquals(TaskReasons.POLICY_CHANGED, stalledReason(task));
        assertEquals(clears, sandbox().calls().count("sqs:SetQueueAttributes", account));
        assertEquals(PUT_BACK, sandbox().organization().queuePolicy(url).orElseThrow());
    }

    @Test
    void aPolicyAlreadyGoneIsNotDeletedAgainAndTheCopyStays() {
        String bucket = "cad-gone-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, null);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        PrivilegedRootTask task =
                running(Tasks.s3(NS, "cad-gone-" + SUFFIX, account, bucket), STORED);

        pass(task);

        PrivilegedRootTaskStatus st = task.getStatus();
        assertEquals(TaskPhase.Succeeded, st.phase, st.message);
        assertTrue(st.message.contains("nothing to delete"), st.message);
        assertEquals(STORED, st.removedPolicy);
        assertEquals(STORED, copyOf(task).getData().get(RemovedPolicyStore.KEY));
        assertEquals(deletes, sandbox().calls().count("s3:DeleteBucketPolicy", account));
    }

    /**
     * A small policy is also shown in status, but the delete goes by the ConfigMap copy only: with
     * that copy gone (deleted by hand between the two steps), nothing is deleted, although the
     * policy in AWS is still the very document the status shows.
     */
    @Test
    void noConfigMapCopyNoDeleteEvenForASmallPolicyShownInStatus() {
        String bucket = "cad-no-copy-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, STORED);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        PrivilegedRootTask task = Tasks.s3(NS, "cad-no-copy-" + SUFFIX, account, bucket);
        task.getMetadata().setGeneration(1L);
        task.getMetadata().setUid(UUID.randomUUID().toString());
        task.getMetadata().setCreationTimestamp(Instant.now().toString());

        pass(task); // Pending
        pass(task); // step 1: read and stored
        PrivilegedRootTaskStatus running = task.getStatus();
        assertEquals(TaskPhase.Running, running.phase, running.message);
        assertEquals(STORED, running.removedPolicy, "small enough to be shown in status");
        assertNotNull(copyOf(task), "and kept in its ConfigMap");

        client.configMaps()
                .inNamespace(store.namespace(client))
                .withName(RemovedPolicyStore.configMapName(task))
                .delete();
        pass(task); // step 2

        assertEquals(TaskPhase.Failed, task.getStatus().phase, task.getStatus().message);
        assertEquals(TaskReasons.STORED_COPY_MISSING, stalledReason(task));
        assertEquals(
                deletes,
                sandbox().calls().count("s3:DeleteBucketPolicy", account),
                "no copy, no delete");
        assertEquals(STORED, sandbox().organization().bucketPolicy(account, bucket).orElseThrow());
    }

    /** The copy is read where the operator put it: pointing status elsewhere does not help. */
    @Test
    void theCopyIsFoundWhereTheOperatorPutItNotWhereStatusPoints() {
        String bucket = "cad-pointer-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, STORED);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        PrivilegedRootTask task =
                running(Tasks.s3(NS, "cad-pointer-" + SUFFIX, account, bucket), STORED);
        // someone deletes the copy and points status at a ConfigMap with the same document
        String other = "decoy-" + SUFFIX;
        client.configMaps()
                .inNamespace(NS)
                .resource(
                        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                                .withNewMetadata()
                                .withName(other)
                                .endMetadata()
                                .withData(Map.of(RemovedPolicyStore.KEY, STORED))
                                .build())
                .create();
        client.resource(copyOf(task)).delete();
        task.getStatus().removedPolicyConfigMap = NS + "/" + other;

        pass(task);

        assertEquals(TaskReasons.STORED_COPY_MISSING, stalledReason(task));
        assertEquals(deletes, sandbox().calls().count("s3:DeleteBucketPolicy", account));
    }

    /**
     * The copy lives outside the task's namespace and is owned by nobody: deleting the task, then
     * its whole namespace (with what the namespace and garbage collectors of a real API server
     * delete along with it), leaves it readable.
     */
    @Test
    void theStoredCopyOutlivesTheTaskAndItsNamespace() {
        String ns = "cad-doomed-" + SUFFIX;
        Namespaces.ensure(client, ns);
        String bucket = "cad-outlives-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, STORED);
        String name = "cad-outlives-" + SUFFIX;
        client.resource(Tasks.s3(ns, name, account, bucket)).create();
        PrivilegedRootTask done =
                Tasks.awaitTask(client, ns, name, t -> t.getStatus().phase == TaskPhase.Succeeded);
        assertTrue(sandbox().organization().bucketPolicy(account, bucket).isEmpty());
        String ref = done.getStatus().removedPolicyConfigMap;
        assertEquals(store.location(client, done), ref);

        Namespaces.deleteAsTheApiServerWould(client, ns);

        assertNull(client.resources(PrivilegedRootTask.class).inNamespace(ns).withName(name).get());
        ConfigMap copy = copyOf(done);
        assertNotNull(copy, "the copy survives the task and its namespace: " + ref);
        assertEquals(STORED, copy.getData().get(RemovedPolicyStore.KEY));
        assertEquals(name, copy.getMetadata().getLabels().get(RemovedPolicyStore.LABEL_TASK));
        assertEquals(
                ns, copy.getMetadata().getLabels().get(RemovedPolicyStore.LABEL_TASK_NAMESPACE));
        assertEquals(account, copy.getMetadata().getLabels().get("rootaccess.io/account-id"));
        assertEquals(
                bucket,
                copy.getMetadata().getAnnotations().get(RemovedPolicyStore.ANNOTATION_TARGET));
        // found the way docs/tasks.md says: by label
        assertEquals(
                1,
                client.configMaps()
                        .inNamespace(store.namespace(client))
                        .withLabel(RemovedPolicyStore.LABEL_REMOVED_POLICY, "true")
                        .withLabel(RemovedPolicyStore.LABEL_TASK, name)
                        .list()
                        .getItems()
                        .size());
    }

    /**
     * Retention counts from the copy's creation, which the API server records: the keep-until
     * annotation, which anyone who can edit ConfigMaps can change, neither ends a copy early nor
     * keeps it longer.
     */
    @Test
    void retentionCountsFromTheCopysCreationNotFromItsAnnotation() {
        String ns = "cad-retention-" + SUFFIX;
        Namespaces.ensure(client, ns);
        Duration retention = Duration.ofDays(90);
        var today = new RemovedPolicyStore(Optional.of(ns), retention, Clock.systemUTC());
        PrivilegedRootTask edited = Tasks.s3(NS, "cad-edited-" + SUFFIX, account, "b");
        edited.getMetadata().setUid(UUID.randomUUID().toString());
        today.keep(client, edited, Optional.of(STORED), "b");
        ConfigMap cm =
                client.configMaps()
                        .inNamespace(ns)
                        .withName(RemovedPolicyStore.configMapName(edited))
                        .get();
        assertNotNull(cm.getMetadata().getCreationTimestamp(), "the API server records creation");
        cm.getMetadata()
                .getAnnotations()
                .put(RemovedPolicyStore.ANNOTATION_KEEP_UNTIL, "2000-01-01T00:00:00Z");
        client.resource(cm).update();

        // the next copy prunes: an annotation in the past does not expire a copy of today
        PrivilegedRootTask next = Tasks.s3(NS, "cad-next-" + SUFFIX, account, "b");
        next.getMetadata().setUid(UUID.randomUUID().toString());
        today.keep(client, next, Optional.of(STORED), "b");
        assertNotNull(
                client.configMaps().inNamespace(ns).withName(cm.getMetadata().getName()).get(),
                "kept: created today");
        ConfigMap forever =
                client.configMaps()
                        .inNamespace(ns)
                        .withName(RemovedPolicyStore.configMapName(next))
                        .get();
        forever.getMetadata()
                .getAnnotations()
                .put(RemovedPolicyStore.ANNOTATION_KEEP_UNTIL, "2100-01-01T00:00:00Z");
        client.resource(forever).update();

        // 91 days on, every copy of today has expired, whatever its annotation says
        Instant later = Instant.now().plus(retention).plus(Duration.ofDays(1));
        var months =
                new RemovedPolicyStore(
                        Optional.of(ns), retention, Clock.fixed(later, ZoneOffset.UTC));
        PrivilegedRootTask last = Tasks.s3(NS, "cad-last-" + SUFFIX, account, "b");
        last.getMetadata().setUid(UUID.randomUUID().toString());
        var copy = months.keep(client, last, Optional.of(STORED), "b");
        var left =
                client.configMaps()
                        .inNamespace(ns)
                        .withLabel(RemovedPolicyStore.LABEL_REMOVED_POLICY, "true")
                        .list()
                        .getItems();
        assertEquals(1, left.size(), "only the copy written 91 days on is left");
        assertEquals(copy.configMap(), ns + "/" + left.get(0).getMetadata().getName());
        assertNotEquals(cm.getMetadata().getName(), left.get(0).getMetadata().getName());
    }

    private ConfigMap copyOf(PrivilegedRootTask task) {
        return client.configMaps()
                .inNamespace(store.namespace(client))
                .withName(RemovedPolicyStore.configMapName(task))
                .get();
    }
}
