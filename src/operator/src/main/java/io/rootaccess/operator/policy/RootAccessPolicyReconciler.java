package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.config.ProtectedAccounts;
import io.rootaccess.operator.guard.OrganizationGuard;
import io.rootaccess.operator.reconcile.RetryBackoff;
import io.rootaccess.operator.reconcile.StatusPasses;
import io.rootaccess.operator.status.StatusPatch;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reconciles a RootAccessPolicy: observe (the cached organization snapshot and the org switches),
 * converge the switches ({@link OrganizationSwitchesMemo}), select accounts, settle conflicts with
 * other policies and pace the rollout ({@link PolicyEvaluator}), keep one MemberAccountRootState
 * child per account it acts on ({@link ChildrenSync}), and hand what the pass found to {@link
 * PolicyStatusFactory}, which decides the status once. It never calls AWS per account: the
 * children's reconciler does that. The informers it reads are in {@link PolicyInformers}.
 */
public class RootAccessPolicyReconciler
        implements Reconciler<RootAccessPolicy>, Cleaner<RootAccessPolicy> {
    private static final Logger LOG = Logger.getLogger(RootAccessPolicyReconciler.class);

    /** First back-off after a failed pass; it doubles up to {@link RetryBackoff#MAX}. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    /**
     * How soon to look again while another policy's child for an account we now own is being
     * removed.
     */
    static final Duration HANDOVER_RECHECK = Duration.ofSeconds(2);

    /**
     * How soon to look again while the first walk of the organization runs: the accounts it finds
     * meanwhile are released without waiting for the walk's end (100 s at 10,000 accounts).
     */
    static final Duration WALK_RECHECK = Duration.ofSeconds(1);

    /**
     * How soon to look again after a child's write was refused as stale: the fresh copy is in the
     * informer's cache already, and its own event wakes nobody.
     */
    static final Duration STALE_RECHECK = Duration.ofMillis(100);

    private final PolicyOrganization organization;
    private final WalkExclusions walkExclusions;
    private final OperatorConfig config;
    private final PolicyStatusFactory status;

    /** Consecutive retryable failures per policy, for the back-off. */
    private final RetryBackoff backoff;

    private volatile PolicyInformers informers;
    private final PolicyEvents policyEvents;

    /**
     * Wrong-organization guard: with another organization in view nothing beyond reading it is
     * called.
     */
    private final OrganizationGuard guard;

    private final PolicyRechecks rechecks;

    /** Never selected, whatever a policy says (rootaccess.protected-accounts). */
    private final ProtectedAccounts protectedAccounts;

    @Inject
    public RootAccessPolicyReconciler(
            OrganizationCache organizationCache,
            OrganizationDirectory directory,
            OrganizationFeatures features,
            OperatorConfig config,
            OrganizationGuard guard,
            PolicyRechecks rechecks,
            ProtectedAccounts protectedAccounts,
            Clock clock) { // the OperatorClock bean
        this.rechecks = rechecks;
        this.protectedAccounts = protectedAccounts;
        this.organization =
                new PolicyOrganization(
                        organizationCache,
                        new OrganizationSwitchesMemo(
                                new OrganizationSwitches(directory, features),
                                config.organizationRefreshInterval(),
                                clock,
                                rechecks::switchesChangedAt));
        this.walkExclusions = new WalkExclusions(directory);
        this.guard = guard;
        this.config = config;
        this.status = new PolicyStatusFactory(clock, config.statusListLimit());
        this.backoff = new RetryBackoff(FIRST_BACKOFF, clock);
        this.policyEvents = new PolicyEvents(clock);
    }

    @Override
    public List<EventSource<?, RootAccessPolicy>> prepareEventSources(
            EventSourceContext<RootAccessPolicy> context) {
        informers = PolicyInformers.create(context);
        List<EventSource<?, RootAccessPolicy>> sources =
                new java.util.ArrayList<>(informers.eventSources());
        sources.add(rechecks.eventSource(context)); // the management account's events
        return sources;
    }

    @Override
    public UpdateControl<RootAccessPolicy> reconcile(
            RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        return StatusPasses.run(
                policy, context, RootAccessPolicyStatus::new, p -> pass(p, context));
    }

    /** One pass over a policy with a status; returns when to come back. */
    private Duration pass(RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        RootAccessPolicyStatus st = policy.getStatus();
        JsonNode before = StatusPatch.snapshot(st); // what changed in this pass is told as Events
        Long generation = policy.getMetadata().getGeneration();
        RootAccessPolicySpec spec =
                policy.getSpec() == null ? new RootAccessPolicySpec() : policy.getSpec();
        Optional<OrganizationGuard.Refusal> refused = guard.refusal();
        if (refused.isPresent()) {
            status.refused(st, generation, refused.get());
            return OrganizationGuard.RECHECK;
        }
        Optional<String> invalid = PolicySpecCheck.problem(spec);
        if (invalid.isPresent()) {
            // before any AWS call: a spec the schema should have refused is named, not swept
            // through the organization; fail closed: the children must not go on converging on
            // the previous spec
            List<MemberAccountRootState> children = informers.ownChildren(policy);
            int stale =
                    InvalidSpecHold.hold(
                            context.getClient(), key(policy), children, informers.childrenCache());
            status.invalidSpec(st, generation, invalid.get(), children.size());
            return stale == 0 ? null : STALE_RECHECK; // else only a new generation can fix it
        }
        try {
            Duration next = evaluateAndSync(policy, spec, context);
            policyEvents.changes(context.getClient(), policy, before);
            backoff.reset(RetryBackoff.key(policy));
            return next;
        } catch (AwsException e) {
            boolean retryable = status.error(st, generation, e);
            LOG.warnf("policy %s: %s", key(policy), e);
            // not retryable errors need a person, who may fix AWS without touching the policy: look
            // again later
            return retryable
                    ? backoff.failed(RetryBackoff.key(policy))
                    : config.organizationRefreshInterval();
        }
    }

    /** Reads the organization, converges the switches, writes the children; the full pass. */
    private Duration evaluateAndSync(
            RootAccessPolicy policy, RootAccessPolicySpec spec, Context<RootAccessPolicy> context) {
        RootAccessPolicyStatus st = policy.getStatus();
        Long generation = policy.getMetadata().getGeneration();
        boolean tagsMatter = PolicyEvaluator.anyPolicyTargetsTags(spec, informers);
        OrganizationSnapshot org =
                organization.snapshot(
                        spec, tagsMatter, !Objects.equals(st.observedGeneration, generation));
        status.organization(st, org);
        List<String> switchConflicts =
                SwitchConflicts.find(key(policy), spec, informers.policies());
        status.switches(
                st,
                organization.switches(policy.getMetadata().getUid(), spec, switchConflicts),
                spec.organization != null);
        org = organization.afterSwitches(org, tagsMatter);
        Evaluation evaluation =
                References.holdIfExclusionUnknown(
                        walkExclusions.confirm(
                                PolicyEvaluator.evaluate(
                                        policy,
                                        spec,
                                        org,
                                        tagsMatter ? org.tagsPending() : Set.of(),
                                        informers,
                                        protectedAccounts)));
        // fail closed while the walk runs: an exclusion not found yet may protect an account
        // about to be found, so nothing is created, changed or removed until it is
        ChildrenSync.Result synced =
                evaluation.walk().waitsForExclusions()
                        ? new ChildrenSync.Result(Set.of(), 0)
                        : ChildrenSync.sync(
                                policy, evaluation, context.getClient(), informers.childrenCache());
        status.passed(
                st,
                generation,
                new PolicyStatusFactory.Pass(
                        evaluation.withoutNewsFrom(synced.changed()),
                        spec.mode,
                        switchConflicts,
                        synced.complete() && !evaluation.walk().waitsForExclusions()));
        if (!synced.complete()) {
            return STALE_RECHECK;
        }
        if (!org.complete()) {
            return WALK_RECHECK;
        }
        // a handover or a tag sweep ends without an event for this policy: look again soon
        return evaluation.handover().isEmpty() && evaluation.tagsPending().isEmpty()
                ? config.organizationRefreshInterval()
                : HANDOVER_RECHECK;
    }

    /**
     * Unexpected errors (the Kubernetes API while syncing children, bugs): say so on the policy and
     * retry.
     */
    @Override
    public ErrorStatusUpdateControl<RootAccessPolicy> updateErrorStatus(
            RootAccessPolicy policy, Context<RootAccessPolicy> context, Exception e) {
        LOG.warnf("policy %s: %s", key(policy), e);
        return StatusPasses.error(
                policy, context, e, RootAccessPolicyStatus::new, status::unexpected, backoff);
    }

    @Override
    public DeleteControl cleanup(RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        ChildrenSync.deleteAll(context.getClient(), informers.ownChildren(policy));
        organization.forget(policy.getMetadata().getUid());
        backoff.forget(RetryBackoff.key(policy));
        return DeleteControl.defaultDelete();
    }

    static String key(RootAccessPolicy policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }
}
