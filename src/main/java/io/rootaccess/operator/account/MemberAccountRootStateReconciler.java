package io.rootaccess.operator.account;

import com.fasterxml.jackson.databind.JsonNode;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.CallPriority;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.status.Durations;
import io.rootaccess.operator.status.StatusPatch;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Converges one member account's root user to its MemberAccountRootState: observe and validate
 * (spec, the account in the cached organization, a break-glass hold), then audit -> plan -> act ->
 * verify -> report, through sts:AssumeRoot sessions only.
 *
 * <p>Cost model: the organization comes from {@link OrganizationCache}, never from AWS per account;
 * a pass whose desired state (spec + hold) hash equals status.convergedSpecHash and whose audit is not
 * due makes no AWS call at all; a due audit of a compliant account makes one GetAccountSummary in a
 * reused audit session (plus AssumeRoot when the session had to be renewed).
 *
 * <p>Errors end in a status a person can act on: AccessDenied -> Blocked with the SCP and fix,
 * feature not enabled -> Stalled naming the switch, retryable kinds -> Reconciling with back-off.
 */
public class MemberAccountRootStateReconciler implements Reconciler<MemberAccountRootState> {
    private static final Logger LOG = Logger.getLogger(MemberAccountRootStateReconciler.class);
    private static final String ACCOUNT_INDEX = "rootaccess.io/account-id";
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration DEFERRAL_MAX = Duration.ofMinutes(1);
    /** How soon an account blocked by a switched-off feature looks again (a policy may be enabling it). */
    static final Duration FEATURE_RECHECK = Duration.ofSeconds(15);
    /** How soon a denial that no SCP explains is tried again. */
    static final Duration UNEXPLAINED_RECHECK = Duration.ofMinutes(1);
    /** A missing account triggers an organization re-read only when the cached copy is older than this. */
    private static final Duration STALE_FOR_MISSING_ACCOUNT = Duration.ofSeconds(30);

    private final OrganizationCache organization;
    private final OrganizationFeatures features;
    private final DenialExplainer denials;
    private final RootSessions sessions;
    private final OperatorConfig config;
    private final Clock clock;
    private final AccountStatusRecorder recorder;
    private final RootAuditor auditor;
    private final Remediator remediator;
    private final AccountEvents events;
    /** Consecutive retryable failures per resource uid, for the back-off. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Background passes deferred in a row, per resource uid. */
    private final Map<String, Integer> deferrals = new ConcurrentHashMap<>();
    private volatile InformerEventSource<PrivilegedRootTask, MemberAccountRootState> tasks;

    @Inject
    public MemberAccountRootStateReconciler(OrganizationCache organization, OrganizationFeatures features,
            DenialExplainer denials, RootSessions sessions, RootCredentials credentials, OperatorConfig config) {
        this(organization, features, denials, sessions, credentials, config, Clock.systemUTC());
    }

    MemberAccountRootStateReconciler(OrganizationCache organization, OrganizationFeatures features,
            DenialExplainer denials, RootSessions sessions, RootCredentials credentials, OperatorConfig config,
            Clock clock) {
        this.organization = organization;
        this.features = features;
        this.denials = denials;
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
        this.recorder = new AccountStatusRecorder(clock);
        this.auditor = new RootAuditor(credentials);
        this.remediator = new Remediator(credentials, clock);
        this.events = new AccountEvents(clock);
    }

    /** Watches AllowPasswordRecovery tasks: a hold that starts or ends re-reconciles its account at once. */
    @Override
    public List<EventSource<?, MemberAccountRootState>> prepareEventSources(
            EventSourceContext<MemberAccountRootState> context) {
        var primaries = context.getPrimaryCache();
        primaries.addIndexer(ACCOUNT_INDEX, m -> m.getSpec() == null || m.getSpec().accountId == null ? List.of()
                : List.of(indexKey(m.getMetadata().getNamespace(), m.getSpec().accountId)));
        var configuration = InformerEventSourceConfiguration
                .from(PrivilegedRootTask.class, MemberAccountRootState.class)
                .withSecondaryToPrimaryMapper((PrivilegedRootTask task) -> {
                    if (task.getSpec() == null || task.getSpec().type != TaskType.AllowPasswordRecovery) {
                        return Set.of();
                    }
                    return primaries.byIndex(ACCOUNT_INDEX, indexKey(task.getMetadata().getNamespace(),
                            task.getSpec().accountId)).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
                })
                .build();
        tasks = new InformerEventSource<>(configuration, context);
        return List.of(tasks);
    }

    @Override
    public UpdateControl<MemberAccountRootState> reconcile(MemberAccountRootState resource,
            Context<MemberAccountRootState> context) {
        JsonNode before = StatusPatch.snapshot(resource.getStatus());
        if (resource.getStatus() == null) {
            // Publish Ready=False / Pending before the first (possibly slow) AWS pass, then come straight back.
            resource.setStatus(new MemberAccountRootStateStatus());
            recorder.pending(resource.getStatus(), resource.getMetadata().getGeneration());
            return UpdateControl.patchStatus(resource).rescheduleAfter(Duration.ofMillis(1));
        }
        Duration next = pass(resource, context);
        UpdateControl<MemberAccountRootState> control = StatusPatch.patchIfChanged(resource, before);
        return next == null ? control : control.rescheduleAfter(next);
    }

    /** One pass; returns when to come back (null: only on the next spec change). */
    private Duration pass(MemberAccountRootState resource, Context<MemberAccountRootState> context) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String uid = resource.getMetadata().getUid();

        var validation = DesiredRootState.validate(resource.getSpec(), config.auditInterval());
        if (!validation.valid()) {
            recorder.invalidSpec(st, gen, validation.problem());
            return null; // only a new generation can fix it
        }
        DesiredRootState desired = validation.desired();
        String accountId = desired.accountId();
        try {
            Optional<Duration> refused = refuseIneligible(st, gen, desired);
            if (refused.isPresent()) {
                failures.remove(uid);
                return refused.get();
            }
            Instant now = clock.instant();
            Optional<BreakGlassHold> hold = BreakGlassHold.find(tasksFor(resource), resource.getMetadata().getNamespace(),
                    accountId, now);
            String hash = desired.hash(hold.map(BreakGlassHold::key).orElse(null));
            Optional<Duration> untilDue = untilNextAudit(st, gen, hash, now);
            if (untilDue.isPresent()) {
                return untilDue.get(); // nothing changed and no audit due: no AWS call
            }
            // Only remediation of a released account is foreground work; the rest uses spare AWS capacity and
            // gives its thread back at once when there is none (see CallPriority).
            boolean background = !desired.enforcing() || desired.state() == RootCredentialsState.Audit
                    || routineReaudit(st, gen, hash);
            Duration next = background
                    ? CallPriority.background(() -> auditAndConverge(resource, context, desired, hold, hash, now))
                    : auditAndConverge(resource, context, desired, hold, hash, now);
            failures.remove(uid);
            deferrals.remove(uid);
            return next;
        } catch (AwsException e) {
            return onAwsError(resource, context, desired, e);
        }
    }

    /** Management account, account not in the organization, or not ACTIVE: refuse without any session. */
    private Optional<Duration> refuseIneligible(MemberAccountRootStateStatus st, Long gen, DesiredRootState desired) {
        String accountId = desired.accountId();
        OrganizationSnapshot org = organization.current();
        AccountInfo account = org.accounts().get(accountId);
        if (account == null && org.readAt() != null
                && org.readAt().isBefore(clock.instant().minus(STALE_FOR_MISSING_ACCOUNT))) {
            org = organization.refresh(); // a hand-written resource may name an account newer than the cache
            account = org.accounts().get(accountId);
        }
        Duration recheck = min(desired.auditInterval(), config.organizationRefreshInterval());
        if (accountId.equals(org.organization().managementAccountId())) {
            st.accountState = account == null ? null : account.state();
            recorder.refused(st, gen, "ManagementAccount", "account " + accountId
                    + " is the organization's management account: its root user is out of scope of centralized root"
                    + " access and the operator never changes it; remove this resource or exclude the account");
            return Optional.of(desired.auditInterval());
        }
        if (account == null) {
            st.accountState = null;
            recorder.refused(st, gen, "NotInOrganization", "account " + accountId + " is not a member of organization "
                    + org.organization().id() + ": nothing is audited or changed");
            return Optional.of(recheck);
        }
        st.accountState = account.state();
        if (!account.active()) {
            recorder.refused(st, gen, "AccountNotActive", "account " + accountId + " is " + account.state()
                    + ": only ACTIVE accounts are audited or changed; it is skipped");
            return Optional.of(recheck);
        }
        return Optional.empty();
    }

    /** Present when the last pass converged this exact desired state and its next audit is not due yet. */
    /** The periodic look at an account that was compliant with this very spec: nothing to change is expected. */
    private static boolean routineReaudit(MemberAccountRootStateStatus st, Long gen, String hash) {
        return st.phase == AccountPhase.Compliant && hash.equals(st.convergedSpecHash)
                && Objects.equals(gen, st.observedGeneration);
    }

    /** Jittered, growing with each deferral in a row, at most a minute: thousands of waiting accounts spread out. */
    private Duration deferral(String uid) {
        int n = deferrals.merge(uid, 1, Integer::sum);
        long capMillis = Math.min(DEFERRAL_MAX.toMillis(), 1000L << Math.min(n, 6));
        return Duration.ofMillis(500 + ThreadLocalRandom.current().nextLong(capMillis));
    }

    private Optional<Duration> untilNextAudit(MemberAccountRootStateStatus st, Long gen, String hash, Instant now) {
        if (!hash.equals(st.convergedSpecHash) || !Objects.equals(gen, st.observedGeneration)
                || st.nextAuditTime == null) {
            return Optional.empty();
        }
        Instant due;
        try {
            due = Instant.parse(st.nextAuditTime);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!now.isBefore(due)) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, due);
        if (st.holdUntil != null) {
            wait = min(wait, untilHoldEnds(Instant.parse(st.holdUntil), now));
        }
        return Optional.of(max(wait, Duration.ofMillis(200)));
    }

    private Duration auditAndConverge(MemberAccountRootState resource, Context<MemberAccountRootState> context,
            DesiredRootState desired, Optional<BreakGlassHold> hold, String hash, Instant now) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String accountId = desired.accountId();
        // A new generation or an unconverged state reads every detail; steady state reuses them.
        boolean refreshDetails = !Objects.equals(gen, st.observedGeneration) || !hash.equals(st.convergedSpecHash);
        RootSessionRunner runner = new RootSessionRunner(sessions);
        RootSessionRunner.Lease audit = runner.lease(accountId, TaskPolicy.AUDIT);

        ObservedRoot observed = auditor.audit(audit, desired, ObservedRoot.fromStatus(st.credentials), refreshDetails);
        recorder.audited(st, observed, desired.auditInterval());
        RemediationPlan plan = RemediationPlanner.plan(observed, desired, now);
        Duration interval = desired.auditInterval();

        if (hold.isPresent()) {
            recorder.onHold(st, gen, hold.get(), plan, hash);
            return min(interval, untilHoldEnds(hold.get().holdUntil(), now));
        }
        if (plan.empty()) {
            settle(st, gen, desired, plan, hash);
            return interval;
        }
        if (!desired.enforcing()) {
            recorder.planned(st, gen, desired, plan, hash);
            return interval;
        }

        st.phase = AccountPhase.InProgress;
        LOG.infof("account %s: %s", accountId, AccountStatusRecorder.describe(plan.actions()));
        RootSessionRunner.Lease act = runner.lease(accountId, plan.taskPolicy());
        remediator.apply(act, plan, record -> {
            AccountStatusRecorder.recordAction(st, record);
            events.action(context.getClient(), resource, record);
        });

        // Verify with a fresh audit before reporting Compliant.
        ObservedRoot verified = auditor.audit(audit, desired, Optional.of(observed), true);
        recorder.audited(st, verified, interval);
        RemediationPlan remaining = RemediationPlanner.plan(verified, desired, clock.instant());
        if (remaining.empty()) {
            settle(st, gen, desired, remaining, hash);
            return interval;
        }
        recorder.notConverged(st, gen, remaining);
        return backoff(resource.getMetadata().getUid());
    }

    /** Nothing left to do: Compliant, or NonCompliant when recently used keys were kept. */
    private void settle(MemberAccountRootStateStatus st, Long gen, DesiredRootState desired, RemediationPlan plan,
            String hash) {
        if (plan.protectedKeys().isEmpty()) {
            recorder.compliant(st, gen, desired, hash);
        } else {
            recorder.keysProtected(st, gen, desired, plan, hash);
        }
    }

    private Duration onAwsError(MemberAccountRootState resource, Context<MemberAccountRootState> context,
            DesiredRootState desired, AwsException e) {
        MemberAccountRootStateStatus st = resource.getStatus();
        Long gen = resource.getMetadata().getGeneration();
        String uid = resource.getMetadata().getUid();
        String accountId = desired.accountId();
        if (ApiRateLimiter.DEFERRED.equals(e.errorCode())) {
            // a background pass found no spare capacity: not a failure, and no status write (thousands may wait)
            return deferral(uid);
        }
        if (e.retryable()) {
            Duration wait = backoff(uid);
            LOG.debugf("account %s: %s, retrying in %s", accountId, e, wait);
            recorder.retrying(st, gen, e, wait);
            return wait;
        }
        failures.remove(uid);
        // Read the switches once: a policy may switch them on between two reads.
        Optional<String> missingSwitch = e.kind() == AwsErrorKind.ACCESS_DENIED ? missingSwitch(e) : Optional.empty();
        if (missingSwitch.isPresent()) {
            // AWS answers AssumeRoot with AccessDenied while the feature is off: that is not an SCP, and a
            // policy is often about to switch it on, so look again soon rather than after the audit interval.
            String missing = missingSwitch.get();
            recorder.failed(st, gen, "FeatureNotEnabled", "sts:AssumeRoot was denied because " + missing
                    + " is not enabled for the organization: enable it, for example with spec.organization of a"
                    + " RootAccessPolicy; checking again in " + Durations.format(FEATURE_RECHECK));
            return FEATURE_RECHECK;
        }
        if (e.kind() == AwsErrorKind.ACCESS_DENIED) {
            String action = e.action() == null ? "sts:AssumeRoot" : e.action();
            PolicyDenial denial;
            try {
                denial = denials.explain(accountId, action);
            } catch (AwsException explainFailure) {
                denial = new PolicyDenial(accountId, action, null, null, null, null);
            }
            boolean wasBlocked = st.phase == AccountPhase.Blocked;
            recorder.blocked(st, gen, denial);
            if (!wasBlocked) {
                events.warning(context.getClient(), resource, "BlockedByPolicy", denial.message());
            }
            LOG.infof("account %s blocked: %s", accountId, denial.message());
            // re-check later: someone may fix the SCP. A denial no SCP explains is often a switch that was
            // turned on between the denied call and our look at the switches: look again within a minute.
            return denial.policyId() == null && desired.auditInterval().compareTo(UNEXPLAINED_RECHECK) > 0
                    ? UNEXPLAINED_RECHECK : desired.auditInterval();
        }
        if (e.kind() == AwsErrorKind.FEATURE_NOT_ENABLED) {
            recorder.failed(st, gen, "FeatureNotEnabled", "centralized root access is not enabled for the organization:"
                    + " enable RootCredentialsManagement (iam:EnableOrganizationsRootCredentialsManagement, after"
                    + " trusted access for IAM), for example with spec.organization of a RootAccessPolicy; "
                    + (e.action() == null ? "" : e.action() + ": ") + e.getMessage());
            return desired.auditInterval();
        }
        recorder.failed(st, gen, reasonOf(e.kind()), (e.action() == null ? "AWS call" : e.action()) + " failed: "
                + e.kind() + (e.errorCode() == null ? "" : " " + e.errorCode()) + ": " + e.getMessage());
        return desired.auditInterval();
    }

    /**
     * For a denied sts:AssumeRoot, the organization switch that is off (trusted access for IAM or
     * RootCredentialsManagement), read from IAM and Organizations; empty when both are on or unreadable.
     */
    private Optional<String> missingSwitch(AwsException e) {
        if (e.action() != null && !"sts:AssumeRoot".equals(e.action())) {
            return Optional.empty();
        }
        try {
            if (!features.trustedAccessForIam()) {
                return Optional.of("trusted access for IAM (organizations:EnableAWSServiceAccess)");
            }
            if (!features.enabledFeatures().contains(OrgFeature.RootCredentialsManagement)) {
                return Optional.of("RootCredentialsManagement (iam:EnableOrganizationsRootCredentialsManagement)");
            }
        } catch (AwsException unreadable) {
            LOG.debugf("cannot read the organization switches: %s", unreadable.kind());
        }
        return Optional.empty();
    }

    /** Unexpected errors (Kubernetes API, bugs): say so on the resource and let JOSDK's retry run. */
    @Override
    public ErrorStatusUpdateControl<MemberAccountRootState> updateErrorStatus(MemberAccountRootState resource,
            Context<MemberAccountRootState> context, Exception e) {
        if (resource.getStatus() == null) {
            resource.setStatus(new MemberAccountRootStateStatus());
        }
        var st = resource.getStatus();
        st.observedGeneration = resource.getMetadata().getGeneration();
        st.convergedSpecHash = null;
        new io.rootaccess.operator.status.Conditions(clock).reconciling(st.conditions, "Error",
                e.getClass().getSimpleName() + ": " + e.getMessage(), st.observedGeneration);
        return ErrorStatusUpdateControl.patchStatus(resource);
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

    /** Exponential back-off per resource: 1s, 2s, 4s ... capped at 5 minutes. */
    private Duration backoff(String uid) {
        int n = failures.merge(uid == null ? "" : uid, 1, Integer::sum);
        long seconds = MIN_BACKOFF.getSeconds() << Math.min(n - 1, 16);
        return min(Duration.ofSeconds(seconds), MAX_BACKOFF);
    }

    private static Duration untilHoldEnds(Instant holdUntil, Instant now) {
        // a moment after holdUntil, so the pass that ends the hold sees it expired
        return max(Duration.between(now, holdUntil).plusMillis(500), Duration.ofMillis(500));
    }

    private static String reasonOf(AwsErrorKind kind) {
        return switch (kind) {
            case WRONG_CALLER -> "WrongCaller";
            case NOT_ALL_FEATURES -> "OrganizationNotInAllFeaturesMode";
            case NO_ORGANIZATION -> "NoOrganization";
            case NOT_FOUND -> "NotFound";
            default -> "AwsError";
        };
    }

    private static String indexKey(String namespace, String accountId) {
        return namespace + "/" + accountId;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
