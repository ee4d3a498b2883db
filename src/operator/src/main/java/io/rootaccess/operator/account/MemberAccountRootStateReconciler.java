package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.scp.ScpPreflight;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.holds.AccountStateIndex;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.holds.WatchedPolicies;
import io.rootaccess.operator.notice.RemovalRecords;
import io.rootaccess.operator.reconcile.RetryBackoff;
import io.rootaccess.operator.reconcile.StatusPasses;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Converges one member account's root user to its MemberAccountRootState: observe and validate
 * (spec, the account in the cached organization, a break-glass hold), then audit -> plan -> act ->
 * verify -> report, through sts:AssumeRoot sessions only.
 *
 * <p>Cost model: the organization comes from {@link OrganizationCache}, never from AWS per account;
 * a pass whose desired state (spec + hold) hash equals status.convergedSpecHash and whose audit is
 * not due makes no AWS call at all; a due audit of a compliant account makes one GetAccountSummary
 * in a reused audit session (plus AssumeRoot when the session had to be renewed).
 *
 * <p>Errors end in a status a person can act on: AccessDenied -> Blocked with the SCP and fix,
 * feature not enabled -> Stalled naming the switch, retryable kinds -> Reconciling with back-off.
 */
public class MemberAccountRootStateReconciler implements Reconciler<MemberAccountRootState> {

    /** First back-off after a failed pass; it doubles up to {@link RetryBackoff#MAX}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private static final Supplier<MemberAccountRootStateStatus> FRESH =
            MemberAccountRootStateStatus::new;

    private final Clock clock;
    private final AccountStatusFactory status;
    private final PassChecks checks;
    private final AccountEligibility eligibility;
    private final AccountConvergence convergence;
    private final MutationFence fence;
    private final AccountAwsErrors errors;
    private final AccountStateIndex index;
    private final AccountEvents events;
    private final RemovalRecords removalRecords;
    private final AuditRequests auditRequests;
    private final AuditCadence cadence;

    /** Consecutive failures and deferrals per resource. */
    private final RetryBackoff backoff;

    private final AccountInformers informers = new AccountInformers();
    private final WatchedPolicies watchedPolicies;

    @Inject
    public MemberAccountRootStateReconciler(
            OrganizationCache organization,
            OrganizationFeatures features,
            DenialExplainer denials,
            RootSessions sessions,
            RootCredentials credentials,
            OperatorConfig config,
            AccountStateIndex index,
            AuditRequests auditRequests,
            OrganizationGuard guard, // with another organization in view nothing is called
            RemovalRecords removalRecords, // cancels and notice starts, keyed by account id
            ScpPreflight scpPreflight, // the plan against the SCPs on the account's path
            ProtectedAccounts protectedAccounts, // refused before any AWS call
            WatchedPolicies watchedPolicies, // shares the policy informer with the tasks
            Clock clock) { // the OperatorClock bean (a test profile moves it with the sandbox)
        this.watchedPolicies = watchedPolicies;
        this.index = index;
        this.removalRecords = removalRecords;
        this.auditRequests = auditRequests;
        this.cadence =
                AuditCadence.of(
                        config.events().queueUrl().isPresent(),
                        config.events().compliantAuditInterval());
        this.clock = clock;
        this.status = new AccountStatusFactory(clock);
        this.checks = new PassChecks(guard, status, config.auditInterval());
        this.eligibility =
                new AccountEligibility(
                        organization,
                        config.organizationRefreshInterval(),
                        status,
                        clock,
                        guard,
                        protectedAccounts);
        this.events = new AccountEvents(clock);
        this.backoff = new RetryBackoff(FIRST_BACKOFF, clock);
        this.convergence =
                new AccountConvergence(
                        sessions,
                        new RootAuditor(credentials),
                        new Remediator(credentials, clock),
                        status,
                        events,
                        backoff,
                        removalRecords,
                        cadence,
                        new PlanPreflight(scpPreflight, clock),
                        clock);
        this.fence = new MutationFence(clock);
        Duration recheck = config.featureRecheckInterval(); // a switch may be coming on
        this.errors = new AccountAwsErrors(features, denials, status, events, backoff, recheck);
    }

    /** The recovery tasks (holds) and the owning policies (the generation fence). */
    @Override
    public List<EventSource<?, MemberAccountRootState>> prepareEventSources(
            EventSourceContext<MemberAccountRootState> context) {
        var sources = new ArrayList<>(informers.create(context, index, watchedPolicies));
        sources.add(auditRequests.eventSource()); // audits asked for by events
        return sources;
    }

    @Override
    public UpdateControl<MemberAccountRootState> reconcile(
            MemberAccountRootState account, Context<MemberAccountRootState> ctx) {
        // the first pass publishes Ready=False / Pending before the first (possibly slow) AWS pass
        return StatusPasses.run(account, ctx, FRESH, status::pending, a -> pass(a, ctx));
    }

    /** One pass; returns when to come back (null: only on the next spec change). */
    private Duration pass(
            MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String key = RetryBackoff.key(resource);
        PassChecks.Outcome checked = checks.check(resource, context.getPrimaryCache().list());
        if (checked instanceof PassChecks.Stop stop) {
            return stop.requeue();
        }
        DesiredRootState desired = ((PassChecks.Proceed) checked).desired();
        try {
            Optional<Duration> refused = eligibility.refusal(st, gen, desired);
            if (refused.isPresent()) {
                backoff.reset(key);
                return refused.get();
            }
            Instant now = clock.instant();
            Optional<BreakGlassHold> hold =
                    BreakGlassHold.find(
                            informers.holdsFor(resource),
                            resource.getMetadata().getNamespace(),
                            desired.accountId(),
                            now);
            String holdKey = hold.map(BreakGlassHold::key).orElse(null);
            String noticeKey = RemovalNotice.read(removalRecords, resource).key();
            String hash = desired.hash(noticeKey == null ? holdKey : holdKey + "|" + noticeKey);
            // an audit asked for from outside (the management account's events) is due now
            boolean requested = auditRequests.pending(desired.accountId());
            // a compliant account with an event source is audited on the longer cadence
            Duration interval = cadence.interval(st.phase, resource.getSpec(), desired);
            Optional<Duration> untilDue =
                    requested
                            ? Optional.empty()
                            : AuditSchedule.untilNextAudit(st, gen, hash, interval, now);
            if (untilDue.isPresent()) {
                return untilDue.get(); // nothing changed and no audit due: no AWS call
            }
            // Only remediation of a released account is foreground work; the rest uses spare AWS
            // capacity, reserved before any call, and gives its thread back at once when there is
            // none (see CallPriority).
            boolean background =
                    !desired.enforcing()
                            || desired.state() == RootCredentialsState.Audit
                            || (AuditSchedule.routineReaudit(st, gen, hash) && !requested);
            CallPriority priority = background ? CallPriority.BACKGROUND : CallPriority.FOREGROUND;
            Remediator.MutationCheck check = next -> mutationRefusal(resource, context);
            Reservation reserved = convergence.reserve(desired.accountId(), priority);
            if (!(reserved instanceof Reservation.Granted grant)) {
                // deferred past twice the interval: the last audit no longer counts as current
                if (st.phase == AccountPhase.Compliant
                        && AuditSchedule.overdue(st, interval, now)) {
                    status.auditOverdue(st, gen, interval);
                }
                // no spare capacity for a background pass: not a failure, no status write
                return backoff.deferred(key);
            }
            Duration next =
                    convergence.converge(resource, context, desired, hold, hash, now, grant, check);
            if (hold.isPresent()) {
                reportProlongedHold(resource, context, now);
            }
            backoff.reset(key);
            auditRequests.audited(desired.accountId(), now);
            return next;
        } catch (AwsException e) {
            return errors.handle(resource, context, desired, e);
        }
    }

    /**
     * Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run.
     */
    @Override
    public ErrorStatusUpdateControl<MemberAccountRootState> updateErrorStatus(
            MemberAccountRootState account, Context<MemberAccountRootState> ctx, Exception e) {
        return StatusPasses.error(account, ctx, e, FRESH, status::unexpected, backoff);
    }

    /** Holds that follow each other without end raise a signal (see {@link HoldChain}). */
    private void reportProlongedHold(
            MemberAccountRootState resource, Context<MemberAccountRootState> context, Instant now) {
        String ns = resource.getMetadata().getNamespace();
        String accountId = resource.getSpec().accountId;
        HoldChain.prolonged(informers.holdsFor(resource), ns, accountId, now)
                .ifPresent(
                        since -> {
                            Long gen = resource.getMetadata().getGeneration();
                            status.holdProlonged(
                                    resource.getStatus(), gen, since, HoldChain.prolongedAfter());
                            events.holdProlonged(context.getClient(), resource, since);
                        });
    }

    /** The generation fence and the hold, read from the informer caches right now. */
    private Optional<String> mutationRefusal(
            MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        String ns = resource.getMetadata().getNamespace();
        return fence.refusal(
                resource,
                context.getPrimaryCache().get(ResourceID.fromResource(resource)),
                () -> informers.holdsFor(resource),
                name -> informers.policy(ns, name));
    }
}
