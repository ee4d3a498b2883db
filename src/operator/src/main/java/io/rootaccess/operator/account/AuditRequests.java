package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.holds.AccountStateIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * "Audit this account now", asked from outside the account's own schedule (the management account's
 * events): the next pass of the account's MemberAccountRootStates audits even when its periodic
 * audit is not due, and the request is answered once an audit that started after it has completed.
 * In memory only: the asker (the event consumer) keeps its SQS message until then, so a restart
 * loses nothing (the message comes back and asks again).
 */
@ApplicationScoped
public class AuditRequests {
    private static final Logger LOG = Logger.getLogger(AuditRequests.class);

    private final Clock clock;
    private final AccountStateIndex index;
    private final SimpleInboundEventSource<MemberAccountRootState> wakeUps =
            new SimpleInboundEventSource<>("audit-requests");

    /**
     * Open requests per account id, answered by the first audit starting at or after {@code at}.
     */
    private final Map<String, List<Request>> open = new ConcurrentHashMap<>();

    private record Request(Instant at, CompletableFuture<Instant> done) {}

    @Inject
    public AuditRequests(Clock clock, AccountStateIndex index) {
        this.clock = clock;
        this.index = index;
    }

    /** The event source the account controller registers, through which requests wake it up. */
    SimpleInboundEventSource<MemberAccountRootState> eventSource() {
        return wakeUps;
    }

    /**
     * Asks for an audit of the account starting from now; completes with the audit's end time, or
     * at once (with null) when no MemberAccountRootState manages the account (nothing to audit: an
     * account selected later is audited when its resource is created).
     */
    public CompletableFuture<Instant> request(String accountId) {
        List<MemberAccountRootState> states = index.managing(accountId);
        if (states.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Request r = new Request(clock.instant(), new CompletableFuture<>());
        open.compute(
                accountId,
                (k, list) -> {
                    List<Request> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
                    l.add(r);
                    return l;
                });
        for (MemberAccountRootState s : states) {
            wakeUps.propagateEvent(ResourceID.fromResource(s));
        }
        LOG.debugf("account %s: audit requested", accountId);
        return r.done();
    }

    /** Every account audited now, without waiting for the answers (a switch turned off and on). */
    public void requestAll(List<String> accountIds) {
        accountIds.forEach(this::request);
    }

    /** Whether the account's next pass must audit, whatever its schedule says. */
    boolean pending(String accountId) {
        List<Request> l = open.get(accountId);
        return l != null && !l.isEmpty();
    }

    /** An audit that started at {@code startedAt} completed: it answers the requests before it. */
    void audited(String accountId, Instant startedAt) {
        List<Request> answered = new ArrayList<>();
        open.computeIfPresent(
                accountId,
                (k, list) -> {
                    List<Request> left = new ArrayList<>();
                    for (Request r : list) {
                        (r.at().isAfter(startedAt) ? left : answered).add(r);
                    }
                    return left.isEmpty() ? null : left;
                });
        Instant now = clock.instant();
        answered.forEach(r -> r.done().complete(now));
    }
}
