package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
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
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.4: unlock tasks are compare-and-delete, and the stored copy outlives the task. The
 * "restart" cases hand the reconciler a task as the API server would have it after the operator
 * stopped between persisting Running and the delete (or between the delete and Succeeded); the
 * policy in AWS changed meanwhile.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(SandboxResource.class)
class CompareAndDeleteIT {
    static final String NS = "compare-and-delete";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String STORED =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}""";
    static final String PUT_BACK =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"FixedByAdmin","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}""";
    static String account;

    @Inject KubernetesClient client;
    @Inject OrganizationCache organization;
    @Inject OrganizationFeatures features;
    @Inject RootSessions sessions;
    @Inject PrivilegedTasks privilegedTasks;
    @Inject RootCredentials credentials;
    @Inject DenialExplainer denials;
    @Inject io.rootaccess.operator.account.AccountStateIndex accountStates;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootSessions", true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        account = org.createAccount("cad-" + SUFFIX, org.rootId());
    }

    @BeforeEach
    void namespace() {
        Namespaces.ensure(client, NS);
    }

    private PrivilegedRootTaskReconciler restarted() {
        return new PrivilegedRootTaskReconciler(
                organization,
                features,
                sessions,
                privilegedTasks,
                credentials,
                denials,
                accountStates,
                io.rootaccess.operator.guard.OrganizationGuard.unconfigured());
    }

    private static PrivilegedRootTask task(String name, TaskType type, String target) {
        PrivilegedRootTask t = new PrivilegedRootTask();
        t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        t.setSpec(new PrivilegedRootTaskSpec());
        t.getSpec().accountId = account;
        t.getSpec().type = type;
        if (type == TaskType.UnlockS3BucketPolicy) {
            t.getSpec().bucketName = target;
        } else {
            t.getSpec().queue = target;
        }
        return t;
    }

    /** As the API server has it after step 1 persisted Running with the stored copy. */
    private static PrivilegedRootTask running(String name, TaskType type, String target) {
        PrivilegedRootTask t = task(name, type, target);
        t.getMetadata().setGeneration(1L);
        t.getMetadata().setUid(UUID.randomUUID().toString());
        var st = new PrivilegedRootTaskStatus();
        st.phase = TaskPhase.Running;
        st.observedGeneration = 1L;
        st.executedGeneration = 1L;
        st.policyWasPresent = true;
        st.removedPolicy = STORED;
        t.setStatus(st);
        return t;
    }

    @Test
    void aBucketPolicyPutBackAfterTheReadIsNeverDeleted() {
        String bucket = "cad-changed-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, PUT_BACK);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        long reads = sandbox().calls().count("s3:GetBucketPolicy", account);
        PrivilegedRootTask task =
                running("cad-changed-" + SUFFIX, TaskType.UnlockS3BucketPolicy, bucket);

        restarted().reconcile(task, io.rootaccess.operator.testing.Contexts.withClient(client));

        PrivilegedRootTaskStatus st = task.getStatus();
        assertEquals(TaskPhase.Failed, st.phase, st.message);
        assertEquals(
                CompareAndDelete.REASON_POLICY_CHANGED,
                Conditions.find(st.conditions, ConditionTypes.STALLED).orElseThrow().getReason());
        assertEquals(
                deletes,
                sandbox().calls().count("s3:DeleteBucketPolicy", account),
                "nothing deleted");
        assertEquals(
                reads + 1,
                sandbox().calls().count("s3:GetBucketPolicy", account),
                "read right before");
        assertEquals(
                PUT_BACK, sandbox().organization().bucketPolicy(account, bucket).orElseThrow());
        assertEquals(STORED, st.removedPolicy, "the stored document is kept");
        assertTrue(st.message.contains("nothing was deleted"), st.message);
    }

    @Test
    void aQueuePolicyPutBackAfterTheReadIsNeverCleared() {
        String url = sandbox().organization().createQueue(account, "cad-queue-" + SUFFIX, PUT_BACK);
        long clears = sandbox().calls().count("sqs:SetQueueAttributes", account);
        PrivilegedRootTask task =
                running("cad-queue-" + SUFFIX, TaskType.UnlockSqsQueuePolicy, url);

        restarted().reconcile(task, io.rootaccess.operator.testing.Contexts.withClient(client));

        assertEquals(TaskPhase.Failed, task.getStatus().phase, task.getStatus().message);
        assertEquals(clears, sandbox().calls().count("sqs:SetQueueAttributes", account));
        assertEquals(PUT_BACK, sandbox().organization().queuePolicy(url).orElseThrow());
    }

    @Test
    void aPolicyAlreadyGoneIsNotDeletedAgainAndTheCopyStays() {
        String bucket = "cad-gone-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, null);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", account);
        PrivilegedRootTask task =
                running("cad-gone-" + SUFFIX, TaskType.UnlockS3BucketPolicy, bucket);

        restarted().reconcile(task, io.rootaccess.operator.testing.Contexts.withClient(client));

        PrivilegedRootTaskStatus st = task.getStatus();
        assertEquals(TaskPhase.Succeeded, st.phase, st.message);
        assertTrue(st.message.contains("nothing to delete"), st.message);
        assertEquals(STORED, st.removedPolicy);
        assertEquals(
                deletes,
                sandbox().calls().count("s3:DeleteBucketPolicy", account),
                "no second delete");
    }

    @Test
    void theStoredCopyOutlivesTheTaskAndItsNamespaceAndKeepsBothDocumentsOnAChange() {
        String bucket = "cad-outlives-" + SUFFIX;
        sandbox().organization().createBucket(account, bucket, STORED);
        String name = "cad-outlives-" + SUFFIX;
        client.resource(task(name, TaskType.UnlockS3BucketPolicy, bucket)).create();
        PrivilegedRootTask done =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () ->
                                        client.resources(PrivilegedRootTask.class)
                                                .inNamespace(NS)
                                                .withName(name)
                                                .get(),
                                t ->
                                        t.getStatus() != null
                                                && t.getStatus().phase == TaskPhase.Succeeded);
        assertTrue(sandbox().organization().bucketPolicy(account, bucket).isEmpty());
        String ref = done.getStatus().removedPolicyConfigMap;
        assertNotNull(ref);
        String storeNs = ref.substring(0, ref.indexOf('/'));
        String cmName = ref.substring(ref.indexOf('/') + 1);
        assertTrue(!NS.equals(storeNs), "kept outside the task's namespace: " + ref);

        client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).delete();
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                client.resources(PrivilegedRootTask.class)
                                                .inNamespace(NS)
                                                .withName(name)
                                                .get()
                                        == null);
        ConfigMap copy = client.configMaps().inNamespace(storeNs).withName(cmName).get();
        assertNotNull(copy, "the copy survives the task");
        assertEquals(STORED, copy.getData().get(RemovedPolicyStore.KEY));
        assertTrue(
                copy.getMetadata().getOwnerReferences() == null
                        || copy.getMetadata().getOwnerReferences().isEmpty(),
                "no owner: no garbage collection when the task or its namespace goes");
        assertEquals(name, copy.getMetadata().getLabels().get(RemovedPolicyStore.LABEL_TASK));
        assertEquals(
                NS, copy.getMetadata().getLabels().get(RemovedPolicyStore.LABEL_TASK_NAMESPACE));
        assertEquals(account, copy.getMetadata().getLabels().get("rootaccess.io/account-id"));
        assertEquals(
                bucket,
                copy.getMetadata().getAnnotations().get(RemovedPolicyStore.ANNOTATION_TARGET));
        assertNotNull(
                copy.getMetadata().getAnnotations().get(RemovedPolicyStore.ANNOTATION_KEEP_UNTIL));
        // found the way docs/tasks.md says: by label
        assertTrue(
                client.configMaps()
                                .inNamespace(storeNs)
                                .withLabel(RemovedPolicyStore.LABEL_REMOVED_POLICY, "true")
                                .withLabel(RemovedPolicyStore.LABEL_TASK, name)
                                .list()
                                .getItems()
                                .size()
                        == 1);

        // a changed policy on a task whose copy is in a ConfigMap: both documents end up there
        String other = "cad-both-" + SUFFIX;
        sandbox().organization().createBucket(account, other, PUT_BACK);
        PrivilegedRootTask both =
                running("cad-both-" + SUFFIX, TaskType.UnlockS3BucketPolicy, other);
        RemovedPolicyStore.keep(
                client, both, Optional.of(STORED), other, java.time.Clock.systemUTC());
        both.getStatus().phase = TaskPhase.Running;
        restarted().reconcile(both, io.rootaccess.operator.testing.Contexts.withClient(client));
        assertEquals(TaskPhase.Failed, both.getStatus().phase, both.getStatus().message);
        ConfigMap kept =
                client.configMaps()
                        .inNamespace(storeNs)
                        .withName(RemovedPolicyStore.configMapName(both))
                        .get();
        assertEquals(STORED, kept.getData().get(RemovedPolicyStore.KEY));
        assertEquals(PUT_BACK, kept.getData().get(RemovedPolicyStore.KEY_FOUND));
        assertEquals(PUT_BACK, sandbox().organization().bucketPolicy(account, other).orElseThrow());
    }
}
