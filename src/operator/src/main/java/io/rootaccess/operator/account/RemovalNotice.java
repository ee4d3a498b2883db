package io.rootaccess.operator.account;

import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.notice.RemovalCancel;
import io.rootaccess.operator.notice.RemovalRecords;
import io.rootaccess.operator.status.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Owners warned first (spec.notice): before the first destructive change in an account the operator
 * records when it started the notice, shows status.scheduledAt = start + notice, and changes
 * nothing until then; a cancel (the account's key in the cancels ConfigMap, or the older annotation
 * {@value #HOLD_ANNOTATION}) stops it. One instance is what a pass read for one account.
 *
 * <p>Fail closed: the start and the cancel live on objects keyed by account id that the operator
 * never re-creates ({@link RemovalRecords}), never in status nor on the resource, so re-creating
 * the resource or editing status neither shortens, extends nor forgets a notice or a cancel. A
 * missing or unreadable start restarts the notice from now (later, never earlier); a start in the
 * future only delays; an unreadable cancel value cancels ({@link RemovalCancel}). A cancel removes
 * the start, so lifting it begins a full notice again. Once a notice has been served the start
 * stays: later drift is removed at once.
 */
final class RemovalNotice {
    /**
     * Where the start lived before the records: no longer read (a start a person could edit). An
     * upgrade restarts running notices from the first pass after it: later, never earlier.
     */
    static final String STARTED_ANNOTATION = ApiGroup.GROUP + "/notice-started-at";

    /** The older way to cancel, still read as a cancel (same values as the ConfigMap key). */
    static final String HOLD_ANNOTATION = ApiGroup.GROUP + "/hold-removal";

    /** For messages: how a person cancels. */
    static final String HOW_TO_CANCEL =
            "set the account id's key to \"true\" in the ConfigMap "
                    + RemovalRecords.CANCELS
                    + " of the operator's namespace";

    private final MemberAccountRootStateSpec spec;
    private final RemovalCancel cancel;
    private final Optional<Instant> start;

    RemovalNotice(MemberAccountRootStateSpec spec, RemovalCancel cancel, Optional<Instant> start) {
        this.spec = spec;
        this.cancel = cancel;
        this.start = start;
    }

    /** What the records say about the resource's account now. */
    static RemovalNotice read(RemovalRecords records, MemberAccountRootState resource) {
        String accountId = resource.getSpec().accountId;
        RemovalCancel cancel =
                RemovalCancel.read(
                        records.cancelValue(accountId),
                        records.cancelRef(accountId),
                        annotation(resource, HOLD_ANNOTATION),
                        HOLD_ANNOTATION);
        return new RemovalNotice(resource.getSpec(), cancel, records.noticeStart(accountId));
    }

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
    boolean cancelled() {
        return cancel.cancelled();
    }

    /** Who cancelled, and any unreadable value taken as a cancel (for status and events). */
    RemovalCancel cancel() {
        return cancel;
    }

    /** The recorded start; empty when absent or unreadable (the notice then starts anew). */
    Optional<Instant> start() {
        return start;
    }

    /** Whether the notice (or a cancel) decides this account's removals at all. */
    boolean governs(DesiredRootState desired) {
        return desired.state() == RootCredentialsState.Absent
                && (notice(spec).isPresent() || cancelled());
    }

    /**
     * Before any AWS call: true while the notice (or a cancel) still holds back destructive changes
     * in Enforce mode, so the pass audits in the audit session instead of opening the delete
     * session.
     */
    boolean holdsBack(DesiredRootState desired, Instant now) {
        if (desired.mode() != Mode.Enforce || !governs(desired)) {
            return false;
        }
        if (cancelled()) {
            return true;
        }
        return start.isEmpty() || now.isBefore(start.get().plus(notice(spec).orElseThrow()));
    }

    /**
     * Part of the desired-state hash: a notice or a cancel changes what a pass does. Null without
     * either, so resources without a notice keep their hash. (The start is not part of it: it is
     * read at the next audit, which a Scheduled account has at scheduledAt.)
     */
    String key() {
        String notice = spec == null ? null : spec.notice;
        if (!cancelled() && (notice == null || notice.isBlank())) {
            return null;
        }
        return "notice=" + notice + ";cancelled=" + cancel.key();
    }

    /** When the removal would happen if the notice started now (DryRun, or not started yet). */
    Optional<Instant> scheduledAt(Instant now) {
        return notice(spec).map(n -> start.orElse(now).plus(n));
    }

    private static String annotation(MemberAccountRootState resource, String key) {
        Map<String, String> a = resource.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }
}
