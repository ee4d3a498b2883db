package io.rootaccess.operator.metrics;

import io.fabric8.kubernetes.api.model.Condition;
import io.rootaccess.operator.account.AccountReasons;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.account.ObservedRootCredentials;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Counts what the resources' status says, per namespace and policy: accounts per phase, accounts
 * still holding each root credential type, the longest-blocked account, the oldest audit, overdue
 * audits, policy conditions and tasks per phase. Between two counts it remembers each account's
 * phase, so it can tell when credentials came back in an account that was compliant with an
 * unchanged spec (the reappearance a security team wants paged).
 */
final class ResourceCensus {
    /**
     * An audit this much past its nextAuditTime is overdue (rate limits may delay audits a little
     * at scale).
     */
    static final Duration OVERDUE_GRACE = Duration.ofHours(1);

    static final List<String> POLICY_CONDITIONS =
            List.of(
                    ConditionTypes.READY,
                    ConditionTypes.RECONCILING,
                    ConditionTypes.STALLED,
                    ConditionTypes.CONFLICT);
    static final String NO_POLICY = "none";

    /** One gauge value: metric (Micrometer name), its tags in a fixed order, value. */
    record Sample(String metric, Map<String, String> tags, double value) {}

    /**
     * What one count found: the gauges, and the accounts per (namespace, policy) where credentials
     * reappeared.
     */
    record Result(List<Sample> gauges, Map<Map<String, String>, Integer> reappeared) {}

    private record Memo(AccountPhase phase, String specHash, Instant newestAction) {}

    private Map<String, Memo> previous = Map.of();

    /** Opt-in: one removal-scheduled series per Scheduled account, with its account id. */
    private final boolean scheduledAccountLabels;

    ResourceCensus() {
        this(false);
    }

    ResourceCensus(boolean scheduledAccountLabels) {
        this.scheduledAccountLabels = scheduledAccountLabels;
    }

    synchronized Result count(
            List<RootAccessPolicy> policies,
            List<MemberAccountRootState> accounts,
            List<PrivilegedRootTask> tasks,
            Instant now) {
        List<Sample> out = new ArrayList<>();
        Map<Map<String, String>, Integer> reappeared = new LinkedHashMap<>();
        TreeSet<List<String>> policyKeys =
                new TreeSet<>(
                        (a, b) -> (a.get(0) + "/" + a.get(1)).compareTo(b.get(0) + "/" + b.get(1)));
        for (RootAccessPolicy p : policies) {
            policyKeys.add(
                    List.of(namespace(p.getMetadata().getNamespace()), p.getMetadata().getName()));
        }
        Map<List<String>, List<MemberAccountRootState>> byPolicy = new HashMap<>();
        for (MemberAccountRootState a : accounts) {
            List<String> key = List.of(namespace(a.getMetadata().getNamespace()), policyOf(a));
            policyKeys.add(key);
            byPolicy.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        }
        Map<String, Memo> memos = new HashMap<>();
        for (List<String> key : policyKeys) {
            List<MemberAccountRootState> members = byPolicy.getOrDefault(key, List.of());
            Map<AccountPhase, Integer> phases = new LinkedHashMap<>();
            for (AccountPhase phase : AccountPhase.values()) {
                phases.put(phase, 0);
            }
            int[] holding = new int[Credential.values().length];
            double blockedLongest = 0;
            Double oldestAudit = null;
            int overdue = 0;
            int holdProlonged = 0;
            int reappearedHere = 0;
            Instant earliestRemoval = null;
            for (MemberAccountRootState a : members) {
                MemberAccountRootStateStatus st = a.getStatus();
                AccountPhase phase =
                        st == null || st.phase == null ? AccountPhase.Pending : st.phase;
                phases.merge(phase, 1, Integer::sum);
                if (st == null) {
                    continue;
                }
                for (Credential c : Credential.values()) {
                    if (c.held(st.credentials)) {
                        holding[c.ordinal()]++;
                    }
                }
                if (phase == AccountPhase.Blocked) {
                    Instant since = since(st.conditions, ConditionTypes.BLOCKED_BY_POLICY);
                    if (since != null) {
                        blockedLongest = Math.max(blockedLongest, seconds(since, now));
                    }
                }
                Instant audited = parse(st.lastAuditTime);
                if (audited != null) {
                    oldestAudit =
                            Math.max(oldestAudit == null ? 0 : oldestAudit, seconds(audited, now));
                }
                Instant scheduledAt = parse(st.scheduledAt);
                if (phase == AccountPhase.Scheduled && scheduledAt != null) {
                    // owners warned first: when the first removal of the policy's accounts is due
                    if (earliestRemoval == null || scheduledAt.isBefore(earliestRemoval)) {
                        earliestRemoval = scheduledAt;
                    }
                    if (scheduledAccountLabels && a.getSpec() != null) {
                        out.add(
                                new Sample(
                                        ResourceMetrics.ACCOUNT_REMOVAL_SCHEDULED,
                                        tags(
                                                key.get(0),
                                                key.get(1),
                                                "account_id",
                                                String.valueOf(a.getSpec().accountId)),
                                        scheduledAt.toEpochMilli() / 1000.0));
                    }
                }
                if (Conditions.find(st.conditions, ConditionTypes.ON_HOLD)
                        .filter(c -> AccountReasons.HOLD_PROLONGED.equals(c.getReason()))
                        .isPresent()) {
                    holdProlonged++;
                }
                Instant due = parse(st.nextAuditTime);
                if (due != null && due.plus(OVERDUE_GRACE).isBefore(now)) {
                    overdue++;
                }
                String uid =
                        a.getMetadata().getUid() == null
                                ? key + "/" + a.getMetadata().getName()
                                : a.getMetadata().getUid();
                Memo memo = new Memo(phase, st.convergedSpecHash, newestRemoval(st.lastActions));
                memos.put(uid, memo);
                if (reappeared(previous.get(uid), memo)) {
                    reappearedHere++;
                }
            }
            String ns = key.get(0);
            String policy = key.get(1);
            phases.forEach(
                    (phase, n) ->
                            out.add(
                                    new Sample(
                                            ResourceMetrics.ACCOUNTS,
                                            tags(ns, policy, "phase", phase.name()),
                                            n)));
            for (Credential c : Credential.values()) {
                out.add(
                        new Sample(
                                ResourceMetrics.HOLDING,
                                tags(ns, policy, "credential", c.label),
                                holding[c.ordinal()]));
            }
            out.add(
                    new Sample(
                            ResourceMetrics.BLOCKED_LONGEST,
                            tags(ns, policy, null, null),
                            blockedLongest));
            if (oldestAudit != null) {
                out.add(
                        new Sample(
                                ResourceMetrics.OLDEST_AUDIT,
                                tags(ns, policy, null, null),
                                oldestAudit));
            }
            out.add(new Sample(ResourceMetrics.OVERDUE, tags(ns, policy, null, null), overdue));
            out.add(
                    new Sample(
                            ResourceMetrics.HOLD_PROLONGED,
                            tags(ns, policy, null, null),
                            holdProlonged));
            if (earliestRemoval != null) {
                out.add(
                        new Sample(
                                ResourceMetrics.REMOVAL_SCHEDULED_EARLIEST,
                                tags(ns, policy, null, null),
                                earliestRemoval.toEpochMilli() / 1000.0));
            }
            if (reappearedHere > 0) {
                reappeared.put(tags(ns, policy, null, null), reappearedHere);
            }
        }
        for (RootAccessPolicy p : policies) {
            List<Condition> conditions =
                    p.getStatus() == null ? List.of() : p.getStatus().conditions;
            for (String type : POLICY_CONDITIONS) {
                boolean isTrue =
                        conditions != null
                                && conditions.stream()
                                        .anyMatch(
                                                c ->
                                                        type.equals(c.getType())
                                                                && ConditionTypes.TRUE.equals(
                                                                        c.getStatus()));
                out.add(
                        new Sample(
                                ResourceMetrics.POLICY_CONDITION,
                                tags(
                                        namespace(p.getMetadata().getNamespace()),
                                        p.getMetadata().getName(),
                                        "type",
                                        type),
                                isTrue ? 1 : 0));
            }
        }
        Map<List<String>, Integer> taskCounts = new HashMap<>();
        TreeSet<String> taskNamespaces = new TreeSet<>();
        for (PrivilegedRootTask t : tasks) {
            String ns = namespace(t.getMetadata().getNamespace());
            taskNamespaces.add(ns);
            TaskType type = t.getSpec() == null ? null : t.getSpec().type;
            TaskPhase phase =
                    t.getStatus() == null || t.getStatus().phase == null
                            ? TaskPhase.Pending
                            : t.getStatus().phase;
            taskCounts.merge(
                    List.of(ns, type == null ? "unknown" : type.name(), phase.name()),
                    1,
                    Integer::sum);
        }
        for (String ns : taskNamespaces) {
            for (TaskType type : TaskType.values()) {
                for (TaskPhase phase : TaskPhase.values()) {
                    Map<String, String> t = new LinkedHashMap<>();
                    t.put("namespace", ns);
                    t.put("type", type.name());
                    t.put("phase", phase.name());
                    out.add(
                            new Sample(
                                    ResourceMetrics.TASKS,
                                    t,
                                    taskCounts.getOrDefault(
                                            List.of(ns, type.name(), phase.name()), 0)));
                }
            }
        }
        previous = memos;
        return new Result(out, reappeared);
    }

    /**
     * Credentials came back: the account was Compliant, its spec is unchanged, and now it is not
     * compliant (an audit found credentials) or the operator removed credentials since (it found
     * and fixed the drift between two counts).
     */
    static boolean reappeared(Memo before, Memo now) {
        if (before == null
                || before.phase() != AccountPhase.Compliant
                || before.specHash() == null
                || !Objects.equals(before.specHash(), now.specHash())) {
            return false;
        }
        boolean driftSeen =
                now.phase() == AccountPhase.NonCompliant || now.phase() == AccountPhase.InProgress;
        boolean removedSince =
                now.newestAction() != null
                        && (before.newestAction() == null
                                || now.newestAction().isAfter(before.newestAction()));
        return driftSeen || removedSince;
    }

    /** The root credential types, as the {@code credential} label spells them. */
    enum Credential {
        PASSWORD("password"),
        ACCESS_KEYS("access_keys"),
        MFA_DEVICES("mfa_devices"),
        SIGNING_CERTIFICATES("signing_certificates");

        final String label;

        Credential(String label) {
            this.label = label;
        }

        boolean held(ObservedRootCredentials c) {
            if (c == null) {
                return false;
            }
            return switch (this) {
                case PASSWORD -> Boolean.TRUE.equals(c.passwordPresent);
                case ACCESS_KEYS -> c.accessKeysPresent != null && c.accessKeysPresent > 0;
                case MFA_DEVICES -> c.mfaDevicesPresent != null && c.mfaDevicesPresent > 0;
                case SIGNING_CERTIFICATES ->
                        c.signingCertificatesPresent != null && c.signingCertificatesPresent > 0;
            };
        }
    }

    private static Instant newestRemoval(List<ActionRecord> actions) {
        Instant newest = null;
        if (actions == null) {
            return null;
        }
        for (ActionRecord r : actions) {
            boolean removal =
                    r.action != null
                            && (r.action.startsWith("iam:Delete")
                                    || r.action.startsWith("iam:Deactivate"));
            Instant t = removal ? parse(r.time) : null;
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        return newest;
    }

    private static Instant since(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(c -> type.equals(c.getType()) && ConditionTypes.TRUE.equals(c.getStatus()))
                .map(c -> parse(c.getLastTransitionTime()))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, String> tags(String ns, String policy, String key, String value) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("namespace", ns);
        t.put("policy", policy);
        if (key != null) {
            t.put(key, value);
        }
        return t;
    }

    private static String policyOf(MemberAccountRootState a) {
        Map<String, String> labels = a.getMetadata().getLabels();
        String policy = labels == null ? null : labels.get(ApiGroup.LABEL_POLICY);
        return policy == null || policy.isBlank() ? NO_POLICY : policy;
    }

    private static String namespace(String ns) {
        return ns == null ? "" : ns;
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }

    private static Instant parse(String time) {
        if (time == null || time.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            try {
                return java.time.OffsetDateTime.parse(time).toInstant();
            } catch (RuntimeException again) {
                return null;
            }
        }
    }
}
