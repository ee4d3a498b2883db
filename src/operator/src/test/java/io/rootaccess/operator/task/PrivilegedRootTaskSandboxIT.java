package io.rootaccess.operator.task;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.AccountStates;
import io.rootaccess.operator.testing.Contexts;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PrivilegedRootTask end to end: the real operator on the mock API server, the real SDK clients
 * against the sandbox. Own namespace, own accounts, buckets and queues (fresh names), so it can
 * share the default test profile; the one organization-wide change (RootSessions off) is undone at
 * once.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class PrivilegedRootTaskSandboxIT {
    static final String NS = "prt-test";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String LOCKED =
            """
            {"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}""";
    static final ObjectMapper JSON = new ObjectMapper();

    static String unlockAccount;
    static String deniedAccount;
    static String breakGlassAccount;
    static String earlyEndAccount;
    static String denyScp;

    @Inject KubernetesClient client;
    @Inject RemovedPolicyStore store;

    @BeforeAll
    static void seed() {
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String ou = org.createOrganizationalUnit(org.rootId(), "prt-" + SUFFIX);
        unlockAccount = org.createAccount("prt-payments-" + SUFFIX, ou);
        deniedAccount = org.createAccount("prt-denied-" + SUFFIX, ou);
        breakGlassAccount = org.createAccount("prt-breakglass-" + SUFFIX, ou);
        earlyEndAccount = org.createAccount("prt-early-" + SUFFIX, ou);
        denyScp =
                org.createServiceControlPolicy(
                        "prt-deny-bucket-policy-deletion-" + SUFFIX,
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"KeepBucketPolicies","Effect":"Deny",
                 "Action":"s3:DeleteBucketPolicy","Resource":"*"}]}""");
        org.attachPolicy(denyScp, deniedAccount);
    }

    @AfterAll
    static void cleanUp() {
        sandbox().faults().clear();
    }

    /** The operator watches every namespace and other classes share it: leave nothing behind. */
    @AfterEach
    void deleteResources() {
        client.resources(PrivilegedRootTask.class).inNamespace(NS).delete();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    void namespace() {
        Namespaces.ensure(client, NS);
    }

    // ------------------------------------------------------------------------------------ unlock
    // tasks

    @Test
    void unlockS3StoresThePolicyThenDeletesIt() throws Exception {
        namespace();
        String bucket = "prt-locked-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, LOCKED);
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", unlockAccount);
        long reads = sandbox().calls().count("s3:GetBucketPolicy", unlockAccount);
        long sessionsOpened = sandbox().calls().count("sts:AssumeRoot");
        long featureReads = sandbox().calls().count("iam:ListOrganizationsFeatures");

        PrivilegedRootTask done = runToEnd(s3("unlock-s3-" + SUFFIX, unlockAccount, bucket));

        PrivilegedRootTaskStatus st = done.getStatus();
        assertEquals(TaskPhase.Succeeded, st.phase, st.message);
        assertEquals(Boolean.TRUE, st.policyWasPresent);
        assertEquals(LOCKED, st.removedPolicy);
        assertNotNull(st.removedPolicyConfigMap, "a copy that outlives the task is kept as well");
        assertTrue(
                sandbox().organization().bucketPolicy(unlockAccount, bucket).isEmpty(),
                "policy deleted");
        assertTrue(st.sessionAccessKeyId.startsWith("ASIA"), st.sessionAccessKeyId);
        assertEquals(1L, st.executedGeneration);
        assertNotNull(st.startTime);
        assertNotNull(st.completionTime);
        assertFalse(Instant.parse(st.completionTime).isBefore(Instant.parse(st.startTime)));
        assertTrue(Conditions.isTrue(st.conditions, ConditionTypes.READY));
        assertEquals(
                deletes + 1,
                sandbox().calls().count("s3:DeleteBucketPolicy", unlockAccount),
                "one delete");
        // the whole task: one feature read, one policy read to store it and one right before the
        // delete
        // (compare-and-delete), one delete, at most one root session (reused)
        long policyReads = sandbox().calls().count("s3:GetBucketPolicy", unlockAccount) - reads;
        // a start pass repeated on a stale cache reads (and stores) once more; it never deletes
        assertTrue(policyReads == 2 || policyReads == 3, "policy reads: " + policyReads);
        // the feature check runs once per start pass: twice when the start pass is repeated
        long featureChecks =
                sandbox().calls().count("iam:ListOrganizationsFeatures") - featureReads;
        assertTrue(featureChecks == 1 || featureChecks == 2, "feature reads: " + featureChecks);
        assertTrue(
                sandbox().calls().count("sts:AssumeRoot") - sessionsOpened <= 1,
                "one session for both steps");
        assertTrue(
                eventReasons(done).contains("BucketPolicyDeleted"), eventReasons(done).toString());
        assertNoSecrets(done);
    }

    /**
     * Every task type, end to end against the sandbox: a new type fails here (or does not compile,
     * in Tasks.sandboxTarget) until the sandbox speaks its service and its task policy.
     */
    @ParameterizedTest
    @EnumSource(TaskType.class)
    void everyTaskTypeRunsEndToEndAgainstTheSandbox(TaskType type) {
        namespace();
        SandboxOrganization org = sandbox().organization();
        String account =
                org.createAccount("prt-every-" + type.name().toLowerCase() + SUFFIX, org.rootId());
        String name = "every-" + type.name().toLowerCase() + "-" + SUFFIX;
        var target = Tasks.sandboxTarget(type, org, account, name);
        String mutating = TaskHandlers.of(type).mutatingAction();
        long calls = sandbox().calls().count(mutating, account);

        PrivilegedRootTask done = runToEnd(Tasks.of(NS, name, account, type, target.value()));

        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertTrue(target.done().getAsBoolean(), "the sandbox shows the task's effect");
        assertEquals(calls + 1, sandbox().calls().count(mutating, account), "one mutating call");
        assertTrue(done.getStatus().sessionAccessKeyId.startsWith("ASIA"));
        assertNoSecrets(done);
    }

    @Test
    void aLargePolicyIsKeptInAConfigMapThatOutlivesTheTask() {
        namespace();
        String bucket = "prt-large-" + SUFFIX;
        StringBuilder statements = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            statements
                    .append(i == 0 ? "" : ",")
                    .append("{\"Sid\":\"Deny")
                    .append(i)
                    .append(
                            "\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::")
                    .append(bucket)
                    .append("/prefix-")
                    .append(i)
                    .append("/*\"}");
        }
        String large = "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
        assertTrue(large.length() > RemovedPolicyStore.INLINE_LIMIT_BYTES);
        sandbox().organization().createBucket(unlockAccount, bucket, large);

        PrivilegedRootTask done = runToEnd(s3("unlock-large-" + SUFFIX, unlockAccount, bucket));

        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertNull(done.getStatus().removedPolicy);
        String cmName = done.getStatus().removedPolicyConfigMap;
        assertEquals(
                store.namespace(client) + "/" + RemovedPolicyStore.configMapName(done), cmName);
        var cm =
                client.configMaps()
                        .inNamespace(store.namespace(client))
                        .withName(RemovedPolicyStore.configMapName(done))
                        .get();
        assertEquals(large, cm.getData().get(RemovedPolicyStore.KEY));
        assertTrue(
                cm.getMetadata().getOwnerReferences() == null
                        || cm.getMetadata().getOwnerReferences().isEmpty(),
                "owned by nobody: deleting the task must not collect it");
        assertTrue(done.getStatus().message.contains(cmName), done.getStatus().message);
        assertTrue(sandbox().organization().bucketPolicy(unlockAccount, bucket).isEmpty());
    }

    @Test
    void aBucketWithoutPolicyIsASuccessWithThatFactRecorded() {
        namespace();
        String bucket = "prt-open-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, null);

        PrivilegedRootTask done = runToEnd(s3("unlock-open-" + SUFFIX, unlockAccount, bucket));

        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertEquals(Boolean.FALSE, done.getStatus().policyWasPresent);
        assertNull(done.getStatus().removedPolicy);
        assertTrue(done.getStatus().message.contains("had no policy"), done.getStatus().message);
        assertTrue(done.getStatus().sessionAccessKeyId.startsWith("ASIA"));
    }

    @Test
    void unlockSqsByNameStoresThePolicyThenClearsIt() {
        namespace();
        String queue = "prt-locked-queue-" + SUFFIX;
        String url = sandbox().organization().createQueue(unlockAccount, queue, LOCKED);

        PrivilegedRootTask done = runToEnd(sqs("unlock-sqs-" + SUFFIX, unlockAccount, queue));

        PrivilegedRootTaskStatus st = done.getStatus();
        assertEquals(TaskPhase.Succeeded, st.phase, st.message);
        assertEquals(Boolean.TRUE, st.policyWasPresent);
        assertEquals(LOCKED, st.removedPolicy);
        assertTrue(sandbox().organization().queuePolicy(url).isEmpty(), "queue policy cleared");
        assertTrue(st.sessionAccessKeyId.startsWith("ASIA"));
        assertTrue(
                eventReasons(done).contains("QueuePolicyCleared"), eventReasons(done).toString());
        assertNoSecrets(done);
    }

    @Test
    void aQueueUrlWithoutPolicyIsASuccessWithThatFactRecorded() {
        namespace();
        String url =
                sandbox()
                        .organization()
                        .createQueue(unlockAccount, "prt-open-queue-" + SUFFIX, null);
        long clears = sandbox().calls().count("sqs:SetQueueAttributes", unlockAccount);

        PrivilegedRootTask done = runToEnd(sqs("unlock-sqs-open-" + SUFFIX, unlockAccount, url));

        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertEquals(Boolean.FALSE, done.getStatus().policyWasPresent);
        assertEquals(
                clears,
                sandbox().calls().count("sqs:SetQueueAttributes", unlockAccount),
                "nothing to clear");
    }

    @Test
    void aServiceControlPolicyDenialFailsNamingTheScpAndKeepsTheBucketPolicy() {
        namespace();
        String bucket = "prt-denied-" + SUFFIX;
        sandbox().organization().createBucket(deniedAccount, bucket, LOCKED);

        PrivilegedRootTask done = runToEnd(s3("unlock-denied-" + SUFFIX, deniedAccount, bucket));

        PrivilegedRootTaskStatus st = done.getStatus();
        assertEquals(TaskPhase.Failed, st.phase);
        assertTrue(st.message.contains("s3:DeleteBucketPolicy"), st.message);
        assertTrue(st.message.contains(denyScp), st.message);
        assertTrue(st.message.contains("aws:AssumedRoot"), "names the fix: " + st.message);
        Condition blocked =
                Conditions.find(st.conditions, ConditionTypes.BLOCKED_BY_POLICY).orElseThrow();
        assertEquals("True", blocked.getStatus());
        assertEquals("DeniedByServiceControlPolicy", blocked.getReason());
        assertTrue(Conditions.isTrue(st.conditions, ConditionTypes.STALLED));
        assertEquals(
                LOCKED,
                sandbox().organization().bucketPolicy(deniedAccount, bucket).orElseThrow(),
                "nothing changed");
        assertTrue(eventReasons(done).contains("BlockedByPolicy"));
    }

    @Test
    void throttlingKeepsTheTaskRunningAndRetriesWithBackOff() {
        namespace();
        String bucket = "prt-throttled-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, LOCKED);
        sandbox().faults().throttle("s3:DeleteBucketPolicy", 1.0);
        try {
            create(s3("unlock-throttled-" + SUFFIX, unlockAccount, bucket));
            PrivilegedRootTask retrying =
                    awaitTask(
                            "unlock-throttled-" + SUFFIX,
                            t ->
                                    t.getStatus() != null
                                            && Conditions.find(
                                                            t.getStatus().conditions,
                                                            ConditionTypes.RECONCILING)
                                                    .map(c -> "Retrying".equals(c.getReason()))
                                                    .orElse(false));
            assertEquals(TaskPhase.Running, retrying.getStatus().phase);
            assertEquals(
                    LOCKED,
                    retrying.getStatus().removedPolicy,
                    "stored before the first delete attempt");
        } finally {
            sandbox().faults().clear();
        }
        PrivilegedRootTask done = awaitTask("unlock-throttled-" + SUFFIX, Tasks::finished);
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertTrue(sandbox().organization().bucketPolicy(unlockAccount, bucket).isEmpty());
    }

    @Test
    void serverErrorsWhileReadingKeepTheTaskPendingUntilTheyStop() {
        namespace();
        String url =
                sandbox()
                        .organization()
                        .createQueue(unlockAccount, "prt-flaky-queue-" + SUFFIX, LOCKED);
        String name = "unlock-flaky-" + SUFFIX;
        sandbox().faults().serverErrors("sqs:GetQueueAttributes", 1.0, 503);
        try {
            create(sqs(name, unlockAccount, url));
            PrivilegedRootTask retrying =
                    awaitTask(
                            name,
                            t ->
                                    Conditions.find(
                                                    t.getStatus().conditions,
                                                    ConditionTypes.RECONCILING)
                                            .map(c -> "Retrying".equals(c.getReason()))
                                            .orElse(false));
            assertEquals(
                    TaskPhase.Pending,
                    retrying.getStatus().phase,
                    "nothing read, nothing changed yet");
            assertTrue(
                    Conditions.find(retrying.getStatus().conditions, ConditionTypes.RECONCILING)
                            .orElseThrow()
                            .getMessage()
                            .contains("sqs:GetQueueAttributes"));
            assertEquals(LOCKED, sandbox().organization().queuePolicy(url).orElseThrow());
        } finally {
            sandbox().faults().clear();
        }
        PrivilegedRootTask done = awaitTask(name, Tasks::finished);
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertEquals(LOCKED, done.getStatus().removedPolicy);
        assertTrue(sandbox().organization().queuePolicy(url).isEmpty());
    }

    // ------------------------------------------------------------------------------------ run once

    @Test
    void aSucceededTaskNeverRunsAgainAfterRestartOrSpecEdit() {
        namespace();
        String bucket = "prt-once-" + SUFFIX;
        String other = "prt-once-other-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, LOCKED);
        PrivilegedRootTask done = runToEnd(s3("unlock-once-" + SUFFIX, unlockAccount, bucket));
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase);

        // someone puts a (new, again locking) policy back: a re-run would delete it
        sandbox().organization().createBucket(unlockAccount, other, LOCKED);
        Map<String, Long> before = sandbox().calls().snapshotByAccount();
        long featureReads = sandbox().calls().count("iam:ListOrganizationsFeatures");

        // an operator restart: a new reconciler (no memory) sees the resource as the API server has
        // it
        var restarted = Tasks.restartedReconciler();
        PrivilegedRootTask stored = get(done.getMetadata().getName());
        String version = stored.getMetadata().getResourceVersion();
        var control = restarted.reconcile(stored, Contexts.withClient(client));
        assertEquals(
                version,
                get(done.getMetadata().getName()).getMetadata().getResourceVersion(),
                "status unchanged: nothing written");
        assertTrue(control.getScheduleDelay().isEmpty(), "nothing scheduled");
        assertEquals(TaskPhase.Succeeded, stored.getStatus().phase);

        // a spec edit after completion is reported, not executed
        PrivilegedRootTask edited = get(done.getMetadata().getName());
        edited.getSpec().bucketName = other;
        client.resource(edited).update();
        PrivilegedRootTask reported =
                awaitTask(
                        done.getMetadata().getName(),
                        t -> Long.valueOf(2).equals(t.getStatus().observedGeneration));
        Condition ignored =
                Conditions.find(
                                reported.getStatus().conditions,
                                TaskStatusFactory.SPEC_CHANGE_IGNORED)
                        .orElseThrow();
        assertEquals("True", ignored.getStatus());
        assertEquals(TaskPhase.Succeeded, reported.getStatus().phase);
        assertEquals(1L, reported.getStatus().executedGeneration);
        assertEquals(LOCKED, reported.getStatus().removedPolicy);

        assertEquals(
                LOCKED, sandbox().organization().bucketPolicy(unlockAccount, other).orElseThrow());
        assertEquals(
                featureReads,
                sandbox().calls().count("iam:ListOrganizationsFeatures"),
                "no precondition check");
        Map<String, Long> after = sandbox().calls().snapshotByAccount();
        for (String op : List.of("s3:GetBucketPolicy", "s3:DeleteBucketPolicy")) {
            String key = op + "@" + unlockAccount;
            assertEquals(before.getOrDefault(key, 0L), after.getOrDefault(key, 0L), key);
        }
    }

    @Test
    void aRestartAfterTheDeleteButBeforeSucceededWasRecordedKeepsTheStoredPolicy() {
        namespace();
        // the operator stored the policy (Running), deleted it, and stopped before recording
        // Succeeded
        String bucket = "prt-interrupted-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, null);
        PrivilegedRootTask task =
                Tasks.running(s3("unlock-interrupted-" + SUFFIX, unlockAccount, bucket), LOCKED);
        store.keep(client, task, java.util.Optional.of(LOCKED), bucket);

        Tasks.restartedReconciler().reconcile(task, Contexts.withClient(client));

        assertEquals(TaskPhase.Succeeded, task.getStatus().phase, task.getStatus().message);
        assertEquals(
                LOCKED,
                task.getStatus().removedPolicy,
                "the stored copy survives the repeated delete");
        assertEquals(Boolean.TRUE, task.getStatus().policyWasPresent);
        assertTrue(
                task.getStatus().message.contains("kept in ConfigMap"), task.getStatus().message);
    }

    @Test
    void aRecoveryInterruptedAfterTheCreateDoesNotCreateAgain() {
        namespace();
        // the operator accepted the task (Running), created the login profile, and stopped before
        // recording Succeeded
        String account =
                sandbox()
                        .organization()
                        .createAccount(
                                "prt-recovery-interrupted-" + SUFFIX,
                                sandbox().organization().rootId());
        sandbox().organization().rootUser(account).setPassword(true);
        PrivilegedRootTask task =
                Tasks.running(recovery("recovery-interrupted-" + SUFFIX, account, "1h"), null);
        task.getMetadata().setCreationTimestamp("2026-11-22T12:00:00Z");
        long creates = sandbox().calls().count("iam:CreateLoginProfile", account);
        long duplicates = sandbox().calls().duplicateDestructiveCalls();

        Tasks.restartedReconciler().reconcile(task, Contexts.withClient(client));

        assertEquals(TaskPhase.Succeeded, task.getStatus().phase, task.getStatus().message);
        assertEquals(
                creates,
                sandbox().calls().count("iam:CreateLoginProfile", account),
                "no second create");
        assertEquals(duplicates, sandbox().calls().duplicateDestructiveCalls());
    }

    @Test
    void aSpecEditBetweenReadingAndDeletingChangesNothing() {
        namespace();
        String bucket = "prt-edited-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, LOCKED);
        PrivilegedRootTask task =
                Tasks.running(s3("unlock-edited-" + SUFFIX, unlockAccount, bucket), LOCKED);
        store.keep(client, task, java.util.Optional.of(LOCKED), bucket);
        task.getMetadata().setGeneration(2L); // edited after generation 1 stored the policy
        long deletes = sandbox().calls().count("s3:DeleteBucketPolicy", unlockAccount);

        Tasks.restartedReconciler().reconcile(task, Contexts.withClient(client));

        assertEquals(TaskPhase.Failed, task.getStatus().phase);
        assertEquals(
                "SpecChangedWhileRunning",
                Conditions.find(task.getStatus().conditions, ConditionTypes.STALLED)
                        .orElseThrow()
                        .getReason());
        assertEquals(deletes, sandbox().calls().count("s3:DeleteBucketPolicy", unlockAccount));
        assertEquals(
                LOCKED, sandbox().organization().bucketPolicy(unlockAccount, bucket).orElseThrow());
    }

    // ------------------------------------------------------------------------------------
    // preconditions

    @Test
    void preconditionsFailWithAClearStatusAndChangeNothing() {
        namespace();
        SandboxOrganization org = sandbox().organization();
        String bucket = "prt-precondition-" + SUFFIX;
        org.createBucket(unlockAccount, bucket, LOCKED);

        PrivilegedRootTask management =
                runToEnd(s3("unlock-management-" + SUFFIX, org.managementAccountId(), bucket));
        assertFailed(management, "ManagementAccount", "management account");

        PrivilegedRootTask missing =
                runToEnd(s3("unlock-missing-" + SUFFIX, unlockAccount, "prt-no-such-" + SUFFIX));
        assertFailed(missing, "BucketNotFound", "does not exist");

        PrivilegedRootTask missingQueue =
                runToEnd(sqs("unlock-missing-queue-" + SUFFIX, unlockAccount, "prt-no-queue"));
        assertFailed(missingQueue, "QueueNotFound", "does not exist");

        // the feature off past the waiting deadline (a task created 11 minutes ago): Failed, no
        // root session
        PrivilegedRootTask old = s3("unlock-disabled-" + SUFFIX, unlockAccount, bucket);
        old.getMetadata().setGeneration(1L);
        old.getMetadata().setUid(UUID.randomUUID().toString());
        old.getMetadata()
                .setCreationTimestamp(Instant.now().minus(Duration.ofMinutes(11)).toString());
        old.setStatus(new PrivilegedRootTaskStatus());
        old.getStatus().phase = TaskPhase.Pending;
        old.getStatus().observedGeneration = 1L;
        long assumeRoots = sandbox().calls().count("sts:AssumeRoot");
        org.setFeatureEnabled("RootSessions", false);
        try {
            Tasks.restartedReconciler().reconcile(old, Contexts.withClient(client));
        } finally {
            org.setFeatureEnabled("RootSessions", true);
        }
        assertFailed(old, "FeatureNotEnabled", "RootSessions");
        assertTrue(
                old.getStatus().message.contains("iam:EnableOrganizationsRootSessions"),
                old.getStatus().message);
        assertNull(old.getStatus().sessionAccessKeyId, "no root session was opened");
        assertEquals(assumeRoots, sandbox().calls().count("sts:AssumeRoot"));
        assertEquals(
                LOCKED, org.bucketPolicy(unlockAccount, bucket).orElseThrow(), "nothing changed");
    }

    @Test
    void aTaskWaitsForTheFeatureAPolicyIsAboutToEnable() {
        namespace();
        SandboxOrganization org = sandbox().organization();
        String bucket = "prt-waiting-" + SUFFIX;
        org.createBucket(unlockAccount, bucket, LOCKED);
        String name = "unlock-waiting-" + SUFFIX;
        org.setFeatureEnabled("RootSessions", false);
        try {
            create(s3(name, unlockAccount, bucket));
            PrivilegedRootTask waiting =
                    awaitTask(
                            name,
                            t ->
                                    Conditions.find(
                                                    t.getStatus().conditions,
                                                    ConditionTypes.RECONCILING)
                                            .map(c -> "FeatureNotEnabled".equals(c.getReason()))
                                            .orElse(false));
            assertEquals(TaskPhase.Pending, waiting.getStatus().phase);
            assertTrue(
                    waiting.getStatus().message.contains("Waiting for it until"),
                    waiting.getStatus().message);
            assertEquals(LOCKED, org.bucketPolicy(unlockAccount, bucket).orElseThrow());
        } finally {
            org.setFeatureEnabled("RootSessions", true);
        }
        PrivilegedRootTask done = awaitTask(name, Tasks::finished);
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertEquals(LOCKED, done.getStatus().removedPolicy);
    }

    @Test
    void anInvalidSpecFailsClearlyAndItsFixIsPickedUp() {
        namespace();
        String bucket = "prt-fixed-" + SUFFIX;
        sandbox().organization().createBucket(unlockAccount, bucket, LOCKED);
        PrivilegedRootTask bad = s3("unlock-invalid-" + SUFFIX, "12345", bucket);
        PrivilegedRootTask failed = runToEnd(bad);
        assertFailed(failed, "InvalidSpec", "12-digit");

        PrivilegedRootTask fixed = get(failed.getMetadata().getName());
        fixed.getSpec().accountId = unlockAccount;
        client.resource(fixed).update();
        PrivilegedRootTask done =
                awaitTask(
                        fixed.getMetadata().getName(),
                        t -> t.getStatus().phase == TaskPhase.Succeeded);
        assertEquals(2L, done.getStatus().executedGeneration);
        assertTrue(sandbox().organization().bucketPolicy(unlockAccount, bucket).isEmpty());

        PrivilegedRootTask tooLong =
                runToEnd(recovery("recovery-too-long-" + SUFFIX, breakGlassAccount, "48h"));
        assertFailed(tooLong, "InvalidSpec", "maximum hold");
    }

    // ------------------------------------------------------------------------------------
    // break-glass

    @Test
    void breakGlassAllowsRecoveryHoldsTheAccountThenRemovesTheCredentialsAgain() {
        namespace();
        var root = sandbox().organization().rootUser(breakGlassAccount);
        root.setPassword(false);
        MemberAccountRootState account = createAccountState(breakGlassAccount);
        awaitAccount(
                account,
                a -> a.getStatus() != null && a.getStatus().phase == AccountPhase.Compliant);

        String name = "recovery-" + SUFFIX;
        PrivilegedRootTask done = runToEnd(recovery(name, breakGlassAccount, "5s"));

        PrivilegedRootTaskStatus st = done.getStatus();
        assertEquals(TaskPhase.Succeeded, st.phase, st.message);
        assertTrue(
                root.hasPassword(),
                "the login profile exists: the root e-mail owner can reset the password");
        Instant holdUntil = Instant.parse(st.holdUntil);
        // the hold runs from acceptance (before CreateLoginProfile), not from completion
        assertEquals(
                Duration.ofSeconds(5), Duration.between(Instant.parse(st.startTime), holdUntil));
        assertTrue(st.sessionAccessKeyId.startsWith("ASIA"));
        assertTrue(Conditions.isTrue(st.conditions, ConditionTypes.ON_HOLD));
        assertTrue(
                eventReasons(done).contains("RootLoginProfileCreated"),
                eventReasons(done).toString());

        MemberAccountRootState held =
                awaitAccount(account, a -> a.getStatus().phase == AccountPhase.OnHold);
        assertEquals(name, held.getStatus().holdTask);
        // computed from the server-set creation time: never later than what the task wrote
        assertFalse(Instant.parse(held.getStatus().holdUntil).isAfter(holdUntil));
        assertTrue(root.hasPassword(), "no remediation while on hold");

        // the hold expires: the account returns to Absent and the login profile is deleted again
        MemberAccountRootState after =
                awaitAccount(account, a -> a.getStatus().phase == AccountPhase.Compliant);
        assertFalse(root.hasPassword(), "credentials created during the hold are removed");
        // the account's own end (creation time, whole seconds, + duration) can be up to a second
        // before the task's (acceptance time in milliseconds); remediation never precedes it
        assertFalse(Instant.now().isBefore(Instant.parse(held.getStatus().holdUntil)));
        assertNull(after.getStatus().holdTask);

        PrivilegedRootTask ended =
                awaitTask(
                        name,
                        t ->
                                Conditions.find(t.getStatus().conditions, ConditionTypes.ON_HOLD)
                                        .map(c -> "False".equals(c.getStatus()))
                                        .orElse(false));
        assertEquals(TaskPhase.Succeeded, ended.getStatus().phase, "the task stays Succeeded");
        assertEquals(
                1,
                sandbox().calls().count("iam:CreateLoginProfile", breakGlassAccount),
                "ran once");
    }

    @Test
    void deletingTheRecoveryTaskEndsTheHoldEarly() {
        namespace();
        var root = sandbox().organization().rootUser(earlyEndAccount);
        root.setPassword(false);
        MemberAccountRootState account = createAccountState(earlyEndAccount);
        awaitAccount(
                account,
                a -> a.getStatus() != null && a.getStatus().phase == AccountPhase.Compliant);

        PrivilegedRootTask done =
                runToEnd(recovery("recovery-early-" + SUFFIX, earlyEndAccount, "1h"));
        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        awaitAccount(account, a -> a.getStatus().phase == AccountPhase.OnHold);
        assertTrue(root.hasPassword());

        client.resource(done).delete();
        MemberAccountRootState after =
                awaitAccount(account, a -> a.getStatus().phase == AccountPhase.Compliant);
        assertFalse(root.hasPassword(), "the login profile is removed as soon as the hold ends");
        assertNull(after.getStatus().holdUntil);
    }

    @Test
    void anExistingLoginProfileIsASuccessAndSaysSo() {
        namespace();
        SandboxOrganization org = sandbox().organization();
        String account = org.createAccount("prt-existing-profile-" + SUFFIX, org.rootId());
        org.rootUser(account).setPassword(true);

        PrivilegedRootTask done = runToEnd(recovery("recovery-existing-" + SUFFIX, account, "10m"));

        assertEquals(TaskPhase.Succeeded, done.getStatus().phase, done.getStatus().message);
        assertTrue(done.getStatus().message.contains("already existed"), done.getStatus().message);
        assertNotNull(done.getStatus().holdUntil);
        assertTrue(
                eventReasons(done).contains("RootLoginProfileExisted"),
                eventReasons(done).toString());
        assertTrue(org.rootUser(account).hasPassword());
    }

    @Test
    void aRecoveryTaskOutsideTheAccountStatesNamespaceIsRefused() {
        namespace();
        SandboxOrganization org = sandbox().organization();
        String account = org.createAccount("prt-elsewhere-" + SUFFIX, org.rootId());
        String otherNs = "prt-test-accounts";
        var m = AccountStates.accountState(account).inNamespace(otherNs).enforce().build();
        client.resource(m).create();
        try {
            PrivilegedRootTask refused =
                    runToEnd(recovery("recovery-elsewhere-" + SUFFIX, account, "1h"));
            assertFailed(refused, "AccountManagedInOtherNamespace", "namespace " + otherNs);
            assertFalse(org.rootUser(account).hasPassword(), "no login profile was created");
            assertEquals(0, sandbox().calls().count("iam:CreateLoginProfile", account));
        } finally {
            client.resource(m).delete();
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    static PrivilegedRootTask s3(String name, String accountId, String bucket) {
        return Tasks.s3(NS, name, accountId, bucket);
    }

    static PrivilegedRootTask sqs(String name, String accountId, String queue) {
        return Tasks.sqs(NS, name, accountId, queue);
    }

    static PrivilegedRootTask recovery(String name, String accountId, String duration) {
        return Tasks.recovery(NS, name, accountId, duration);
    }

    MemberAccountRootState createAccountState(String accountId) {
        return client.resource(
                        AccountStates.accountState(accountId).inNamespace(NS).enforce().build())
                .create();
    }

    MemberAccountRootState awaitAccount(
            MemberAccountRootState account, Predicate<MemberAccountRootState> until) {
        String name = account.getMetadata().getName();
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            var a =
                                    client.resources(MemberAccountRootState.class)
                                            .inNamespace(NS)
                                            .withName(name)
                                            .get();
                            return a != null && a.getStatus() != null && until.test(a);
                        });
        return client.resources(MemberAccountRootState.class).inNamespace(NS).withName(name).get();
    }

    void create(PrivilegedRootTask task) {
        client.resource(task).create();
    }

    PrivilegedRootTask get(String name) {
        return client.resources(PrivilegedRootTask.class).inNamespace(NS).withName(name).get();
    }

    PrivilegedRootTask runToEnd(PrivilegedRootTask task) {
        create(task);
        return awaitTask(task.getMetadata().getName(), Tasks::finished);
    }

    PrivilegedRootTask awaitTask(String name, Predicate<PrivilegedRootTask> until) {
        return Tasks.awaitTask(client, NS, name, until);
    }

    static void assertFailed(PrivilegedRootTask t, String reason, String inMessage) {
        PrivilegedRootTaskStatus st = t.getStatus();
        assertEquals(TaskPhase.Failed, st.phase, st.message);
        Condition stalled = Conditions.find(st.conditions, ConditionTypes.STALLED).orElseThrow();
        assertEquals("True", stalled.getStatus());
        assertEquals(reason, stalled.getReason(), stalled.getMessage());
        assertTrue(st.message.contains(inMessage), st.message);
        assertTrue(
                Conditions.find(st.conditions, ConditionTypes.READY)
                        .map(c -> "False".equals(c.getStatus()))
                        .orElse(false));
    }

    List<String> eventReasons(PrivilegedRootTask t) {
        return events(t).stream().map(Event::getReason).toList();
    }

    List<Event> events(PrivilegedRootTask t) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> t.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /** Status and events carry access key ids only: no secret key, no session token. */
    void assertNoSecrets(PrivilegedRootTask t) {
        String secret = sandbox().managementCredentials().secretAccessKey();
        String all;
        try {
            all = JSON.writeValueAsString(t.getStatus()) + JSON.writeValueAsString(events(t));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertFalse(all.contains(secret));
        for (String word :
                List.of("SecretAccessKey", "SessionToken", "secretAccessKey", "sessionToken")) {
            assertFalse(all.contains(word), word);
        }
    }
}
