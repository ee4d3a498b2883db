package io.rootaccess.operator.account;

import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.holds.BreakGlassHold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How long an account has been held without a break: each break-glass hold is bounded ({@link
 * BreakGlassHold}), but a new AllowPasswordRecovery task every day keeps the account held forever.
 * The holds of the account's tasks that overlap or follow each other within {@link #GAP} form one
 * chain; its start is when the account was last free to be remediated. A chain longer than {@code
 * rootaccess.break-glass-prolonged-hold} (default 7d) is reported (OnHold reason HoldProlonged, a
 * Warning Event, the metric rootaccess_accounts_hold_prolonged). Only tasks still in the cluster
 * count: deleting old tasks shortens the chain seen.
 */
final class HoldChain {
    /** Holds closer than this count as one: too short a break for a remediation to be expected. */
    static final Duration GAP = Duration.ofHours(1);

    static final Duration DEFAULT_PROLONGED = Duration.ofDays(7);

    private HoldChain() {}

    private record Span(Instant start, Instant end) {}

    /** The start of the chain of holds that covers now; empty when the account is not held. */
    static Optional<Instant> since(
            Collection<PrivilegedRootTask> tasks, String namespace, String accountId, Instant now) {
        List<Span> spans = new ArrayList<>();
        Duration cap = BreakGlassHold.maxHold();
        for (PrivilegedRootTask t : tasks) {
            if (!BreakGlassHold.holds(t, namespace, accountId)) {
                continue;
            }
            Instant end = BreakGlassHold.end(t, cap);
            Instant start = parse(t.getMetadata().getCreationTimestamp());
            if (start == null) {
                start = parse(t.getStatus().startTime);
            }
            if (end != null && start != null && !start.isAfter(now)) {
                spans.add(new Span(start, end));
            }
        }
        Instant since = null;
        for (Span s : spans) {
            if (s.end().isAfter(now) && (since == null || s.start().isBefore(since))) {
                since = s.start();
            }
        }
        if (since == null) {
            return Optional.empty();
        }
        boolean extended = true;
        while (extended) {
            extended = false;
            for (Span s : spans) {
                if (s.start().isBefore(since) && !s.end().plus(GAP).isBefore(since)) {
                    since = s.start();
                    extended = true;
                }
            }
        }
        return Optional.of(since);
    }

    /** The start of a chain of holds that has lasted longer than {@link #prolongedAfter()}. */
    static Optional<Instant> prolonged(
            Collection<PrivilegedRootTask> tasks, String namespace, String accountId, Instant now) {
        Duration limit = prolongedAfter();
        return since(tasks, namespace, accountId, now)
                .filter(s -> Duration.between(s, now).compareTo(limit) > 0);
    }

    /** rootaccess.break-glass-prolonged-hold, default 7d. */
    static Duration prolongedAfter() {
        try {
            return ConfigProvider.getConfig()
                    .getOptionalValue("rootaccess.break-glass-prolonged-hold", Duration.class)
                    .filter(d -> !d.isNegative() && !d.isZero())
                    .orElse(DEFAULT_PROLONGED);
        } catch (RuntimeException e) {
            return DEFAULT_PROLONGED;
        }
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
