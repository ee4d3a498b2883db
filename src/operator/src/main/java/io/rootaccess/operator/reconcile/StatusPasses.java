package io.rootaccess.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rootaccess.operator.status.StatusPatch;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The frame of a pass, the same for every kind: a resource seen for the first time publishes its
 * pending status before any AWS call; later passes patch status only when it changed and come back
 * when the pass says; an unexpected error is written on the resource and retried, and never given
 * up on.
 */
public final class StatusPasses {
    /** The pass right after the first status is persisted. */
    public static final Duration FIRST_PASS = Duration.ofMillis(1);

    private StatusPasses() {}

    /**
     * @param pass one pass over a resource with a status; returns when to come back (null: only on
     *     a change)
     */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> run(
            R resource,
            Supplier<S> fresh,
            BiConsumer<S, Long> pending,
            Function<R, Duration> pass) {
        JsonNode before = StatusPatch.snapshot(resource.getStatus());
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
            pending.accept(resource.getStatus(), resource.getMetadata().getGeneration());
            return UpdateControl.patchStatus(resource).rescheduleAfter(FIRST_PASS);
        }
        return patchAndReschedule(resource, before, pass.apply(resource));
    }

    /**
     * A pass without a pending status of its own: a new resource's first status comes from its
     * first pass.
     */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> run(
            R resource, Supplier<S> fresh, Function<R, Duration> pass) {
        JsonNode before = StatusPatch.snapshot(resource.getStatus());
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
        }
        return patchAndReschedule(resource, before, pass.apply(resource));
    }

    private static <R extends CustomResource<?, ?>> UpdateControl<R> patchAndReschedule(
            R resource, JsonNode before, Duration next) {
        UpdateControl<R> control = StatusPatch.patchIfChanged(resource, before);
        return next == null ? control : control.rescheduleAfter(next);
    }

    /**
     * Unexpected errors (the Kubernetes API, a bug): the reporter writes the condition; JOSDK's
     * retry runs, and once it is exhausted the resource is rescheduled with the back-off instead of
     * being left alone.
     */
    public static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> error(
            R resource,
            Context<R> context,
            Exception e,
            Supplier<S> fresh,
            BiConsumer<S, Long> reporter,
            RetryBackoff backoff) {
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
        }
        reporter.accept(resource.getStatus(), resource.getMetadata().getGeneration());
        ErrorStatusUpdateControl<R> control = ErrorStatusUpdateControl.patchStatus(resource);
        boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        return lastAttempt
                ? control.withNoRetry().rescheduleAfter(backoff.failed(RetryBackoff.key(resource)))
                : control;
    }
}
