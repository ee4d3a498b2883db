package io.rootaccess.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import io.rootaccess.operator.status.FencedWrites;
import io.rootaccess.operator.status.StatusPatch;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The frame of a pass, the same for every kind: a resource seen for the first time publishes its
 * pending status before any AWS call; later passes write status only when it changed and come back
 * when the pass says; an unexpected error is written on the resource and retried, and never given
 * up on.
 *
 * <p>Status is written here, fenced by the resourceVersion of the copy the pass read ({@link
 * FencedWrites#status}), never by JOSDK: its patchStatus (without server-side apply) is a JSON
 * patch against the informer's copy with no version check, which lands on the wrong list element
 * when that copy lags behind. So every pass returns {@code noUpdate}; a write computed from a stale
 * copy is dropped and the pass runs again at once on the fresh copy.
 */
public final class StatusPasses {
    /** The pass right after the first status is persisted, or after a stale copy was refused. */
    public static final Duration FIRST_PASS = Duration.ofMillis(1);

    private StatusPasses() {}

    /** A status factory's outcome for an unexpected error ({@code status::unexpected}). */
    @FunctionalInterface
    public interface Reporter<S> {
        void report(S status, Long generation, Exception e);
    }

    /**
     * @param pass one pass over a resource with a status; returns when to come back (null: only on
     *     a change)
     */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> run(
            R resource,
            Context<R> context,
            Supplier<S> fresh,
            BiConsumer<S, Long> pending,
            Function<R, Duration> pass) {
        JsonNode before = StatusPatch.snapshot(resource.getStatus());
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
            pending.accept(resource.getStatus(), resource.getMetadata().getGeneration());
            return write(resource, context, before, FIRST_PASS);
        }
        return write(resource, context, before, pass.apply(resource));
    }

    /**
     * A pass without a pending status of its own: a new resource's first status comes from its
     * first pass.
     */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> run(
            R resource, Context<R> context, Supplier<S> fresh, Function<R, Duration> pass) {
        JsonNode before = StatusPatch.snapshot(resource.getStatus());
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
        }
        return write(resource, context, before, pass.apply(resource));
    }

    private static <R extends CustomResource<?, ?>> UpdateControl<R> write(
            R resource, Context<R> context, JsonNode before, Duration next) {
        UpdateControl<R> control = UpdateControl.noUpdate();
        if (StatusPatch.changed(before, resource.getStatus())) {
            switch (FencedWrites.status(
                    context.getClient(), resource, before, controllerSource(context))) {
                case WRITTEN -> {}
                case STALE -> {
                    return control.rescheduleAfter(FIRST_PASS); // again, on the fresh copy
                }
                case GONE -> {
                    return control;
                }
            }
        }
        return next == null ? control : control.rescheduleAfter(next);
    }

    /**
     * Unexpected errors (the Kubernetes API, a bug): the reporter writes the condition (fenced: on
     * a stale copy nothing is written, the retry reads a fresh one); JOSDK's retry runs, and once
     * it is exhausted the resource is rescheduled with the back-off instead of being left alone.
     */
    public static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> error(
            R resource,
            Context<R> context,
            Exception e,
            Supplier<S> fresh,
            Reporter<S> reporter,
            RetryBackoff backoff) {
        if (resource.getStatus() == null) {
            resource.setStatus(fresh.get());
        }
        reporter.report(resource.getStatus(), resource.getMetadata().getGeneration(), e);
        var source = controllerSource(context);
        var cached = source == null ? null : source.get(ResourceID.fromResource(resource));
        if (cached == null
                || cached.isEmpty()
                || StatusPatch.changed(
                        StatusPatch.snapshot(cached.get().getStatus()), resource.getStatus())) {
            // what the failed pass started from is unknown here: a stale copy is never written
            // over, the retry reads a fresh one
            FencedWrites.status(context.getClient(), resource, null, source);
        }
        ErrorStatusUpdateControl<R> control = ErrorStatusUpdateControl.noStatusUpdate();
        boolean lastAttempt = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
        return lastAttempt
                ? control.withNoRetry().rescheduleAfter(backoff.failed(RetryBackoff.key(resource)))
                : control;
    }

    /**
     * The informer of the reconciled kind: the copy an error is compared with, the cache a write is
     * handed to (none when a reconciler is called directly, outside a running controller).
     */
    private static <R extends CustomResource<?, ?>> ControllerEventSource<R> controllerSource(
            Context<R> context) {
        var sources = context.eventSourceRetriever();
        return sources == null ? null : sources.getControllerEventSource();
    }
}
