package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.OwnRootSessions;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.ProtectedAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;

/**
 * sts:AssumeRoot with reuse: one session per (account, task policy), handed out while it has more
 * than rootaccess.aws.session-renew-before of life left. Concurrent opens of one key wait for a
 * single AssumeRoot call. Every AssumeRoot is a GuardDuty finding and a CloudTrail event, so reuse
 * matters.
 */
@ApplicationScoped
public class SdkRootSessions implements RootSessions {
    private static final Logger LOG = Logger.getLogger(SdkRootSessions.class);

    private record Key(String accountId, TaskPolicy taskPolicy) {}

    private final AwsClients clients;
    private final AwsCalls calls;
    private final Clock clock;
    private final int durationSeconds;
    private final Duration renewBefore;
    private final ConcurrentMap<Key, RootSession> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, Object> locks = new ConcurrentHashMap<>();
    private OwnRootSessions own = new OwnRootSessions();

    /**
     * The last fence for rootaccess.protected-accounts: the reconcilers refuse such accounts before
     * they get here; should one ever slip through, no AssumeRoot is called for it.
     */
    private ProtectedAccounts protectedAccounts = ProtectedAccounts.none();

    @Inject
    public SdkRootSessions(
            AwsClients clients,
            AwsCalls calls,
            OperatorConfig config,
            OwnRootSessions own,
            Clock clock,
            ProtectedAccounts protectedAccounts) {
        this(
                clients,
                calls,
                clock,
                config.aws().sessionDurationSeconds(),
                config.aws().sessionRenewBefore());
        this.own = own;
        this.protectedAccounts = protectedAccounts;
    }

    public SdkRootSessions(
            AwsClients clients,
            AwsCalls calls,
            Clock clock,
            int durationSeconds,
            Duration renewBefore) {
        this.clients = clients;
        this.calls = calls;
        this.clock = clock;
        this.durationSeconds = durationSeconds;
        this.renewBefore = renewBefore;
    }

    /**
     * Drops every cached session: for when the sessions' issuer is not the one behind the endpoint
     * any more (tests that replace the sandbox under a running operator). Opens after this call
     * AssumeRoot again.
     */
    public void forgetAll() {
        sessions.clear();
    }

    /**
     * A pass's first calls: AssumeRoot (given back when the session is reused) and one IAM call.
     */
    @Override
    public Reservation reserve(CallPriority priority) {
        return calls.reserve(priority, ApiFamily.STS_ASSUME_ROOT, ApiFamily.IAM_ROOT);
    }

    @Override
    public RootSession open(String accountId, TaskPolicy taskPolicy, Reservation.Granted grant) {
        if (protectedAccounts.contains(accountId)) {
            throw new IllegalStateException(
                    ProtectedAccounts.why(accountId) + ": refused to open a root session");
        }
        Key key = new Key(accountId, taskPolicy);
        RootSession cached = sessions.get(key);
        if (usable(cached)) {
            return cached.under(grant);
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            cached = sessions.get(key);
            if (usable(cached)) {
                return cached.under(grant);
            }
            RootSession fresh = assumeRoot(accountId, taskPolicy, grant);
            sessions.put(key, fresh);
            // Forget sessions nobody renewed (removed accounts, finished tasks) so the cache stays
            // bounded.
            Instant now = clock.instant();
            sessions.values().removeIf(s -> !s.expiration().isAfter(now));
            return fresh.under(grant);
        }
    }

    @Override
    public void invalidate(RootSession session) {
        if (session != null) {
            // callers hold priority views of the cached session: compare the credentials, not the
            // object
            sessions.computeIfPresent(
                    new Key(session.accountId(), session.taskPolicy()),
                    (k, cached) ->
                            cached.accessKeyId().equals(session.accessKeyId()) ? null : cached);
        }
    }

    private boolean usable(RootSession session) {
        return session != null && session.expiration().minus(renewBefore).isAfter(clock.instant());
    }

    private RootSession assumeRoot(
            String accountId, TaskPolicy taskPolicy, Reservation.Granted grant) {
        AssumeRootResponse response =
                calls.call(
                        ApiFamily.STS_ASSUME_ROOT,
                        "sts:AssumeRoot",
                        grant,
                        () ->
                                clients.sts()
                                        .assumeRoot(
                                                r ->
                                                        r.targetPrincipal(accountId)
                                                                .taskPolicyArn(
                                                                        p ->
                                                                                p.arn(
                                                                                        taskPolicy
                                                                                                .arn()))
                                                                .durationSeconds(durationSeconds)));
        var c = response.credentials();
        own.opened(c.accessKeyId()); // before anyone can use it: its events must find it known
        RootSession session =
                new RootSession(
                        accountId,
                        taskPolicy,
                        AwsSessionCredentials.create(
                                c.accessKeyId(), c.secretAccessKey(), c.sessionToken()),
                        c.expiration());
        calls.observer().rootSessionOpened(taskPolicy);
        LOG.debugf("opened %s", session);
        return session;
    }
}
