package io.rootaccess.operator.account;

import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The reading side of the break-glass hold contract: an account is held while a Succeeded
 * AllowPasswordRecovery task for it, in the same namespace and not being deleted, has a holdUntil
 * in the future. With several such tasks the latest holdUntil wins.
 */
public record BreakGlassHold(String taskName, Instant holdUntil) {

    public static Optional<BreakGlassHold> find(Collection<PrivilegedRootTask> tasks, String namespace,
            String accountId, Instant now) {
        return tasks.stream()
                .filter(t -> holds(t, namespace, accountId))
                .map(t -> new BreakGlassHold(t.getMetadata().getName(), parse(t.getStatus().holdUntil)))
                .filter(h -> h.holdUntil() != null && h.holdUntil().isAfter(now))
                .max(Comparator.comparing(BreakGlassHold::holdUntil));
    }

    /** Whether a task is a candidate hold for the account (ignoring time): used to map task events to accounts. */
    public static boolean holds(PrivilegedRootTask t, String namespace, String accountId) {
        return t.getSpec() != null && t.getStatus() != null
                && Objects.equals(namespace, t.getMetadata().getNamespace())
                && t.getSpec().type == TaskType.AllowPasswordRecovery
                && Objects.equals(accountId, t.getSpec().accountId)
                && t.getStatus().phase == TaskPhase.Succeeded
                && t.getMetadata().getDeletionTimestamp() == null;
    }

    /** Identifies the hold in the desired-state hash: a new or ended hold forces a full pass. */
    public String key() {
        return taskName + "@" + holdUntil;
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
