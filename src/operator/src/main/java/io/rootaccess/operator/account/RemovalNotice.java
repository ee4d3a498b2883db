package io.rootaccess.operator.account;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Owners warned first (spec.notice): before the first destructive change in an account the operator
 * records when it started the notice, shows status.scheduledAt = start + notice, and changes
 * nothing until then; the annotation {@value #HOLD_ANNOTATION}: "true" cancels.
 *
 * <p>Fail closed: the start lives in an annotation the operator writes ({@value
 * #STARTED_ANNOTATION}), never in status, so editing status neither shortens nor extends a notice.
 * A missing or unreadable start restarts the notice from now (later, never earlier); a start in the
 * future only delays. A cancel removes the start, so lifting it begins a full notice again. Once a
 * notice has been served the start stays: later drift is removed at once.
 */
final class RemovalNotice {
    /** When the operator first found the account non-compliant under a notice (RFC 3339). */
    static final String STARTED_ANNOTATION = ApiGroup.GROUP + "/notice-started-at";

    /** Set to "true" by a person on a MemberAccountRootState: no destructive change, ever. */
    static final String HOLD_ANNOTATION = ApiGroup.GROUP + "/hold-removal";

    private RemovalNotice() {}

    /** Null when the spec's notice is valid or unset; otherwise the problem, for InvalidSpec. */
    static String problem(MemberAccountRootStateSpec spec) {
        try {
            notice(spec);
            return null;
        } catch (IllegalArgumentException e) {
            return "spec.notice: " + e.getMessage();
        }
    }

    /** The notice; empty when unset or zero. Throws on an invalid duration (see problem()). */
    static Optional<Duration> notice(MemberAccountRootStateSpec spec) {
        if (spec == null || spec.notice == null || spec.notice.isBlank()) {
            return Optional.empty();
        }
        Duration d = Durations.parse(spec.notice);
        return d.isZero() ? Optional.empty() : Optional.of(d);
    }

    /** Whether a person has cancelled removal on this account. */
    static boolean cancelled(MemberAccountRootState resource) {
        String v = annotation(resource, HOLD_ANNOTATION);
        return v != null && v.trim().equalsIgnoreCase("true");
    }

    /** The recorded start; empty when absent or unreadable (the notice then starts anew). */
    static Optional<Instant> start(MemberAccountRootState resource) {
        String v = annotation(resource, STARTED_ANNOTATION);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v.trim()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the notice (or a cancel) decides this account's removals at all. */
    static boolean governs(MemberAccountRootState resource, DesiredRootState desired) {
        return desired.state() == RootCredentialsState.Absent
                && (notice(resource.getSpec()).isPresent() || cancelled(resource));
    }

    /**
     * Before any AWS call: true while the notice (or a cancel) still holds back destructive changes
     * in Enforce mode, so the pass audits in the audit session instead of opening the delete
     * session.
     */
    static boolean holdsBack(
            MemberAccountRootState resource, DesiredRootState desired, Instant now) {
        if (desired.mode() != Mode.Enforce || !governs(resource, desired)) {
            return false;
        }
        if (cancelled(resource)) {
            return true;
        }
        Optional<Instant> start = start(resource);
        return start.isEmpty()
                || now.isBefore(start.get().plus(notice(resource.getSpec()).orElseThrow()));
    }

    /**
     * Part of the desired-state hash: a notice or a cancel changes what a pass does. Null without
     * either, so resources without a notice keep their hash. (The start is not part of it: an
     * edited start is read at the next audit, which a Scheduled account has at scheduledAt.)
     */
    static String key(MemberAccountRootState resource) {
        boolean cancelled = cancelled(resource);
        String notice = resource.getSpec() == null ? null : resource.getSpec().notice;
        if (!cancelled && (notice == null || notice.isBlank())) {
            return null;
        }
        return "notice=" + notice + ";cancelled=" + cancelled;
    }

    /** When the removal would happen if the notice started now (DryRun, or not started yet). */
    static Optional<Instant> scheduledAt(MemberAccountRootState resource, Instant now) {
        return notice(resource.getSpec()).map(n -> start(resource).orElse(now).plus(n));
    }

    /** Records the start on the resource (and in the local copy, for the rest of the pass). */
    static void record(KubernetesClient client, MemberAccountRootState resource, Instant start) {
        annotate(client, resource, STARTED_ANNOTATION, start.toString());
    }

    /** A cancel forgets the start: lifting it begins a full notice again. */
    static void forget(KubernetesClient client, MemberAccountRootState resource) {
        if (annotation(resource, STARTED_ANNOTATION) != null) {
            annotate(client, resource, STARTED_ANNOTATION, null);
        }
    }

    private static void annotate(
            KubernetesClient client, MemberAccountRootState resource, String key, String value) {
        var meta = resource.getMetadata();
        // JSON merge patch of one annotation: no resourceVersion, so it never races the status
        // patch of this pass; null removes it
        String json =
                "{\"metadata\":{\"annotations\":{\""
                        + key
                        + "\":"
                        + (value == null ? "null" : "\"" + value + "\"")
                        + "}}}";
        if (client != null) {
            client.resources(MemberAccountRootState.class)
                    .inNamespace(meta.getNamespace())
                    .withName(meta.getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), json);
        }
        Map<String, String> annotations =
                meta.getAnnotations() == null
                        ? new HashMap<>()
                        : new HashMap<>(meta.getAnnotations());
        if (value == null) {
            annotations.remove(key);
        } else {
            annotations.put(key, value);
        }
        meta.setAnnotations(annotations);
    }

    private static String annotation(MemberAccountRootState resource, String key) {
        Map<String, String> a = resource.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }
}
