package io.rootaccess.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes conditions the way kstatus and Argo CD read them: every condition carries
 * observedGeneration, and lastTransitionTime only moves when the status value flips, so an
 * unchanged reconcile produces an identical status (and therefore no patch).
 */
public final class Conditions {
    private final Clock clock;

    public Conditions(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public void set(
            List<Condition> conditions,
            String type,
            boolean status,
            String reason,
            String message,
            Long generation) {
        set(
                conditions,
                type,
                status ? ConditionTypes.TRUE : ConditionTypes.FALSE,
                reason,
                message,
                generation);
    }

    public void set(
            List<Condition> conditions,
            String type,
            String status,
            String reason,
            String message,
            Long generation) {
        Optional<Condition> existing = find(conditions, type);
        Condition c = existing.orElseGet(Condition::new);
        if (existing.isEmpty() || !Objects.equals(c.getStatus(), status)) {
            c.setLastTransitionTime(now().toString());
        }
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message == null ? "" : message);
        c.setObservedGeneration(generation);
        if (existing.isEmpty()) {
            conditions.add(c);
        }
    }

    /** Ready=True, Reconciling=False, Stalled=False. */
    public void ready(List<Condition> conditions, String reason, String message, Long generation) {
        set(conditions, ConditionTypes.READY, true, reason, message, generation);
        set(conditions, ConditionTypes.RECONCILING, false, reason, message, generation);
        set(conditions, ConditionTypes.STALLED, false, reason, message, generation);
    }

    /**
     * Work under way (or retrying a transient error): Ready=False, Reconciling=True, Stalled=False.
     */
    public void reconciling(
            List<Condition> conditions, String reason, String message, Long generation) {
        set(conditions, ConditionTypes.READY, false, reason, message, generation);
        set(conditions, ConditionTypes.RECONCILING, true, reason, message, generation);
        set(conditions, ConditionTypes.STALLED, false, reason, message, generation);
    }

    /** Needs a person: Ready=False, Reconciling=False, Stalled=True. */
    public void stalled(
            List<Condition> conditions, String reason, String message, Long generation) {
        set(conditions, ConditionTypes.READY, false, reason, message, generation);
        set(conditions, ConditionTypes.RECONCILING, false, reason, message, generation);
        set(conditions, ConditionTypes.STALLED, true, reason, message, generation);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type)
                .map(c -> ConditionTypes.TRUE.equals(c.getStatus()))
                .orElse(false);
    }

    public static void remove(List<Condition> conditions, String type) {
        if (conditions != null) {
            conditions.removeIf(c -> type.equals(c.getType()));
        }
    }
}
