package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Deferral;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.reconcile.RetryBackoff;
import io.rootaccess.operator.reconcile.StatusPasses;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(MemberAccountRootStateReconciler.class);
    private static final String ACCOUNT_INDEX = "rootaccess.io/account-id";

    /** First back-off after a failed pass; it doubles up to {@link RetryBackoff#MAX}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final RootSessions sessions;
    private final OperatorConfig config;
    private final Clock clock;
    private final AccountStatusFactory status;
    private final AccountEligibility eligibility;
    private final RootAuditor auditor;
    private final Remediator remediator;
    private final AccountEvents events;
    private final AccountAwsErrors errors;
    private final AccountStateIndex index;
    private final AuditRequests auditRequests;
    private final AuditCadence cadence;

    /** Consecutive failures and deferrals per resource. */
    private final RetryBackoff backoff;

    private volatile InformerEventSource<PrivilegedRootTask, MemberAccountRootState> tasks;

    /**
     * Wrong-organization guard: with another organization in view nothing beyond reading it is
     * called.
     */
    private final OrganizationGuard guard;

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
            OrganizationGuard guard,
            Clock clock) { // the OperatorClock bean (a test profile moves it with the sandbox)
        this.index = index;
        this.auditRequests = auditRequests;
        this.cadence =
                AuditCadence.of(
                        config.events().queueUrl().isPresent(),
                        config.events().compliantAuditInterval());
        this.guard = guard;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.status = new AccountStatusFactory(clock);
        this.eligibility =
                new AccountEligibility(
                        organization, config.organizationRefreshInterval(), status, clock, guard);
        this.auditor = new RootAuditor(credentials);
        this.remediator = new Remediator(credentials, clock);
        this.events = new AccountEvents(clock);
        this.backoff = new RetryBackoff(FIRST_BACKOFF, clock);
        this.errors = new AccountAwsErrors(features, denials, status, events, backoff);
    }

    /**
     * Watches AllowPasswordRecovery tasks: a hold that starts or ends re-reconciles its account at
     * once.
     */
    @Override
    public List<EventSource<?, MemberAccountRootState>> prepareEventSources(
            EventSourceContext<MemberAccountRootState> context) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(
                ACCOUNT_INDEX,
                m ->
                        m.getSpec() == null || m.getSpec().accountId == null
                                ? List.of()
                                : List.of(
                                        indexKey(
                                                m.getMetadata().getNamespace(),
                                                m.getSpec().accountId)));
        index.attach(primaries); // the task controller reads it
        var configuration =
                InformerEventSourceConfiguration.from(
                                PrivilegedRootTask.class, MemberAccountRootState.class)
                        .withSecondaryToPrimaryMapper(
                                (PrivilegedRootTask task) -> {
                                    if (task.getSpec() == null
                                            || task.getSpec().type
                                                    != TaskType.AllowPasswordRecovery) {
                                        return Set.of();
                                    }
                                    return primaries
                                            .byIndex(
                                                    ACCOUNT_INDEX,
                                                    indexKey(
                                                            task.getMetadata().getNamespace(),
                                                            task.getSpec().accountId))
                                            .stream()
                                            .map(ResourceID::fromResource)
                                            .collect(Collectors.toSet());
                                })
                        .build();
        tasks = new InformerEventSource<>(configuration, context);
        return List.of(tasks, auditRequests.eventSource()); // audits asked for by events
    }

    @Override
    public UpdateControl<MemberAccountRootState> reconcile(
            MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        // the first pass publishes Ready=False / Pending before the first (possibly slow) AWS pass
        return StatusPasses.run(
                resource,
                context,
                MemberAccountRootStateStatus::new,
                status::pending,
                r -> pass(r, context));
    }

    /** One pass; returns when to come back (null: only on the next spec change). */
    private Duration pass(
            MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String key = RetryBackoff.key(resource);
        if (guard.refuses(st.conditions, gen)) {
            st.observedGeneration = gen;
            return OrganizationGuard.RECHECK;
        }
        // fail closed: two hand-written resources for one account act on neither
        List<String> duplicates =
                DuplicateAccountStates.others(resource, context.getPrimaryCache().list());
        if (!duplicates.isEmpty()) {
            DuplicateAccountStates.report(
                    status.conditions(), st, gen, resource.getSpec().accountId, duplicates);
            return DuplicateAccountStates.RECHECK;
        }
        Conditions.remove(st.conditions, ConditionTypes.CONFLICT);

        var validation = DesiredRootState.validate(resource.getSpec(), config.auditInterval());
        if (!validation.valid()) {
            status.invalidSpec(st, gen, validation.problem());
            return null; // only a new generation can fix it
        }
        String noticeProblem = RemovalNotice.problem(resource.getSpec());
        if (noticeProblem != null) { // fail closed: an unreadable notice never means "no notice"
            status.invalidSpec(st, gen, noticeProblem);
            return null;
        }
        DesiredRootState desired = validation.desired();
        try {
            Optional<Duration> refused = eligibility.refusal(st, gen, desired);
            if (refused.isPresent()) {
                backoff.reset(key);
                return refused.get();
            }
            Instant now = clock.instant();
            Optional<BreakGlassHold> hold =
                    BreakGlassHold.find(
                            tasksFor(resource),
                            resource.getMetadata().getNamespace(),
                            desired.accountId(),
                            now);
            String holdKey = hold.map(BreakGlassHold::key).orElse(null);
            String noticeKey = RemovalNotice.key(resource);
            String hash = desired.hash(noticeKey == null ? holdKey : holdKey + "|" + noticeKey);
            // an audit asked for from outside (the management account's events) is due now
            boolean requested = auditRequests.pending(desired.accountId());
            Optional<Duration> untilDue =
                    requested ? Optional.empty() : AuditSchedule.untilNextAudit(st, gen, hash, now);
            if (untilDue.isPresent()) {
                return untilDue.get(); // nothing changed and no audit due: no AWS call
            }
            // Only remediation of a released account is foreground work; the rest uses spare AWS
            // capacity and gives its thread back at once when there is none (see CallPriority).
            boolean background =
                    !desired.enforcing()
                            || desired.state() == RootCredentialsState.Audit
                            || (AuditSchedule.routineReaudit(st, gen, hash) && !requested);
            Optional<Duration> next =
                    background
                            ? Deferral.unlessDeferred(
                                    () ->
                                            auditAndConverge(
                                                    resource,
                                                    context,
                                                    desired,
                                                    hold,
                                                    hash,
                                                    now,
                                                    CallPriority.BACKGROUND))
                            : Optional.of(
                                    auditAndConverge(
                                            resource,
                                            context,
                                            desired,
                                            hold,
                                            hash,
                                            now,
                                            CallPriority.FOREGROUND));
            if (next.isEmpty()) {
                // no spare capacity for a background pass: not a failure, and no status write
                // (thousands may wait)
                return backoff.deferred(key);
            }
            backoff.reset(key);
            auditRequests.audited(desired.accountId(), now);
            return next.get();
        } catch (AwsException e) {
            return errors.handle(resource, context, desired, e);
        }
    }

    private Duration auditAndConverge(
            MemberAccountRootState resource,
            Context<MemberAccountRootState> context,
            DesiredRootState desired,
            Optional<BreakGlassHold> hold,
            String hash,
            Instant now,
            CallPriority priority) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String accountId = desired.accountId();
        // A new generation or an unconverged state reads every detail; steady state reuses them.
        boolean refreshDetails =
                !Objects.equals(gen, st.observedGeneration) || !hash.equals(st.convergedSpecHash);
        RootSessionRunner runner = new RootSessionRunner(sessions, priority);
        // First convergence to Absent (see SessionChoice): audit by listing, delete and verify in
        // one
        // IAMDeleteRootUserCredentials session, so the account costs one AssumeRoot (a suspended
        // account
        // lists and plans; its released pass reuses the cached session). Otherwise the audit
        // session.
        // a notice still running (or a cancel) audits in the audit session, never the delete one
        boolean oneSession =
                SessionChoice.deleteSessionFirst(
                        st,
                        gen,
                        hash,
                        desired,
                        hold.isPresent() || RemovalNotice.holdsBack(resource, desired, now));
        RootSessionRunner.Lease audit =
                runner.lease(accountId, oneSession ? TaskPolicy.DELETE : TaskPolicy.AUDIT);

        ObservedRoot observed =
                oneSession
                        ? auditor.listAll(audit)
                        : auditor.audit(
                                audit,
                                desired,
                                ObservedRoot.fromStatus(st.credentials),
                                refreshDetails);
        status.audited(st, observed, desired.auditInterval());
        st.scheduledAt = null; // set again below while a notice runs
        RemediationPlan plan = RemediationPlanner.plan(observed, desired, now);
        Duration interval = desired.auditInterval();

        if (hold.isPresent()) {
            status.onHold(st, gen, hold.get(), plan, hash);
            return AuditSchedule.min(
                    interval, AuditSchedule.untilHoldEnds(hold.get().holdUntil(), now));
        }
        if (plan.empty()) {
            return settle(resource, desired, plan, hash);
        }
        Optional<Duration> noticeWait = notice(resource, context, desired, plan, hash, now);
        if (noticeWait.isPresent()) {
            return AuditSchedule.min(interval, noticeWait.get());
        }
        if (!desired.enforcing()) { // DryRun, or suspended while waiting for its rollout turn
            status.planned(st, gen, desired, plan, hash);
            if (desired.mode() != Mode.Enforce && RemovalNotice.governs(resource, desired)) {
                // DryRun shows when an Enforce pass would act; it records and announces nothing
                st.scheduledAt =
                        RemovalNotice.scheduledAt(resource, now)
                                .map(Instant::toString)
                                .orElse(null);
            }
            return interval;
        }

        status.remediating(st);
        LOG.infof("account %s: %s", accountId, AccountStatusFactory.describe(plan.actions()));
        RootSessionRunner.Lease act =
                oneSession ? audit : runner.lease(accountId, plan.taskPolicy());
        remediator.apply(
                act,
                plan,
                record -> {
                    AccountStatusFactory.recordAction(st, record);
                    events.action(context.getClient(), resource, record);
                });

        // Verify with a fresh audit (in the same session) before reporting Compliant.
        ObservedRoot verified =
                oneSession
                        ? auditor.verify(audit, observed, plan)
                        : auditor.audit(audit, desired, Optional.of(observed), true);
        status.audited(st, verified, interval);
        RemediationPlan remaining = RemediationPlanner.plan(verified, desired, clock.instant());
        if (remaining.empty()) {
            return settle(resource, desired, remaining, hash);
        }
        status.notConverged(st, gen, remaining);
        return backoff.failed(RetryBackoff.key(resource));
    }

    /**
     * Owners warned first (spec.notice, see {@link RemovalNotice}): present when the notice or a
     * cancel holds back this Enforce pass (the status says why), with when to look again.
     */
    private Optional<Duration> notice(
            MemberAccountRootState resource,
            Context<MemberAccountRootState> context,
            DesiredRootState desired,
            RemediationPlan plan,
            String hash,
            Instant now) {
        if (desired.mode() != Mode.Enforce || !RemovalNotice.governs(resource, desired)) {
            return Optional.empty();
        }
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        if (RemovalNotice.cancelled(resource)) {
            if (RemovalNotice.start(resource).isPresent() || st.phase == AccountPhase.Scheduled) {
                RemovalNotice.forget(context.getClient(), resource);
                events.removalCancelled(context.getClient(), resource);
            }
            status.removalCancelled(st, gen, plan, hash);
            return Optional.of(desired.auditInterval());
        }
        Duration notice = RemovalNotice.notice(resource.getSpec()).orElseThrow();
        Optional<Instant> start = RemovalNotice.start(resource);
        if (start.isEmpty()) {
            // first found non-compliant under a notice: record it (before any status), announce it
            RemovalNotice.record(context.getClient(), resource, now);
            events.removalScheduled(
                    context.getClient(),
                    resource,
                    AccountStatusFactory.describe(plan.actions()),
                    now.plus(notice),
                    resource.getSpec().notice);
            start = Optional.of(now);
        }
        Instant scheduledAt = start.get().plus(notice);
        if (!now.isBefore(scheduledAt)) {
            return Optional.empty(); // notice served
        }
        status.scheduled(st, gen, plan, scheduledAt, hash);
        return Optional.of(AuditSchedule.untilHoldEnds(scheduledAt, now));
    }

    /**
     * Nothing left to do: Compliant (next audit after {@link AuditCadence#compliant}), or
     * NonCompliant when recently used keys were kept; returns when to look again.
     */
    private Duration settle(
            MemberAccountRootState resource,
            DesiredRootState desired,
            RemediationPlan plan,
            String hash) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        if (!plan.protectedKeys().isEmpty()) {
            status.keysProtected(st, gen, desired, plan, hash);
            return desired.auditInterval();
        }
        status.compliant(st, gen, desired, hash);
        Duration next = cadence.compliant(resource.getSpec(), desired);
        status.nextAuditAfter(st, next);
        return next;
    }

    /**
     * Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run.
     */
    @Override
    public ErrorStatusUpdateControl<MemberAccountRootState> updateErrorStatus(
            MemberAccountRootState resource, Context<MemberAccountRootState> context, Exception e) {
        return StatusPasses.error(
                resource,
                context,
                e,
                MemberAccountRootStateStatus::new,
                status::unexpected,
                backoff);
    }

    private List<PrivilegedRootTask> tasksFor(MemberAccountRootState resource) {
        var source = tasks;
        if (source == null) {
            return List.of();
        }
        String ns = resource.getMetadata().getNamespace();
        String accountId = resource.getSpec().accountId;
        return source.list(ns, t -> BreakGlassHold.holds(t, ns, accountId)).toList();
    }

    private static String indexKey(String namespace, String accountId) {
        return namespace + "/" + accountId;
    }
}
