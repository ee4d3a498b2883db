package io.rootaccess.operator.events;

import io.rootaccess.operator.account.AuditRequests;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.holds.AccountStateIndex;
import io.rootaccess.operator.policy.PolicyRechecks;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The reactions of the running operator: audits through {@link AuditRequests} (the account
 * controller's next pass audits whatever its schedule says), policy passes through {@link
 * PolicyRechecks}, and an organization re-read through {@link OrganizationCache#refresh()}.
 */
@ApplicationScoped
public class OperatorReactions implements Reactions {
    private static final Logger LOG = Logger.getLogger(OperatorReactions.class);

    private final AuditRequests audits;
    private final AccountStateIndex accounts;
    private final PolicyRechecks policies;
    private final OrganizationCache organization;
    private final Clock clock;
    private final ScheduledExecutorService later =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "events-later");
                        t.setDaemon(true);
                        return t;
                    });

    @Inject
    public OperatorReactions(
            AuditRequests audits,
            AccountStateIndex accounts,
            PolicyRechecks policies,
            OrganizationCache organization,
            Clock clock) {
        this.audits = audits;
        this.accounts = accounts;
        this.policies = policies;
        this.organization = organization;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Instant> recoveryAllowed(String accountId, Instant sessionExpiration) {
        CompletableFuture<Instant> first = audits.request(accountId);
        Instant now = clock.instant();
        if (sessionExpiration == null
                || !sessionExpiration.plus(EventLoop.AFTER_SESSION).isAfter(now)) {
            return first;
        }
        // the session may create the login profile at any moment until it expires: look again then
        long delay =
                Duration.between(now, sessionExpiration.plus(EventLoop.AFTER_SESSION)).toMillis();
        CompletableFuture<Instant> second = new CompletableFuture<>();
        later.schedule(
                () -> {
                    try {
                        audits.request(accountId)
                                .whenComplete(
                                        (t, e) -> {
                                            if (e != null) {
                                                second.completeExceptionally(e);
                                            } else {
                                                second.complete(t);
                                            }
                                        });
                    } catch (RuntimeException e) {
                        second.completeExceptionally(e);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
        return first.thenCombine(second, (a, b) -> a);
    }

    @Override
    public void switchChanged(String eventName) {
        policies.switchesChanged(clock.instant());
        if (eventName.equals("EnableOrganizationsRootCredentialsManagement")) {
            // while it was off, root users could recover their passwords by themselves
            LOG.info("RootCredentialsManagement switched on: every account is audited again");
            audits.requestAll(accounts.accountIds());
        }
    }

    @Override
    public void organizationChanged() {
        organization.refresh();
        policies.organizationChanged();
    }

    @PreDestroy
    void stop() {
        later.shutdownNow();
    }
}
