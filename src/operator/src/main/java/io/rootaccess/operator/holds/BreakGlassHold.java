package io.rootaccess.operator.holds;

import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The reading side of the break-glass hold contract: an account is held while an
 * AllowPasswordRecovery task for it, in the same namespace and not being deleted, is Running
 * (accepted: the hold starts before CreateLoginProfile, so no audit in that window deletes the new
 * login profile) or Succeeded, until its end. With several such tasks the latest end wins.
 *
 * <p>The end is computed, not taken from status: the task's server-set creationTimestamp (the
 * request; it is accepted moments later) plus {@code spec.duration}, capped by {@code
 * rootaccess.break-glass-max-hold} (default 24h). A {@code status.holdUntil} written by the task
 * can only make it earlier. So editing status (startTime, holdUntil) or the spec after the run
 * never stretches a hold.
 */
public record BreakGlassHold(String taskName, Instant holdUntil) {

    public static Optional<BreakGlassHold> find(
            Collection<PrivilegedRootTask> tasks, String namespace, String accountId, Instant now) {
        return tasks.stream()
                .filter(t -> holds(t, namespace, accountId))
                .map(t -> new BreakGlassHold(t.getMetadata().getName(), end(t, maxHold())))
                .filter(h -> h.holdUntil() != null && h.holdUntil().isAfter(now))
                .max(Comparator.comparing(BreakGlassHold::holdUntil));
    }

    /**
     * Whether a task is a candidate hold for the account (ignoring time): used to map task events
     * to accounts.
     */
    public static boolean holds(PrivilegedRootTask t, String namespace, String accountId) {
        return t.getSpec() != null
                && t.getStatus() != null
                && Objects.equals(namespace, t.getMetadata().getNamespace())
                && t.getSpec().type == TaskType.AllowPasswordRecovery
                && Objects.equals(accountId, t.getSpec().accountId)
                && (t.getStatus().phase == TaskPhase.Succeeded
                        || (t.getStatus().phase == TaskPhase.Running
                                && t.getStatus().executedGeneration != null))
                && t.getMetadata().getDeletionTimestamp() == null;
    }

    public static final Duration DEFAULT_MAX_HOLD = Duration.ofHours(24);

    /** The longest hold a recovery task may ask for: a longer spec.duration is refused. */
    public static final Duration MAX_REQUESTED_HOLD = Duration.ofHours(24);

    /** rootaccess.break-glass-max-hold, default 24h. */
    public static Duration maxHold() {
        try {
            return ConfigProvider.getConfig()
                    .getOptionalValue("rootaccess.break-glass-max-hold", Duration.class)
                    .filter(d -> !d.isNegative())
                    .orElse(DEFAULT_MAX_HOLD);
        } catch (RuntimeException e) {
            return DEFAULT_MAX_HOLD;
        }
    }

    /**
     * The end of a task's hold (see the class comment); null when it cannot be computed (then no
     * hold).
     */
    public static Instant end(PrivilegedRootTask t, Duration cap) {
        Duration d = requestedHold(t);
        if (d == null) {
            return null;
        }
        d = d.compareTo(cap) <= 0 ? d : cap;
        // the server-set creation time, which nobody can edit; a task accepted later gets a
        // slightly shorter
        // hold, never a longer one. status.startTime only where there is no creation time (built by
        // hand)
        Instant start = parse(t.getMetadata().getCreationTimestamp());
        if (start == null) {
            start = parse(t.getStatus().startTime);
        }
        if (start == null) {
            return null;
        }
        Instant end = start.plus(d);
        Instant written = parse(t.getStatus().holdUntil);
        if (written == null && t.getStatus().holdUntil != null) {
            return null; // an unreadable end written over the task's own: no hold
        }
        return written != null && written.isBefore(end) ? written : end;
    }

    /**
     * The hold a recovery task asks for, as the task controller accepts it (a duration longer than
     * 0s and at most {@link #MAX_REQUESTED_HOLD}, no field of another task type); null when that
     * controller refuses the task, so it never runs and holds nothing.
     */
    static Duration requestedHold(PrivilegedRootTask t) {
        var spec = t.getSpec();
        if (spec == null
                || spec.type != TaskType.AllowPasswordRecovery
                || spec.bucketName != null
                || spec.queue != null
                || spec.duration == null
                || spec.duration.isBlank()) {
            return null;
        }
        try {
            Duration d = Durations.parse(spec.duration);
            return d.isZero() || d.compareTo(MAX_REQUESTED_HOLD) > 0 ? null : d;
        } catch (IllegalArgumentException e) {
            return null;
        }
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
