package io.rootaccess.operator.account;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.Reservation;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.holds.BreakGlassHold;
import io.rootaccess.operator.notice.RemovalRecords;
import io.rootaccess.operator.reconcile.RetryBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The part of an account pass that talks to AWS, after the checks ({@link PassChecks}) and the
 * eligibility in the organization: observe, plan, act, verify, report, through one {@link
 * RootAccount} per pass. Every outcome ends in one status decision of {@link AccountStatusFactory}.
 */
final class AccountConvergence {
    private static final Logger LOG = Logger.getLogger(AccountConvergence.class);

    private final RootSessions sessions;
    private final RootAuditor auditor;
    private final Remediator remediator;
    private final AccountStatusFactory status;
    private final AccountEvents events;
    private final RetryBackoff backoff;
    private final RemovalRecords removalRecords;
    private final AuditCadence cadence;
    private final PlanPreflight preflight;
    private final Clock clock;

    AccountConvergence(
            RootSessions sessions,
            RootAuditor auditor,
            Remediator remediator,
            AccountStatusFactory status,
            AccountEvents events,
            RetryBackoff backoff,
            RemovalRecords removalRecords,
            AuditCadence cadence,
            PlanPreflight preflight,
            Clock clock) {
        this.sessions = sessions;
        this.auditor = auditor;
        this.remediator = remediator;
        this.status = status;
        this.events = events;
        this.backoff = backoff;
        this.removalRecords = removalRecords;
        this.cadence = cadence;
        this.preflight = preflight;
        this.clock = clock;
    }

    /**
     * Capacity for the pass, asked before any session is opened: a background pass with no spare
     * capacity is {@link Reservation.Deferred} and makes no call at all.
     */
    Reservation reserve(String accountId, CallPriority priority) {
        Reservation reservation = sessions.reserve(priority);
        if (reservation instanceof Reservation.Deferred deferred) {
            LOG.debugf("account %s: deferred (%s)", accountId, deferred.reason());
        }
        return reservation;
    }

    /**
     * Observe, plan, act, verify, report: one pass's AWS sequence for an account that passed the
     * checks, under {@code grant} (released when the pass ends), with {@code check} asked right
     * before each mutating call. Returns when to come back.
     */
    Duration converge(
            MemberAccountRootState resource,
            Context<MemberAccountRootState> context,
            DesiredRootState desired,
            Optional<BreakGlassHold> hold,
            String hash,
            Instant now,
            Reservation.Granted grant,
            Remediator.MutationCheck check) {
        try {
            return pass(resource, context, desired, hold, hash, now, grant, check);
        } finally {
            grant.release(); // the tokens the pass did not use (a reused session: no AssumeRoot)
        }
    }

    private Duration pass(
            MemberAccountRootState resource,
            Context<MemberAccountRootState> context,
            DesiredRootState desired,
            Optional<BreakGlassHold> hold,
            String hash,
            Instant now,
            Reservation.Granted grant,
            Remediator.MutationCheck check) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String accountId = desired.accountId();
        // an account that met a denial reads its own SCP attachments too (one Organizations call);
        // the others are checked against their OUs' and the root's, shared by every account
        boolean metDenials = st.phase == AccountPhase.Blocked;
        // A new generation or an unconverged state reads every detail; steady state reuses them.
        boolean refreshDetails =
                !Objects.equals(gen, st.observedGeneration) || !hash.equals(st.convergedSpecHash);
        // a notice still running (or a cancel) audits in the audit session, never the delete one
        boolean oneSession =
                SessionChoice.deleteSessionFirst(
                        st,
                        gen,
                        hash,
                        desired,
                        hold.isPresent()
                                || RemovalNotice.read(removalRecords, resource)
                                        .holdsBack(desired, now));
        RootAccount root =
                new RootAccount(sessions, auditor, remediator, grant, accountId, oneSession);

        ObservedRoot observed = root.observe(desired, st, refreshDetails);
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
            root.denied().throwIfAny(); // details unknown: Blocked, never Compliant
            return settle(resource, desired, plan, hash);
        }
        Optional<Duration> noticeWait = notice(resource, context, desired, plan, hash, now);
        if (noticeWait.isPresent()) {
            return AuditSchedule.min(interval, noticeWait.get());
        }
        if (!desired.enforcing()) { // DryRun, or suspended while waiting for its rollout turn
            root.denied().throwIfAny();
            status.planned(st, gen, desired, plan, hash);
            RemovalNotice removal = RemovalNotice.read(removalRecords, resource);
            if (desired.mode() != Mode.Enforce && removal.governs(desired)) {
                // DryRun shows when an Enforce pass would act; it records and announces nothing
                st.scheduledAt = removal.scheduledAt(now).map(Instant::toString).orElse(null);
            }
            return interval;
        }

        // what the SCPs on the account's path deny is not attempted and reported at once
        RemediationPlan allowed =
                preflight.allowed(
                        accountId,
                        plan,
                        root.denied(),
                        record -> AccountStatusFactory.recordAction(st, record),
                        metDenials);
        if (allowed.empty()) {
            root.denied().throwIfAny();
        }
        status.remediating(st);
        LOG.infof("account %s: %s", accountId, AccountStatusFactory.describe(allowed.actions()));
        Optional<Remediator.Stop> stop;
        try {
            stop =
                    root.act(
                            allowed,
                            check,
                            record -> {
                                AccountStatusFactory.recordAction(st, record);
                                events.action(context.getClient(), resource, record);
                            });
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.ACCESS_DENIED && root.denied().any()) {
                root.denied().add(e); // reported with the reads denied before it
                root.denied().throwIfAny();
            }
            throw e;
        }
        if (stop.isPresent()) {
            LOG.infof("account %s: %s", accountId, stop.get().message());
            status.stopped(st, gen, stop.get());
            return backoff.failed(RetryBackoff.key(resource));
        }

        ObservedRoot verified = root.verify(desired, observed, allowed);
        status.audited(st, verified, interval);
        // what the SCPs allowed is done (and recorded); what they denied is reported, all of it
        root.denied().throwIfAny();
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
        // read again right before the decision that allows removal (see RemovalRecords.FRESH)
        RemovalNotice removal = RemovalNotice.read(removalRecords, resource);
        if (desired.mode() != Mode.Enforce || !removal.governs(desired)) {
            return Optional.empty();
        }
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        if (removal.cancelled()) {
            if (removal.start().isPresent() || st.phase == AccountPhase.Scheduled) {
                removalRecords.forgetNoticeStart(desired.accountId());
                events.removalCancelled(context.getClient(), resource, removal.cancel());
            }
            status.removalCancelled(st, gen, plan, hash, removal.cancel());
            return Optional.of(desired.auditInterval());
        }
        Duration notice = RemovalNotice.notice(resource.getSpec()).orElseThrow();
        Optional<Instant> start = removal.start();
        if (start.isEmpty()) {
            // first found non-compliant under a notice: record it (before any status), announce it
            removalRecords.recordNoticeStart(desired.accountId(), now);
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
}
