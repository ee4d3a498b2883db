package io.rootaccess.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import io.rootaccess.operator.api.policy.OrganizationSpec;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.operator.status.StatusPatch;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a RootAccessPolicy: observe (the cached organization snapshot and the org switches), converge
 * the switches, select accounts, settle conflicts with other policies, pace the rollout, keep one
 * MemberAccountRootState child per account it acts on, and summarise the children in status. It never calls
 * AWS per account: the children's reconciler does that.
 */
public class RootAccessPolicyReconciler implements Reconciler<RootAccessPolicy>, Cleaner<RootAccessPolicy> {
    private static final Logger LOG = Logger.getLogger(RootAccessPolicyReconciler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String CHILDREN = "children";
    static final String PEERS = "peers";
    /** Memo key of the read-only look shared by policies without spec.organization. */
    private static final String SHARED_OBSERVATION = "";
    static final Duration BACKOFF_BASE = Duration.ofSeconds(2);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(5);
    /** How soon to look again while another policy's child for an account we now own is being removed. */
    static final Duration HANDOVER_RECHECK = Duration.ofSeconds(2);

    private final OrganizationCache organizationCache;
    private final OrganizationSwitches switches;
    private final OperatorConfig config;
    private final PolicyStatusFactory statusFactory;
    private final Clock clock;
    /** Last converged org switches per policy uid: unchanged specs skip AWS reads until the refresh interval. */
    private final Map<String, SwitchesMemo> switchesMemo = new ConcurrentHashMap<>();
    /** Consecutive retryable failures per policy uid, for the back-off. */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    private record SwitchesMemo(JsonNode spec, OrganizationSwitches.Observed observed, Instant at) {
    }

    @Inject
    public RootAccessPolicyReconciler(OrganizationCache organizationCache, OrganizationDirectory directory,
            OrganizationFeatures features, OperatorConfig config) {
        this(organizationCache, new OrganizationSwitches(directory, features), config, Clock.systemUTC());
    }

    RootAccessPolicyReconciler(OrganizationCache organizationCache, OrganizationSwitches switches,
            OperatorConfig config, Clock clock) {
        this.organizationCache = organizationCache;
        this.switches = switches;
        this.config = config;
        this.clock = clock;
        this.statusFactory = new PolicyStatusFactory(clock, config.statusListLimit());
    }

    @Override
    public List<EventSource<?, RootAccessPolicy>> prepareEventSources(EventSourceContext<RootAccessPolicy> context) {
        // the children: their status changes move the summary. A MemberAccountRootState no policy owns (written
        // by hand) takes its account away from every policy: its arrival, account change or deletion concerns all
        var primaries = context.getPrimaryCache();
        var byOwner = Mappers.<MemberAccountRootState>fromOwnerReferences(RootAccessPolicy.class);
        var children = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(MemberAccountRootState.class, RootAccessPolicy.class)
                .withName(CHILDREN)
                .withSecondaryToPrimaryMapper(mars -> ownedByPolicy(mars) ? byOwner.toPrimaryResourceIDs(mars)
                        : primaries.list().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((now, before) -> ownedByPolicy(now)
                        || !Objects.equals(accountOf(now), accountOf(before))
                        || !Objects.equals(now.getMetadata().getDeletionTimestamp(),
                                before.getMetadata().getDeletionTimestamp()))
                .build(), context);
        // the other policies: a spec change or deletion of one can change who owns an account in all the others
        var peers = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(RootAccessPolicy.class, RootAccessPolicy.class)
                .withName(PEERS)
                .withSecondaryToPrimaryMapper(changed -> primaries.list()
                        .filter(p -> !Objects.equals(p.getMetadata().getUid(), changed.getMetadata().getUid()))
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withOnUpdateFilter((now, before) -> !MAPPER.valueToTree(now.getSpec())
                        .equals(MAPPER.valueToTree(before.getSpec()))
                        || !Objects.equals(now.getMetadata().getDeletionTimestamp(),
                                before.getMetadata().getDeletionTimestamp()))
                .build(), context);
        return List.of(children, peers);
    }

    @Override
    public UpdateControl<RootAccessPolicy> reconcile(RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        if (policy.getStatus() == null) {
            policy.setStatus(new RootAccessPolicyStatus());
        }
        RootAccessPolicyStatus status = policy.getStatus();
        JsonNode before = StatusPatch.snapshot(status);
        Long generation = policy.getMetadata().getGeneration();
        String uid = policy.getMetadata().getUid();
        RootAccessPolicySpec spec = policy.getSpec() == null ? new RootAccessPolicySpec() : policy.getSpec();
        try {
            // tags cost one call per account: read them only while some policy selects by tag
            boolean tagsMatter = anyPolicyTargetsTags(spec, context);
            OrganizationSnapshot org = tagsMatter ? organizationCache.currentWithTags() : organizationCache.current();
            Optional<AwsException> refreshFailed = organizationCache.lastRefreshFailure();
            if (refreshFailed.isPresent()) {
                throw refreshFailed.get(); // reported as Stalled with the action and the fix, like a first read
            }
            if (!Objects.equals(status.observedGeneration, generation) && namesUnknown(spec, org)) {
                org = organizationCache.refresh();
            }
            statusFactory.organization(status, org);
            if (spec.organization != null) {
                statusFactory.switches(status, convergeSwitches(uid, spec));
            } else {
                observeSwitches().ifPresentOrElse(o -> statusFactory.switches(status, o),
                        () -> statusFactory.switchesUnmanaged(status));
            }
            Evaluation evaluation = evaluate(policy, spec, org, tagsMatter ? org.tagsPending() : Set.of(), context);
            Set<String> changed = syncChildren(policy, evaluation, context.getClient());
            status.observedGeneration = generation;
            statusFactory.summary(status, generation, evaluation.withoutNewsFrom(changed));
            failures.remove(uid);
            // a handover or a tag sweep ends without an event for this policy: look again soon
            Duration next = evaluation.handover().isEmpty() && evaluation.tagsPending().isEmpty()
                    ? config.organizationRefreshInterval() : HANDOVER_RECHECK;
            return StatusPatch.patchIfChanged(policy, before).rescheduleAfter(next);
        } catch (AwsException e) {
            status.observedGeneration = generation;
            boolean retryable = statusFactory.error(status, generation, e);
            LOG.warnf("policy %s: %s", key(policy), e);
            // not retryable errors need a person, who may fix AWS without touching the policy: look again later
            Duration next = retryable ? backoff(uid) : config.organizationRefreshInterval();
            return StatusPatch.patchIfChanged(policy, before).rescheduleAfter(next);
        }
    }

    @Override
    public DeleteControl cleanup(RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        // owner references let Kubernetes collect the children; deleting them here also works where no GC runs
        for (MemberAccountRootState child : ownChildren(policy, context)) {
            context.getClient().resource(child).delete();
        }
        switchesMemo.remove(policy.getMetadata().getUid());
        failures.remove(policy.getMetadata().getUid());
        return DeleteControl.defaultDelete();
    }

    /**
     * Policies that do not manage the switches still show them: one shared, read-only look per refresh
     * interval, best effort (a failure here must not stop a policy that only manages accounts).
     */
    private Optional<OrganizationSwitches.Observed> observeSwitches() {
        try {
            return Optional.of(convergeSwitches(SHARED_OBSERVATION,
                    new OrganizationSpec()));
        } catch (AwsException e) {
            LOG.debugf("reading the organization switches failed: %s", e);
            return Optional.empty();
        }
    }

    private OrganizationSwitches.Observed convergeSwitches(String uid, RootAccessPolicySpec spec) {
        return convergeSwitches(uid, spec.organization);
    }

    private OrganizationSwitches.Observed convergeSwitches(String uid,
            OrganizationSpec organization) {
        JsonNode wanted = MAPPER.valueToTree(organization);
        SwitchesMemo memo = switchesMemo.get(uid);
        Instant now = clock.instant();
        if (memo != null && memo.spec().equals(wanted)
                && memo.at().plus(config.organizationRefreshInterval()).isAfter(now)) {
            return memo.observed();
        }
        OrganizationSwitches.Observed observed = switches.converge(organization);
        if (!observed.changes().isEmpty()) {
            LOG.infof("organization %s: %s", observed.organization().id(), String.join(", ", observed.changes()));
        }
        switchesMemo.put(uid, new SwitchesMemo(wanted, observed, now));
        // what was just read (and written) is also the freshest view for the policies that only look
        switchesMemo.put(SHARED_OBSERVATION, new SwitchesMemo(MAPPER.valueToTree(new OrganizationSpec()), observed,
                now));
        return observed;
    }

    private Evaluation evaluate(RootAccessPolicy policy, RootAccessPolicySpec spec, OrganizationSnapshot org,
            Set<String> tagsPending, Context<RootAccessPolicy> context) {
        DesiredState desired = DesiredState.of(spec);
        Map<String, MemberAccountRootState> children = new TreeMap<>();
        for (MemberAccountRootState child : ownChildren(policy, context)) {
            String account = Children.accountId(child);
            if (account != null) {
                children.merge(account, child, (a, b) -> ChildNames.of(account, policy.getMetadata().getName())
                        .equals(a.getMetadata().getName()) ? a : b);
            }
        }
        if (desired == null) {
            var selection = new Targeting.Selection(List.of(), List.of(), List.of(), Targeting.declared(spec.targets));
            return new Evaluation(null, selection, List.of(), Map.of(), Map.of(), children, Set.of(),
                    new Rollout.Plan(Set.of(), 0, 0, false), Set.of());
        }
        Map<String, String> ownResources = handWrittenResources(context);
        Targeting.Selection selection = Targeting.select(spec.targets, spec.exclude, org)
                .withoutOwnResources(ownResources);
        var self = new Conflicts.Claim(key(policy), priority(spec), desired, Set.copyOf(selection.selected()));
        List<Conflicts.Claim> others = peers(context)
                .filter(p -> !Objects.equals(p.getMetadata().getUid(), policy.getMetadata().getUid()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> claim(p, org, ownResources)).filter(Objects::nonNull).toList();
        Map<String, Conflicts.Decision> decisions = Conflicts.resolve(self, others);

        List<String> owned = new ArrayList<>();
        Map<String, Conflicts.Decision> ties = new HashMap<>();
        Map<String, Conflicts.Decision> yielded = new HashMap<>();
        for (String id : selection.selected()) {
            if (tagsPending.contains(id)) {
                continue; // a peer's tag selector may claim it once its tags are read
            }
            Conflicts.Decision d = decisions.get(id);
            switch (d.outcome()) {
                case OWN -> owned.add(id);
                case TIE -> ties.put(id, d);
                default -> yielded.put(id, d);
            }
        }
        Set<String> handover = new LinkedHashSet<>();
        Set<String> othersChildren = null; // read once, and only when some owned account has no child yet
        for (String id : owned) {
            if (!children.containsKey(id)) {
                if (othersChildren == null) {
                    othersChildren = accountsWithOtherPoliciesChildren(policy, context);
                }
                if (othersChildren.contains(id)) {
                    handover.add(id);
                }
            }
        }
        Map<String, Rollout.ChildView> views = new HashMap<>();
        children.forEach((id, child) -> views.put(id, Children.view(child, desired)));
        RolloutSpec rollout = spec.rollout == null ? new RolloutSpec() : spec.rollout;
        boolean paced = desired.mode() == Mode.Enforce && spec.rootCredentials.state != RootCredentialsState.Audit;
        List<String> rollable = owned.stream().filter(id -> !handover.contains(id)).toList();
        Rollout.Plan plan = Rollout.plan(rollable, views,
                rollout.maxInFlight == null ? 10 : rollout.maxInFlight, Boolean.TRUE.equals(rollout.paused), paced);
        return new Evaluation(desired, selection, List.copyOf(owned), ties, yielded, children, handover, plan,
                tagsPending);
    }

    /**
     * A spec just written that names ids or OUs the cached snapshot lacks most likely names something new (an
     * account created minutes ago): read the organization again once, rather than report it unknown (and the
     * policy Ready with nothing selected) until the next refresh. Only on the first pass of a generation, so a
     * typo costs one sweep of the organization, not one per pass.
     */
    private static boolean namesUnknown(RootAccessPolicySpec spec, OrganizationSnapshot org) {
        return !Targeting.select(spec.targets, spec.exclude, org).unknownTargets().isEmpty();
    }

    /** Also the peers: their claims, computed from the same snapshot, must see tags too. */
    private static boolean anyPolicyTargetsTags(RootAccessPolicySpec spec, Context<RootAccessPolicy> context) {
        return targetsTags(spec) || peers(context).anyMatch(p -> targetsTags(p.getSpec()));
    }

    private static boolean targetsTags(RootAccessPolicySpec spec) {
        return spec != null && spec.targets != null && spec.targets.tags != null && !spec.targets.tags.isEmpty();
    }

    /**
     * All policies, from the informer whose events re-evaluate us on a peer's change (so the change that woke
     * us up is already in it); the controller's own cache otherwise.
     */
    @SuppressWarnings("unchecked")
    private static java.util.stream.Stream<RootAccessPolicy> peers(Context<RootAccessPolicy> context) {
        try {
            var source = context.eventSourceRetriever().getEventSourceFor(RootAccessPolicy.class, PEERS);
            if (source instanceof InformerEventSource<?, ?> informer) {
                return ((InformerEventSource<RootAccessPolicy, RootAccessPolicy>) informer).list(p -> true);
            }
        } catch (IllegalArgumentException | io.javaoperatorsdk.operator.OperatorException e) {
            // not registered (unit wiring): fall through
        }
        return context.getPrimaryCache().list();
    }

    private static Conflicts.Claim claim(RootAccessPolicy other, OrganizationSnapshot org,
            Map<String, String> ownResources) {
        DesiredState desired = DesiredState.of(other.getSpec());
        if (desired == null) {
            return null;
        }
        var selection = Targeting.select(other.getSpec().targets, other.getSpec().exclude, org)
                .withoutOwnResources(ownResources);
        return new Conflicts.Claim(key(other), priority(other.getSpec()), desired, Set.copyOf(selection.selected()));
    }

    /**
     * This policy's children. The informer also maps hand-written resources to every policy (they change what
     * each may select): those are never a policy's to update or delete.
     */
    private static List<MemberAccountRootState> ownChildren(RootAccessPolicy policy, Context<RootAccessPolicy> context) {
        String uid = policy.getMetadata().getUid();
        return context.getSecondaryResources(MemberAccountRootState.class).stream()
                .filter(c -> c.getMetadata().getOwnerReferences().stream().anyMatch(o -> Objects.equals(uid, o.getUid())))
                .toList();
    }

    private static boolean ownedByPolicy(MemberAccountRootState mars) {
        return mars.getMetadata().getOwnerReferences().stream().anyMatch(o -> "RootAccessPolicy".equals(o.getKind()));
    }

    private static String accountOf(MemberAccountRootState mars) {
        return mars.getSpec() == null ? null : mars.getSpec().accountId;
    }

    /** Account id -> namespace/name of the MemberAccountRootStates no policy owns (written by hand), any namespace. */
    private static Map<String, String> handWrittenResources(Context<RootAccessPolicy> context) {
        var source = context.eventSourceRetriever().getEventSourceFor(MemberAccountRootState.class, CHILDREN);
        if (!(source instanceof InformerEventSource<MemberAccountRootState, RootAccessPolicy> informer)) {
            return Map.of();
        }
        Map<String, String> byAccount = new HashMap<>();
        informer.list(c -> c.getSpec() != null && c.getSpec().accountId != null
                && c.getMetadata().getDeletionTimestamp() == null
                && !ownedByPolicy(c))
                .forEach(c -> byAccount.put(c.getSpec().accountId,
                        c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
        return byAccount;
    }

    /** Accounts for which another policy's child still exists (we lost it to no one, it is on its way out). */
    private static Set<String> accountsWithOtherPoliciesChildren(RootAccessPolicy policy,
            Context<RootAccessPolicy> context) {
        var source = context.eventSourceRetriever().getEventSourceFor(MemberAccountRootState.class, CHILDREN);
        if (!(source instanceof InformerEventSource<MemberAccountRootState, RootAccessPolicy> informer)) {
            return Set.of();
        }
        return informer.list(c -> c.getMetadata().getLabels() != null
                && c.getMetadata().getLabels().containsKey(ApiGroup.LABEL_ACCOUNT_ID)
                && c.getMetadata().getLabels().containsKey(ApiGroup.LABEL_POLICY)
                && c.getMetadata().getOwnerReferences().stream()
                        .noneMatch(o -> Objects.equals(o.getUid(), policy.getMetadata().getUid())))
                .map(c -> c.getMetadata().getLabels().get(ApiGroup.LABEL_ACCOUNT_ID))
                .collect(Collectors.toSet());
    }

    /** @return the accounts whose child was created or had its spec changed in this pass */
    private Set<String> syncChildren(RootAccessPolicy policy, Evaluation evaluation, KubernetesClient client) {
        Set<String> keep = new LinkedHashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        for (String id : evaluation.owned()) {
            if (evaluation.handover().contains(id)) {
                continue;
            }
            boolean suspend = !evaluation.plan().released().contains(id);
            MemberAccountRootState wanted = Children.desired(policy, id, evaluation.desired(), suspend);
            MemberAccountRootState existing = evaluation.children().get(id);
            if (existing == null) {
                create(client, wanted);
                keep.add(wanted.getMetadata().getName());
                changed.add(id);
            } else {
                keep.add(existing.getMetadata().getName());
                if (Children.differs(existing, wanted)) {
                    changed.add(id);
                    client.resources(MemberAccountRootState.class).inNamespace(existing.getMetadata().getNamespace())
                            .withName(existing.getMetadata().getName()).edit(c -> {
                                c.setSpec(wanted.getSpec());
                                c.getMetadata().getLabels().putAll(wanted.getMetadata().getLabels());
                                return c;
                            });
                    LOG.debugf("policy %s: updated child %s (suspend=%s)", key(policy),
                            existing.getMetadata().getName(), suspend);
                }
            }
        }
        for (MemberAccountRootState child : evaluation.children().values()) {
            if (!keep.contains(child.getMetadata().getName())
                    && !evaluation.tagsPending().contains(Children.accountId(child))) {
                delete(client, policy, child);
            }
        }
        return changed;
    }

    private static void create(KubernetesClient client, MemberAccountRootState child) {
        try {
            client.resource(child).create();
            LOG.debugf("created child %s/%s", child.getMetadata().getNamespace(), child.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // created by an earlier pass and not yet in the informer cache: the next event brings it
        }
    }

    private static void delete(KubernetesClient client, RootAccessPolicy policy, MemberAccountRootState child) {
        // no AWS call: the account left the organization, the selection, or this policy's ownership
        client.resource(child).delete();
        LOG.infof("policy %s: removed child %s (account %s no longer acted on by this policy)", key(policy),
                child.getMetadata().getName(), Children.accountId(child));
    }

    private Duration backoff(String uid) {
        int n = failures.merge(uid, 1, Integer::sum);
        long seconds = BACKOFF_BASE.getSeconds() << Math.min(n - 1, 16);
        return Duration.ofSeconds(Math.min(seconds, BACKOFF_MAX.getSeconds()));
    }

    static String key(RootAccessPolicy policy) {
        return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    }

    private static int priority(RootAccessPolicySpec spec) {
        return spec.priority == null ? 0 : spec.priority;
    }
}
