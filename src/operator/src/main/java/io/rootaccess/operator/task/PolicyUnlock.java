package io.rootaccess.operator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootSession;
import java.util.Objects;
import java.util.Optional;

/**
 * A task that unlocks a resource by removing its policy: read the policy and keep a copy that
 * outlives the task (step 1), then compare-and-delete (step 2). Immediately before the delete, in
 * the same root session, the copy is read back from its ConfigMap and the policy is read again; it
 * is deleted only when both are the same document. So a policy put back meanwhile (an operator
 * restart or a lost status write between the delete and Succeeded) is never deleted blindly, and no
 * document is ever removed without a stored copy. A subclass says how to read and remove its kind
 * of policy, and in which words.
 */
public abstract sealed class PolicyUnlock implements TaskHandler
        permits BucketPolicyUnlock, QueuePolicyUnlock {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How messages name what the mutating call does: "delete", "deleting", "deleted". */
    record Verbs(String infinitive, String progressive, String past) {}

    /** "bucket", "queue": the resource, for messages. */
    abstract String noun();

    abstract Verbs verbs();

    /** The reason of the Normal event that records the mutating call. */
    abstract String eventReason();

    /** The address of the resource the calls use (a queue name is looked up); may call AWS. */
    abstract String resolve(PrivilegedTasks aws, RootSession session, String target);

    /** The policy now; empty when there is none. */
    abstract Optional<String> read(PrivilegedTasks aws, RootSession session, String resource);

    /** The one mutating call. */
    abstract void remove(PrivilegedTasks aws, RootSession session, String resource);

    @Override
    public final OrgFeature requiredFeature() {
        return OrgFeature.RootSessions;
    }

    @Override
    public final String describeTarget(String target) {
        return noun() + " " + target;
    }

    @Override
    public final PrivilegedRootTaskStatus prepare(TaskRun run) {
        TaskRequest request = run.request();
        RootSession session = run.openSession();
        String resource = resolve(run.with().tasks(), session, request.target());
        Optional<String> policy = read(run.with().tasks(), session, resource);
        var copy = run.with().store().keep(run.client(), run.task(), policy, request.target());
        String message =
                policy.isPresent()
                        ? "the policy of "
                                + request.describeTarget()
                                + " is stored in ConfigMap "
                                + copy.configMap()
                                + "; "
                                + verbs().progressive()
                                + " it"
                        : request.describeTarget()
                                + " has no policy: nothing to "
                                + verbs().infinitive();
        return run.with()
                .status()
                .running(run.status(), run.generation(), session.accessKeyId(), copy, message);
    }

    @Override
    public final PrivilegedRootTaskStatus execute(TaskRun run) {
        PrivilegedRootTaskStatus st = run.status();
        TaskStatusFactory status = run.with().status();
        String target = run.request().describeTargetInAccount();
        if (!Boolean.TRUE.equals(st.policyWasPresent)) {
            return status.succeeded(
                    st,
                    run.generation(),
                    st.sessionAccessKeyId,
                    null,
                    target + " had no policy: nothing was " + verbs().past());
        }
        KubernetesClient client = run.client();
        PrivilegedRootTask task = run.task();
        RemovedPolicyStore store = run.with().store();
        // the copy, read now from where the operator kept it: not from status, which may be stale
        Optional<String> stored = store.stored(client, task);
        String where = "ConfigMap " + store.location(client, task);
        RootSession session = run.openSession();
        String key = session.accessKeyId();
        String resource = resolve(run.with().tasks(), session, run.request().target());
        Optional<String> current = read(run.with().tasks(), session, resource);
        if (current.isEmpty()) {
            String message =
                    "the policy of "
                            + target
                            + " was already gone when read again right before the delete: nothing to "
                            + verbs().infinitive()
                            + ". "
                            + (stored.isPresent()
                                    ? "The document read when the task started is kept in " + where
                                    : "Its stored copy (" + where + ") is missing");
            run.with().events().did(client, task, TaskReasons.NOTHING_TO_DELETE, message);
            return status.succeeded(st, run.generation(), key, null, message);
        }
        if (stored.isEmpty()) {
            return nothingDeleted(
                    run,
                    key,
                    TaskReasons.STORED_COPY_MISSING,
                    "the copy of the policy of "
                            + target
                            + " stored when the task started ("
                            + where
                            + ") cannot be read: nothing was "
                            + verbs().past()
                            + ", since no copy of it would be left; create a new task");
        }
        if (!same(stored.get(), current.get())) {
            store.keepFound(client, task, current.get());
            return nothingDeleted(
                    run,
                    key,
                    TaskReasons.POLICY_CHANGED,
                    "the policy of "
                            + target
                            + " changed since the task read it: nothing was "
                            + verbs().past()
                            + ". Both documents are kept in "
                            + where
                            + " (keys "
                            + RemovedPolicyStore.KEY
                            + " and "
                            + RemovedPolicyStore.KEY_FOUND
                            + "); if it is still to be unlocked, create a new task");
        }
        remove(run.with().tasks(), session, resource);
        run.with()
                .events()
                .did(
                        client,
                        task,
                        eventReason(),
                        verbs().past()
                                + " the policy of "
                                + noun()
                                + " "
                                + resource
                                + " in account "
                                + run.request().accountId()
                                + " (root session "
                                + key
                                + ")");
        return status.succeeded(
                st,
                run.generation(),
                key,
                null,
                "the policy of "
                        + target
                        + " was "
                        + verbs().past()
                        + "; the removed document is kept in "
                        + where
                        + " (key "
                        + RemovedPolicyStore.KEY
                        + "): restore a fixed version with a non-root principal");
    }

    /** Compare-and-delete said no: Failed (final), with a Warning event. */
    private static PrivilegedRootTaskStatus nothingDeleted(
            TaskRun run, String sessionKey, String reason, String message) {
        PrivilegedRootTaskStatus st =
                run.with()
                        .status()
                        .failedInSession(
                                run.status(), run.generation(), sessionKey, reason, message);
        run.with().events().failed(run.client(), run.task(), st);
        return st;
    }

    /** The same document: equal JSON (AWS may re-serialise), else equal text. */
    static boolean same(String a, String b) {
        try {
            JsonNode x = JSON.readTree(a);
            JsonNode y = JSON.readTree(b);
            return Objects.equals(x, y);
        } catch (Exception e) {
            return a.equals(b);
        }
    }
}
