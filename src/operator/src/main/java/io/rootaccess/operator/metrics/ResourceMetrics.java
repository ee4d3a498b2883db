package io.rootaccess.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.lifecycle.Leadership;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The account, policy and task gauges, recounted from the operator's informer caches every
 * rootaccess.metrics-refresh-interval (no Kubernetes API call, no AWS call; O(accounts) per count).
 * Gauges of a policy that is gone disappear with it. Only the leader exports them (a follower's
 * caches hold the same resources): a sum over replicas counts each resource once.
 */
@Singleton
public class ResourceMetrics {
    private static final Logger LOG = Logger.getLogger(ResourceMetrics.class);
    static final String ACCOUNTS = "rootaccess.accounts";
    static final String HOLDING = "rootaccess.accounts.holding.root.credential";
    static final String BLOCKED_LONGEST = "rootaccess.accounts.blocked.longest";
    static final String OLDEST_AUDIT = "rootaccess.audit.oldest.age";
    static final String OVERDUE = "rootaccess.audits.overdue";
    static final String HOLD_PROLONGED = "rootaccess.accounts.hold.prolonged";
    static final String POLICY_CONDITION = "rootaccess.policy.condition";
    static final String TASKS = "rootaccess.tasks";
    static final String REAPPEARED = "rootaccess.root.credentials.reappeared";
    static final String INFO = "rootaccess.operator.info";
    static final String LEADER = "rootaccess.operator.leader";
    static final String REMOVAL_SCHEDULED_EARLIEST =
            "rootaccess.removal.scheduled.earliest.timestamp";
    static final String ACCOUNT_REMOVAL_SCHEDULED =
            "rootaccess.account.removal.scheduled.timestamp";

    private final MeterRegistry registry;
    private final Instance<Operator> operator;
    private final Clock clock;
    private final ResourceCensus census;
    private final Leadership leadership;
    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();

    public ResourceMetrics(
            MeterRegistry registry,
            Instance<Operator> operator,
            Leadership leadership,
            @ConfigProperty(
                            name = "rootaccess.metrics.scheduled-account-labels",
                            defaultValue = "false")
                    boolean scheduledAccountLabels,
            // the pom's version, recorded by the Quarkus build (the app jar has no manifest of its
            // own)
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
                    String version,
            Clock clock) {
        this.clock = clock;
        this.registry = registry;
        this.operator = operator;
        this.leadership = leadership;
        this.census = new ResourceCensus(scheduledAccountLabels);
        gauge(ACCOUNTS, null, "Accounts (MemberAccountRootStates) per policy and phase");
        gauge(HOLDING, null, "Accounts whose last audit saw this root credential type");
        gauge(
                BLOCKED_LONGEST,
                "seconds",
                "How long the longest-blocked account of a policy has been BlockedByPolicy (0: none)");
        gauge(
                OLDEST_AUDIT,
                "seconds",
                "Age of the oldest last audit among a policy's audited accounts");
        gauge(OVERDUE, null, "Accounts whose audit is more than an hour past its nextAuditTime");
        gauge(
                HOLD_PROLONGED,
                null,
                "Accounts held by one break-glass task after another for longer than"
                        + " rootaccess.break-glass-prolonged-hold");
        gauge(POLICY_CONDITION, null, "1 when the policy's condition of this type is True, else 0");
        gauge(TASKS, null, "PrivilegedRootTasks per namespace, type and phase");
        gauge(
                REMOVAL_SCHEDULED_EARLIEST,
                "seconds",
                "Unix time of the earliest status.scheduledAt among a policy's Scheduled accounts");
        gauge(
                ACCOUNT_REMOVAL_SCHEDULED,
                "seconds",
                "Unix time a Scheduled account's root credentials will be removed (opt-in, one per account)");
        Gauge.builder(INFO, () -> 1)
                .description("Always 1 while the operator runs (alert on its absence)")
                .tag("version", version)
                .register(registry);
        Gauge.builder(LEADER, leadership, l -> l.leads() ? 1 : 0)
                .description(
                        "1 on the replica that holds the Lease (or runs without election), 0 on a follower")
                .register(registry);
    }

    private void gauge(String name, String unit, String description) {
        gauges.put(
                name,
                MultiGauge.builder(name)
                        .baseUnit(unit)
                        .description(description)
                        .register(registry));
    }

    // delayUnit: Quarkus counts delay in minutes by default, and the gauges
    // (rootaccess_operator_info
    // among them) are registered by the first refresh
    @Scheduled(
            every = "${rootaccess.metrics-refresh-interval}",
            delay = 1,
            delayUnit = TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    /** Recounts now (the demo calls this before its final scrape). */
    public synchronized void refresh() {
        List<RootAccessPolicy> policies = new ArrayList<>();
        List<MemberAccountRootState> accounts = new ArrayList<>();
        List<PrivilegedRootTask> tasks = new ArrayList<>();
        try {
            if (!operator.isResolvable()) {
                return;
            }
            for (RegisteredController<?> registered : operator.get().getRegisteredControllers()) {
                if (!(registered instanceof Controller<?> controller)) {
                    continue;
                }
                Class<?> kind = controller.getConfiguration().getResourceClass();
                List<? extends HasMetadata> cached =
                        controller
                                .getEventSourceManager()
                                .getControllerEventSource()
                                .list(r -> true)
                                .toList();
                for (HasMetadata r : cached) {
                    if (kind == RootAccessPolicy.class) {
                        policies.add((RootAccessPolicy) r);
                    } else if (kind == MemberAccountRootState.class) {
                        accounts.add((MemberAccountRootState) r);
                    } else if (kind == PrivilegedRootTask.class) {
                        tasks.add((PrivilegedRootTask) r);
                    }
                }
            }
        } catch (RuntimeException e) {
            // not started yet, or stopping: keep the last values
            LOG.debugf("metrics: caches not readable yet: %s", e.toString());
            return;
        }
        publish(policies, accounts, tasks);
    }

    /**
     * The gauges of these resources on the leader; none on a follower (the series it exported as a
     * leader, if any, are removed).
     */
    synchronized void publish(
            List<RootAccessPolicy> policies,
            List<MemberAccountRootState> accounts,
            List<PrivilegedRootTask> tasks) {
        Map<String, List<MultiGauge.Row<?>>> rows = new LinkedHashMap<>();
        gauges.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
        if (!leadership.leads()) {
            rows.forEach((name, r) -> gauges.get(name).register(r, true));
            return;
        }
        ResourceCensus.Result result = census.count(policies, accounts, tasks, clock.instant());
        for (ResourceCensus.Sample s : result.gauges()) {
            rows.get(s.metric()).add(MultiGauge.Row.of(tags(s.tags()), s.value()));
            if (s.metric().equals(BLOCKED_LONGEST)) {
                reappeared(tags(s.tags())); // one per policy, from 0: increase() then sees
                // the first reappearance
            }
        }
        rows.forEach((name, r) -> gauges.get(name).register(r, true));
        result.reappeared().forEach((t, n) -> reappeared(tags(t)).increment(n));
    }

    private Counter reappeared(Tags tags) {
        return Counter.builder(REAPPEARED)
                .tags(tags)
                .description(
                        "Accounts where root credentials came back after the account was compliant (unchanged spec)")
                .register(registry);
    }

    private static Tags tags(Map<String, String> map) {
        Tags tags = Tags.empty();
        for (var e : map.entrySet()) {
            tags = tags.and(e.getKey(), e.getValue());
        }
        return tags;
    }
}
