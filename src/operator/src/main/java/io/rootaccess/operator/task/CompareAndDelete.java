package io.rootaccess.operator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskStatus;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.status.KubernetesEvents;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The delete of an unlock task as compare-and-delete: immediately before deleting, in the same root
 * session, the policy is read again and deleted only if it is still the document stored when the
 * task started. A policy put back meanwhile (an operator restart or a lost status write between the
 * delete and Succeeded) is never deleted blindly, and no document is ever removed without a stored
 * copy.
 */
final class CompareAndDelete {
    static final String REASON_POLICY_CHANGED = TaskReasons.POLICY_CHANGED;
    static final String REASON_NO_STORED_COPY = TaskReasons.STORED_COPY_MISSING;
    static final String REASON_NOTHING_TO_DELETE = TaskReasons.NOTHING_TO_DELETE;
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Outcome {
        /** The stored document was still in place and is now deleted. */
        DELETED,
        /** No policy any more: nothing deleted. */
        GONE,
        /** Another document is in place: nothing deleted. */
        CHANGED,
        /** The stored copy cannot be read: nothing deleted. */
        NO_STORED_COPY
    }

    record Result(Outcome outcome, String found) {}

    private final PrivilegedTasks tasks;
    private final Conditions conditions;
    private final KubernetesEvents events;

    CompareAndDelete(PrivilegedTasks tasks, Clock clock) {
        this.tasks = tasks;
        this.conditions = new Conditions(clock);
        this.events = new KubernetesEvents(clock);
    }

    Result run(RootSession session, TaskRequest request, Optional<String> stored) {
        boolean bucket = request.type() == TaskType.UnlockS3BucketPolicy;
        String queueUrl = bucket ? null : tasks.queueUrl(session, request.target());
        Optional<String> current =
                bucket
                        ? tasks.bucketPolicy(session, request.target())
                        : tasks.queuePolicy(session, queueUrl);
        if (current.isEmpty()) {
            return new Result(Outcome.GONE, null);
        }
        if (stored.isEmpty()) {
            return new Result(Outcome.NO_STORED_COPY, current.get());
        }
        if (!same(stored.get(), current.get())) {
            return new Result(Outcome.CHANGED, current.get());
        }
        if (bucket) {
            tasks.deleteBucketPolicy(session, request.target());
        } else {
            tasks.clearQueuePolicy(session, queueUrl);
        }
        return new Result(Outcome.DELETED, null);
    }

    /**
     * Writes the final status of a run that deleted nothing (and keeps the document found, next to
     * the stored one).
     *
     * @return true when nothing was deleted (the task is final), false after a delete (the caller
     *     records Succeeded)
     */
    boolean report(
            KubernetesClient client,
            PrivilegedRootTask task,
            TaskRequest request,
            Result result,
            String sessionKey) {
        if (result.outcome() == Outcome.DELETED) {
            return false;
        }
        PrivilegedRootTaskStatus st = task.getStatus();
        Long gen = st.executedGeneration;
        String target = request.describeTarget() + " in account " + request.accountId();
        String where =
                st.removedPolicyConfigMap != null
                        ? "ConfigMap " + st.removedPolicyConfigMap
                        : "status.removedPolicy";
        st.sessionAccessKeyId = sessionKey;
        st.completionTime = conditions.now().toString();
        st.observedGeneration = task.getMetadata().getGeneration();
        switch (result.outcome()) {
            case GONE -> {
                st.phase = TaskPhase.Succeeded;
                st.message =
                        "the policy of "
                                + target
                                + " was already gone when read again right before the"
                                + " delete: nothing to delete. The document read when the task started is kept in "
                                + where;
                conditions.ready(st.conditions, TaskReasons.SUCCEEDED, st.message, gen);
                events.emit(
                        client,
                        task,
                        KubernetesEvents.NORMAL,
                        REASON_NOTHING_TO_DELETE,
                        st.message);
            }
            case CHANGED -> {
                if (client != null) {
                    RemovedPolicyStore.keepFound(client, task, result.found());
                }
                st.phase = TaskPhase.Failed;
                st.message =
                        "the policy of "
                                + target
                                + " changed since the task read it: nothing was deleted."
                                + " Both documents are kept in "
                                + (st.removedPolicyConfigMap == null
                                        ? "status"
                                        : "ConfigMap "
                                                + st.removedPolicyConfigMap
                                                + " (keys "
                                                + RemovedPolicyStore.KEY
                                                + " and "
                                                + RemovedPolicyStore.KEY_FOUND
                                                + ")")
                                + "; if it is still to be unlocked, create a new task";
                conditions.stalled(st.conditions, REASON_POLICY_CHANGED, st.message, gen);
                events.emit(
                        client, task, KubernetesEvents.WARNING, REASON_POLICY_CHANGED, st.message);
            }
            default -> {
                st.phase = TaskPhase.Failed;
                st.message =
                        "the copy of the policy of "
                                + target
                                + " stored when the task started ("
                                + where
                                + ") cannot be read: nothing was deleted, since no copy of it would be left; create a new task";
                conditions.stalled(st.conditions, REASON_NO_STORED_COPY, st.message, gen);
                events.emit(
                        client, task, KubernetesEvents.WARNING, REASON_NO_STORED_COPY, st.message);
            }
        }
        return true;
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
