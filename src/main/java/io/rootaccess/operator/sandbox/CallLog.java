package io.rootaccess.operator.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request the sandbox received, by operation ({@code iam:GetAccountSummary}) and by
 * operation and calling account. Failed, throttled and denied calls count too: AWS bills and logs
 * them as well, and tests assert on what the operator attempted.
 */
public final class CallLog {
    /** Operations that change state; everything else is a read. */
    static final Set<String> MUTATING = Set.of(
            "sts:AssumeRoot",
            "iam:EnableOrganizationsRootCredentialsManagement", "iam:DisableOrganizationsRootCredentialsManagement",
            "iam:EnableOrganizationsRootSessions", "iam:DisableOrganizationsRootSessions",
            "iam:CreateLoginProfile", "iam:DeleteLoginProfile", "iam:DeleteAccessKey",
            "iam:DeleteSigningCertificate", "iam:DeactivateMFADevice",
            "organizations:EnableAWSServiceAccess", "organizations:DisableAWSServiceAccess",
            "organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator",
            "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "sqs:SetQueueAttributes");

    private final ConcurrentHashMap<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byOperationAndAccount = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    void record(String operation, String callerAccountId) {
        total.increment();
        byOperation.computeIfAbsent(operation, k -> new LongAdder()).increment();
        byOperationAndAccount.computeIfAbsent(operation + "@" + callerAccountId, k -> new LongAdder()).increment();
    }

    /** Calls of one operation, e.g. {@code count("sts:AssumeRoot")}. */
    public long count(String operation) {
        LongAdder a = byOperation.get(operation);
        return a == null ? 0 : a.sum();
    }

    /** Calls of one operation made by identities of one account (for in-session calls: the member account). */
    public long count(String operation, String callerAccountId) {
        LongAdder a = byOperationAndAccount.get(operation + "@" + callerAccountId);
        return a == null ? 0 : a.sum();
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

    /** Operation -> count, sorted by operation. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        byOperation.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** "operation@account" -> count, sorted. */
    public Map<String, Long> snapshotByAccount() {
        Map<String, Long> m = new TreeMap<>();
        byOperationAndAccount.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public void reset() {
        byOperation.clear();
        byOperationAndAccount.clear();
        total.reset();
    }
}
