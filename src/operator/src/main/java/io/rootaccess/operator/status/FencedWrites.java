package io.rootaccess.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.dependent.RecentOperationCacheFiller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Writes that carry the resourceVersion of the copy they were computed from, so a copy that lags
 * behind the API server (an informer that has not delivered the last write yet) can never be merged
 * into a newer object: the server answers 409 and the caller computes again from a fresh copy.
 *
 * <p>Every write is one request, as the unfenced JSON patch it replaces was. A successful write is
 * handed to the informer it concerns ({@link RecentOperationCacheFiller}, JOSDK's temporary cache),
 * so the next pass reads what was written instead of the copy from before it, and the event of the
 * write itself wakes nobody. A 409 costs one GET: the fresh copy goes to the same cache.
 *
 * <p>Server-side apply would fence as well, but the Fabric8 mock API server answers 415 to it, so
 * the tests could not run what production runs.
 */
public final class FencedWrites {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How a fenced write ended. */
    public enum Outcome {
        /** The server took it. */
        WRITTEN,
        /**
         * The copy was stale and the fresh one differs in what the write was computed from: nothing
         * written, compute again (the fresh copy is in the cache).
         */
        STALE,
        /** The object is gone: nothing to write. */
        GONE
    }

    private FencedWrites() {}

    /**
     * Writes the resource's status (the status subresource, whole) with the resourceVersion the
     * pass read. On a 409 the resource is read again: when its generation, labels, annotations and
     * status are what the pass started from ({@code statusBefore}, a {@link StatusPatch#snapshot};
     * null when unknown), only something the pass does not read changed (a finalizer, owner
     * references, an annotation the pass wrote itself and has in its copy) and the status is
     * written once more on the fresh version; otherwise nothing is written.
     *
     * @param cache the informer of this kind (null when there is none, e.g. a reconciler called
     *     directly)
     */
    public static <R extends HasMetadata> Outcome status(
            KubernetesClient client,
            R resource,
            JsonNode statusBefore,
            RecentOperationCacheFiller<R> cache) {
        return write(
                client,
                resource,
                cache,
                fresh -> sameMetadata(fresh, resource) && sameStatus(statusBefore, fresh),
                r -> patchStatus(client, r));
    }

    /**
     * One JSON patch that sets metadata.resourceVersion (a precondition: a stale one is answered
     * 409) and replaces the whole status, so nothing in it depends on the list indexes of a base.
     * Not a PUT of the status subresource: the Fabric8 mock API server does not check the
     * resourceVersion of those, and the tests must see the conflicts production sees.
     */
    private static <R extends HasMetadata> R patchStatus(KubernetesClient client, R resource) {
        ArrayNode ops = MAPPER.createArrayNode();
        ops.addObject()
                .put("op", "replace")
                .put("path", "/metadata/resourceVersion")
                .put("value", resource.getMetadata().getResourceVersion());
        ops.addObject()
                .put("op", "add") // replaces an existing status, creates an absent one
                .put("path", "/status")
                .set(
                        "value",
                        client.getKubernetesSerialization()
                                .convertValue(statusOf(resource), JsonNode.class));
        return client.resource(resource)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), ops.toString());
    }

    /**
     * Replaces the object (PUT; status is a subresource and is not touched) with {@code change}
     * applied to the copy the caller read, fenced by that copy's resourceVersion. On a 409 nothing
     * is written: the caller computes again from the fresh copy, which is then in the cache.
     */
    public static <R extends HasMetadata> Outcome update(
            KubernetesClient client,
            R read,
            UnaryOperator<R> change,
            RecentOperationCacheFiller<R> cache) {
        R changed = change.apply(client.getKubernetesSerialization().clone(read));
        changed.getMetadata().setResourceVersion(read.getMetadata().getResourceVersion());
        return write(client, changed, cache, fresh -> false, r -> client.resource(r).update());
    }

    private static <R extends HasMetadata> Outcome write(
            KubernetesClient client,
            R resource,
            RecentOperationCacheFiller<R> cache,
            Predicate<R> stillCurrent,
            Function<R, R> put) {
        String readVersion = resource.getMetadata().getResourceVersion();
        Outcome first = attempt(cache, resource, readVersion, put);
        if (first != Outcome.STALE) {
            return first;
        }
        R fresh = client.resource(resource).get();
        if (fresh == null) {
            return Outcome.GONE;
        }
        if (!stillCurrent.test(fresh)) {
            remember(cache, fresh, readVersion);
            return Outcome.STALE;
        }
        String freshVersion = fresh.getMetadata().getResourceVersion();
        resource.getMetadata().setResourceVersion(freshVersion);
        try {
            return attempt(cache, resource, freshVersion, put); // a 409 again: the next pass
        } finally {
            resource.getMetadata().setResourceVersion(readVersion);
        }
    }

    /** One request: WRITTEN, STALE on a 409, GONE on a 404; anything else is thrown. */
    private static <R extends HasMetadata> Outcome attempt(
            RecentOperationCacheFiller<R> cache, R resource, String base, Function<R, R> put) {
        try {
            remember(cache, put.apply(resource), base);
            return Outcome.WRITTEN;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Outcome.GONE;
            }
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return Outcome.STALE;
            }
            throw e;
        }
    }

    /**
     * The informer may still hold the version the write replaced: the cache then serves the written
     * one until the informer's own event arrives (JOSDK keeps it only in that case, and it reads
     * nothing of the replaced version but its resourceVersion).
     */
    private static <R extends HasMetadata> void remember(
            RecentOperationCacheFiller<R> cache, R written, String replacedVersion) {
        if (cache == null || written == null) {
            return;
        }
        cache.handleRecentResourceUpdate(
                ResourceID.fromResource(written), written, versionOnly(written, replacedVersion));
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> R versionOnly(R resource, String version) {
        try {
            R previous = (R) resource.getClass().getDeclaredConstructor().newInstance();
            previous.setMetadata(
                    new ObjectMetaBuilder()
                            .withName(resource.getMetadata().getName())
                            .withNamespace(resource.getMetadata().getNamespace())
                            .withResourceVersion(version)
                            .build());
            return previous;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object statusOf(HasMetadata resource) {
        return resource instanceof CustomResource<?, ?> cr ? cr.getStatus() : null;
    }

    private static boolean sameMetadata(HasMetadata fresh, HasMetadata read) {
        var a = fresh.getMetadata();
        var b = read.getMetadata();
        return Objects.equals(a.getGeneration(), b.getGeneration())
                && Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                && Objects.equals(orEmpty(a.getLabels()), orEmpty(b.getLabels()))
                && Objects.equals(orEmpty(a.getAnnotations()), orEmpty(b.getAnnotations()));
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    /**
     * The fresh copy's status is the one the pass started from ({@link StatusPatch#snapshot}); a
     * pass that does not know it (null) never assumes so.
     */
    private static boolean sameStatus(JsonNode before, HasMetadata fresh) {
        if (before == null) {
            return false;
        }
        JsonNode now = MAPPER.valueToTree(fresh).path("status");
        return before.isNull() ? now.isNull() || now.isMissingNode() : before.equals(now);
    }
}
