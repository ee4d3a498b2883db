package io.rootaccess.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request the sandbox received: by operation ({@code iam:GetAccountSummary}), by
 * operation and calling account, by caller and by user agent, and by outcome. Failed, throttled,
 * denied and timed-out calls count too: AWS bills and logs them as well, and tests assert on what
 * the operator attempted.
 *
 * <p>Callers are told apart two ways. The <b>caller key</b> is the access key id of the long-lived
 * identity behind a call: the operator's own key (AKIA...) for its calls, and for calls inside a
 * root session the key that called sts:AssumeRoot, so all of one operator instance's work adds up
 * under its key; calls the sandbox cannot attribute count under {@code "unknown"}. The <b>agent</b>
 * is the distinguishing part of the HTTP User-Agent: the SDK's {@code app/<appId>} and any suffix a
 * client adds, without the SDK's own version, OS and language tokens ({@code ""} when nothing
 * distinguishes it).
 *
 * <p>Counters only, no per-call records: the memory stays bounded over long runs.
 */
public final class CallLog {
    /** Operations that change state; everything else is a read. */
    static final Set<String> MUTATING =
            Set.of(
                    "sts:AssumeRoot",
                    "iam:EnableOrganizationsRootCredentialsManagement",
                    "iam:DisableOrganizationsRootCredentialsManagement",
                    "iam:EnableOrganizationsRootSessions",
                    "iam:DisableOrganizationsRootSessions",
                    "iam:CreateLoginProfile",
                    "iam:DeleteLoginProfile",
                    "iam:DeleteAccessKey",
                    "iam:DeleteSigningCertificate",
                    "iam:DeactivateMFADevice",
                    "organizations:EnableAWSServiceAccess",
                    "organizations:DisableAWSServiceAccess",
                    "organizations:RegisterDelegatedAdministrator",
                    "organizations:DeregisterDelegatedAdministrator",
                    "s3:PutBucketPolicy",
                    "s3:DeleteBucketPolicy",
                    "sqs:SetQueueAttributes");

    /** The outcome recorded for a call that got no answer (an injected timeout). */
    public static final String TIMEOUT = "Timeout";

    /** The outcome recorded for a successful call. */
    public static final String OK = "OK";

    /** Injected fault classes ({@link #injectedFaults()}). */
    public static final String FAULT_THROTTLE = "throttle";

    public static final String FAULT_5XX = "5xx";
    public static final String FAULT_TIMEOUT = "timeout";

    /** A state-changing call applied, then answered 500/503. */
    public static final String FAULT_5XX_AFTER = "5xx-after";

    /** A state-changing call applied, then left without an answer. */
    public static final String FAULT_TIMEOUT_AFTER = "timeout-after";

    private final ConcurrentHashMap<String, LongAdder> injected = new ConcurrentHashMap<>();

    /** Requests (see Sandbox#requestKey) whose change was applied but whose answer was lost. */
    private final Set<String> lostResponses = ConcurrentHashMap.newKeySet();

    private final LongAdder retriesAfterLostResponse = new LongAdder();

    private final ConcurrentHashMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byOperationAndAccount =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> okByOperationAndAccount =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byCaller = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byAgent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byCallerAndOperation =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byAgentAndOperation =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> assumeRootByAccount =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> mutatingByAccount =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> alreadyGoneByOperation =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> alreadyGoneByAccount =
            new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder alreadyGone = new LongAdder();

    /** What the log keeps of one call. */
    record Entry(
            String operation,
            String accountId,
            String callerKey,
            String agent,
            String outcome,
            String assumeRootTarget,
            boolean alreadyGone,
            String requestKey,
            String destroyed,
            String priorDocument) {}

    /**
     * One successful destructive call: in which account (for in-session calls the member account),
     * by which agent, what it destroyed ({@code "password"}, {@code "access-key:<id>"}, {@code
     * "certificate:<id>"}, {@code "mfa:<serial>"}, {@code "bucket-policy:<bucket>"}, {@code
     * "queue-policy:<queue>"}) and, for a bucket or queue policy, the document it removed.
     */
    public record Destruction(
            String operation,
            String accountId,
            String agent,
            String destroyed,
            String priorDocument) {}

    /** How many destructions {@link #destructions()} keeps (memory stays bounded). */
    static final int DESTRUCTIONS_KEPT = 200_000;

    private final ConcurrentLinkedQueue<Destruction> destructions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger destructionsKept = new AtomicInteger();

    /** How many calls {@link #firstCalls()} keeps: enough to see where a start-up goes. */
    static final int FIRST_CALLS_KEPT = 2000;

    /** One of the first calls: when it arrived (System.nanoTime) and what it was. */
    public record Timed(long nanoTime, String operation, String outcome) {}

    private final ConcurrentLinkedQueue<Timed> firstCalls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger firstCallsKept = new AtomicInteger();

    /**
     * The first {@link #FIRST_CALLS_KEPT} calls since the last reset, in arrival order, with their
     * arrival time: `make bench` shows what happened before the first AssumeRoot.
     */
    public List<Timed> firstCalls() {
        return List.copyOf(firstCalls);
    }

    /** Counts a call before its answer is sent, so a caller that got the answer sees it counted. */
    void record(Entry e) {
        if (firstCallsKept.get() < FIRST_CALLS_KEPT
                && firstCallsKept.incrementAndGet() <= FIRST_CALLS_KEPT) {
            firstCalls.add(new Timed(System.nanoTime(), e.operation(), e.outcome()));
        }
        total.increment();
        inc(byOperation, e.operation());
        inc(byOperationAndAccount, e.operation() + "@" + e.accountId());
        // the same request sent again after its change was applied and its answer lost: the
        // caller could not know, so it is neither a duplicate nor a second change
        boolean excused =
                e.alreadyGone() && e.requestKey() != null && lostResponses.remove(e.requestKey());
        if (excused) {
            retriesAfterLostResponse.increment();
        }
        if (OK.equals(e.outcome()) && !excused) {
            inc(okByOperationAndAccount, e.operation() + "@" + e.accountId());
        }
        inc(byCaller, e.callerKey());
        inc(byCallerAndOperation, e.callerKey() + "|" + e.operation());
        inc(byAgent, e.agent());
        inc(byAgentAndOperation, e.agent() + "|" + e.operation());
        inc(byOutcome, e.operation() + "|" + e.outcome());
        if (e.assumeRootTarget() != null) {
            inc(assumeRootByAccount, e.assumeRootTarget());
        }
        if (MUTATING.contains(e.operation())) {
            // AssumeRoot changes nothing in the target, but it is what CloudTrail and GuardDuty see
            // there.
            inc(
                    mutatingByAccount,
                    e.assumeRootTarget() != null ? e.assumeRootTarget() : e.accountId());
        }
        if (e.destroyed() != null && destructionsKept.incrementAndGet() <= DESTRUCTIONS_KEPT) {
            destructions.add(
                    new Destruction(
                            e.operation(),
                            e.accountId(),
                            e.agent(),
                            e.destroyed(),
                            e.priorDocument()));
        }
        if (e.alreadyGone() && !excused) {
            alreadyGone.increment();
            inc(alreadyGoneByOperation, e.operation());
            inc(alreadyGoneByAccount, e.accountId());
        }
    }

    /** Test and legacy entry: a successful call of an unattributed caller. */
    void record(String operation, String callerAccountId) {
        record(
                new Entry(
                        operation,
                        callerAccountId,
                        "unknown",
                        "",
                        OK,
                        null,
                        false,
                        null,
                        null,
                        null));
    }

    /** Counts one injected fault of a class ({@link #FAULT_THROTTLE}...). */
    void injected(String faultClass) {
        inc(injected, faultClass);
    }

    /**
     * Every successful destructive call since the last reset, in arrival order (the first {@link
     * #DESTRUCTIONS_KEPT}): what the sandbox's state held before each one.
     */
    public List<Destruction> destructions() {
        return List.copyOf(destructions);
    }

    /** Remembers a request whose change was applied and whose answer was lost. */
    void responseLost(String requestKey) {
        lostResponses.add(requestKey);
    }

    /**
     * Injected faults by class ({@link #FAULT_THROTTLE}, {@link #FAULT_5XX}, {@link
     * #FAULT_TIMEOUT}, {@link #FAULT_5XX_AFTER}, {@link #FAULT_TIMEOUT_AFTER}), sorted; a class
     * that never fired is absent. Throttles of the rate limits are not injected faults.
     */
    public Map<String, Long> injectedFaults() {
        return sorted(injected);
    }

    /**
     * Destructive calls that found nothing to destroy because they repeated a request whose change
     * was applied and whose answer was lost (a fault after the mutation): not counted as
     * duplicates, once per lost answer.
     */
    public long retriesAfterLostResponse() {
        return retriesAfterLostResponse.sum();
    }

    private static void inc(ConcurrentHashMap<String, LongAdder> m, String key) {
        m.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static long get(ConcurrentHashMap<String, LongAdder> m, String key) {
        LongAdder a = m.get(key);
        return a == null ? 0 : a.sum();
    }

    private static Map<String, Long> sorted(ConcurrentHashMap<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Calls of one operation, e.g. {@code count("sts:AssumeRoot")}. */
    public long count(String operation) {
        return get(byOperation, operation);
    }

    /**
     * Calls of one operation made by identities of one account (for in-session calls: the member
     * account).
     */
    public long count(String operation, String callerAccountId) {
        return get(byOperationAndAccount, operation + "@" + callerAccountId);
    }

    /**
     * Successful calls of one operation in one account (for in-session calls: the member account):
     * how often a change was actually made, e.g. a task's one mutating call.
     */
    public long okCount(String operation, String callerAccountId) {
        return get(okByOperationAndAccount, operation + "@" + callerAccountId);
    }

    public long mutatingCount() {
        long n = 0;
        for (String op : MUTATING) {
            n += count(op);
        }
        return n;
    }

    public long total() {
        return total.sum();
    }

    /**
     * Calls made by one caller: {@code callerKeyOrAgent} is a caller key (the AKIA... key id of the
     * identity, which also covers its root sessions) or an agent (see the class comment); both
     * counts are added when a string is both.
     */
    public long callsBy(String callerKeyOrAgent) {
        return get(byCaller, callerKeyOrAgent) + get(byAgent, callerKeyOrAgent);
    }

    /** Calls of one operation made by one caller key or agent. */
    public long callsBy(String callerKeyOrAgent, String operation) {
        return get(byCallerAndOperation, callerKeyOrAgent + "|" + operation)
                + get(byAgentAndOperation, callerKeyOrAgent + "|" + operation);
    }

    /**
     * Calls of state-changing operations ({@link #MUTATING}) whose agent contains this fragment
     * (e.g. an operator replica's app id), whatever their outcome.
     */
    public long mutatingCallsByAgent(String agentFragment) {
        long n = 0;
        for (Map.Entry<String, LongAdder> e : byAgentAndOperation.entrySet()) {
            int bar = e.getKey().lastIndexOf('|');
            if (e.getKey().substring(0, bar).contains(agentFragment)
                    && MUTATING.contains(e.getKey().substring(bar + 1))) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    /** Caller key -> calls, sorted. */
    public Map<String, Long> byCaller() {
        return sorted(byCaller);
    }

    /** Agent -> calls, sorted ({@code ""}: clients with a plain SDK user agent). */
    public Map<String, Long> byAgent() {
        return sorted(byAgent);
    }

    /** sts:AssumeRoot calls by target account (successful or not). */
    public Map<String, Long> assumeRootCountByAccount() {
        return sorted(assumeRootByAccount);
    }

    /**
     * Calls of state-changing operations ({@link #MUTATING}) by the account they act in
     * (AssumeRoot: its target).
     */
    public Map<String, Long> mutatingCountByAccount() {
        return sorted(mutatingByAccount);
    }

    /**
     * Calls of one operation with one outcome: {@link #OK}, an error code ("NoSuchEntity",
     * "Throttling", "AccessDenied", "ServiceUnavailable"...) or {@link #TIMEOUT}.
     */
    public long outcomeCount(String operation, String outcome) {
        return get(byOutcome, operation + "|" + outcome);
    }

    /** Calls answered with this outcome, over all operations. */
    public long outcomeCount(String outcome) {
        String suffix = "|" + outcome;
        long n = 0;
        for (Map.Entry<String, LongAdder> e : byOutcome.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    /** "operation|outcome" -> calls, sorted. */
    public Map<String, Long> byOutcome() {
        return sorted(byOutcome);
    }

    /**
     * Destructive calls that found nothing to destroy: a delete of a login profile, access key,
     * signing certificate or MFA device answered NoSuchEntity, a CreateLoginProfile answered
     * EntityAlreadyExists, a DeleteBucketPolicy of a bucket without policy, a SetQueueAttributes
     * clearing a Policy the queue did not have. A reconciler that repeats work it already did shows
     * up here.
     */
    public long duplicateDestructiveCalls() {
        return alreadyGone.sum();
    }

    public long duplicateDestructiveCalls(String operation) {
        return get(alreadyGoneByOperation, operation);
    }

    /** Operation -> duplicate destructive calls, sorted. */
    public Map<String, Long> duplicateDestructiveByOperation() {
        return sorted(alreadyGoneByOperation);
    }

    /** Account -> duplicate destructive calls, sorted. */
    public Map<String, Long> duplicateDestructiveByAccount() {
        return sorted(alreadyGoneByAccount);
    }

    /** Operation -> count, sorted by operation. */
    public Map<String, Long> snapshot() {
        return sorted(byOperation);
    }

    /** "operation@account" -> count, sorted. */
    public Map<String, Long> snapshotByAccount() {
        return sorted(byOperationAndAccount);
    }

    public void reset() {
        for (ConcurrentHashMap<String, LongAdder> m :
                List.of(
                        byOperation,
                        byOperationAndAccount,
                        okByOperationAndAccount,
                        byCaller,
                        byAgent,
                        byCallerAndOperation,
                        byAgentAndOperation,
                        byOutcome,
                        assumeRootByAccount,
                        mutatingByAccount,
                        alreadyGoneByOperation,
                        alreadyGoneByAccount,
                        injected)) {
            m.clear();
        }
        lostResponses.clear();
        destructions.clear();
        destructionsKept.set(0);
        retriesAfterLostResponse.reset();
        total.reset();
        alreadyGone.reset();
        firstCalls.clear();
        firstCallsKept.set(0);
    }

    /**
     * Tokens the AWS SDKs put in every User-Agent; what is left tells one client configuration from
     * another.
     */
    private static final List<String> SDK_TOKEN_PREFIXES =
            List.of(
                    "aws-sdk-",
                    "md/",
                    "ua/",
                    "api/",
                    "os/",
                    "lang/",
                    "exec-env/",
                    "cfg/",
                    "m/",
                    "ft/",
                    "vendor/",
                    "io/",
                    "http/",
                    "apache-httpclient/",
                    "java/",
                    "aws-cli/",
                    "botocore/",
                    "python/",
                    "boto3/");

    /**
     * The distinguishing part of a User-Agent: app/ ids and non-SDK tokens, in order; "" if none.
     */
    static String agentTag(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String token : userAgent.trim().split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            boolean sdk = false;
            for (String p : SDK_TOKEN_PREFIXES) {
                if (lower.startsWith(p)) {
                    sdk = true;
                    break;
                }
            }
            if (!sdk || lower.startsWith("app/")) {
                out.append(out.length() == 0 ? "" : " ").append(token);
            }
        }
        return out.toString();
    }
}
