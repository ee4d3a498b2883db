package io.rootaccess.tools.chaos;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.sandbox.CallLog;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a run by the sandbox's truth, not by what the operator says about itself: per account,
 * whether its root user is what its MemberAccountRootState asks (and the resource says so too);
 * which removed bucket or queue policies have no stored copy; which tasks made their one mutating
 * call more than once.
 */
final class ChaosVerdict {
    private ChaosVerdict() {}

    /** One account's judgement; {@code problem} is null when it converged. */
    record AccountVerdict(
            String accountId,
            String resource,
            String phase,
            RootTruth initial,
            RootTruth now,
            String problem) {
        boolean converged() {
            return problem == null;
        }
    }

    /**
     * @param initial the sandbox's root users before the operator started
     * @param now the sandbox's root users now
     * @param managementAccountId never managed: must be untouched
     * @param active whether the account is ACTIVE in the organization (others are not managed)
     */
    static Map<String, AccountVerdict> accounts(
            Map<String, RootTruth> initial,
            Map<String, RootTruth> now,
            List<MemberAccountRootState> states,
            List<PrivilegedRootTask> tasks,
            String managementAccountId,
            java.util.function.Predicate<String> active) {
        Map<String, List<MemberAccountRootState>> byAccount = new TreeMap<>();
        for (MemberAccountRootState s : states) {
            if (s.getSpec() != null && s.getSpec().accountId != null) {
                byAccount.computeIfAbsent(s.getSpec().accountId, k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, AccountVerdict> out = new LinkedHashMap<>();
        for (var e : now.entrySet()) {
            String id = e.getKey();
            RootTruth before = initial.get(id);
            RootTruth after = e.getValue();
            List<MemberAccountRootState> mine = byAccount.getOrDefault(id, List.of());
            if (mine.isEmpty()) {
                // the management account, accounts no policy selects, excluded ones
                // the management account and accounts that are not ACTIVE are never managed;
                // every other member account must have its resource
                String problem =
                        !after.equals(before)
                                ? "not managed by any resource, but its root user changed"
                                : id.equals(managementAccountId) || !active.test(id)
                                        ? null
                                        : "no MemberAccountRootState";
                out.put(id, new AccountVerdict(id, null, null, before, after, problem));
                continue;
            }
            if (mine.size() > 1) {
                out.put(
                        id,
                        new AccountVerdict(
                                id,
                                names(mine),
                                null,
                                before,
                                after,
                                mine.size() + " MemberAccountRootStates for one account"));
                continue;
            }
            MemberAccountRootState s = mine.get(0);
            AccountPhase phase = s.getStatus() == null ? null : s.getStatus().phase;
            out.put(
                    id,
                    new AccountVerdict(
                            id,
                            s.getMetadata().getName(),
                            phase == null ? null : phase.name(),
                            before,
                            after,
                            problem(s, phase, before, after, held(tasks, id))));
        }
        return out;
    }

    private static String names(List<MemberAccountRootState> states) {
        return String.join(",", states.stream().map(s -> s.getMetadata().getName()).toList());
    }

    /** An AllowPasswordRecovery task for the account succeeded: its hold applies. */
    private static boolean held(List<PrivilegedRootTask> tasks, String accountId) {
        return tasks.stream()
                .anyMatch(
                        t ->
                                t.getSpec() != null
                                        && t.getSpec().type == TaskType.AllowPasswordRecovery
                                        && accountId.equals(t.getSpec().accountId)
                                        && t.getStatus() != null
                                        && t.getStatus().phase == TaskPhase.Succeeded);
    }

    private static String problem(
            MemberAccountRootState s,
            AccountPhase phase,
            RootTruth before,
            RootTruth after,
            boolean held) {
        var spec = s.getSpec();
        boolean dryRun = spec.mode == Mode.DryRun || Boolean.TRUE.equals(spec.suspend);
        RootCredentialsState state =
                spec.rootCredentials == null ? null : spec.rootCredentials.state;
        if (dryRun || state == RootCredentialsState.Audit) {
            if (!after.equals(before)) {
                return "DryRun/Audit/suspended, but the root user changed";
            }
            return phase == AccountPhase.Compliant || phase == AccountPhase.NonCompliant
                    ? null
                    : "phase " + phase + " (want Compliant or NonCompliant)";
        }
        if (state == RootCredentialsState.RecoveryAllowed) {
            if (!after.password()) {
                return "RecoveryAllowed, but no login profile";
            }
            if (!Objects.equals(after.accessKeys(), before.accessKeys())
                    || !Objects.equals(after.signingCertificates(), before.signingCertificates())
                    || !Objects.equals(after.mfaDevices(), before.mfaDevices())) {
                return "RecoveryAllowed, but other credentials changed";
            }
            return phase == AccountPhase.Compliant ? null : "phase " + phase;
        }
        if (state != RootCredentialsState.Absent) {
            return "no rootCredentials.state";
        }
        Set<CredentialType> declared =
                spec.rootCredentials.credentialTypes == null
                                || spec.rootCredentials.credentialTypes.isEmpty()
                        ? EnumSet.allOf(CredentialType.class)
                        : EnumSet.copyOf(spec.rootCredentials.credentialTypes);
        boolean keysProtected =
                spec.rootCredentials.protectKeysUsedWithin != null
                        && !spec.rootCredentials.protectKeysUsedWithin.isBlank();
        if (held) {
            // a recovery task's hold: the login profile it created stays, remediation waits
            if (!after.password()) {
                return "held for password recovery, but the login profile is gone";
            }
            return phase == AccountPhase.OnHold
                    ? null
                    : "phase " + phase + " (want OnHold: the hold was forgotten)";
        }
        List<String> left = new ArrayList<>();
        check(declared, CredentialType.Password, after.password(), before.password(), left);
        if (!keysProtected) {
            check(
                    declared,
                    CredentialType.AccessKeys,
                    !after.accessKeys().isEmpty(),
                    after.accessKeys().equals(before.accessKeys()),
                    left);
        }
        check(
                declared,
                CredentialType.SigningCertificates,
                !after.signingCertificates().isEmpty(),
                after.signingCertificates().equals(before.signingCertificates()),
                left);
        check(
                declared,
                CredentialType.MfaDevices,
                !after.mfaDevices().isEmpty(),
                after.mfaDevices().equals(before.mfaDevices()),
                left);
        if (!left.isEmpty()) {
            return "Absent, but " + String.join(", ", left);
        }
        return phase == AccountPhase.Compliant ? null : "phase " + phase + " (want Compliant)";
    }

    /**
     * Declared types must be gone; undeclared ones untouched ({@code unchanged} for lists, {@code
     * before == present} for the password).
     */
    private static void check(
            Set<CredentialType> declared,
            CredentialType type,
            boolean present,
            boolean unchangedOrBefore,
            List<String> problems) {
        if (declared.contains(type)) {
            if (present) {
                problems.add(type + " left");
            }
        } else if (type == CredentialType.Password
                ? present != unchangedOrBefore
                : !unchangedOrBefore) {
            problems.add(type + " changed although not declared");
        }
    }

    /**
     * Policies a task removed without a stored copy: for each bucket or queue policy the
     * organization started with that is no longer in place, a RemovedPolicyStore ConfigMap must
     * hold the same document.
     *
     * @param removed target (bucket name or queue name) -> the document that was in place at the
     *     start and is gone now
     */
    static List<String> lostPolicies(Map<String, String> removed, List<ConfigMap> copies) {
        List<String> lost = new ArrayList<>();
        removed.forEach(
                (target, document) -> {
                    boolean kept =
                            copies.stream()
                                    .anyMatch(
                                            cm ->
                                                    cm.getData() != null
                                                            && document.equals(
                                                                    cm.getData()
                                                                            .get("policy.json")));
                    if (!kept) {
                        lost.add(target);
                    }
                });
        return lost;
    }

    /**
     * The fault classes the run injects that never fired (sorted): a class that never fired proves
     * nothing, so the run fails.
     *
     * @param injected the classes with a share above 0
     * @param fired class -> how often it fired
     */
    static List<String> faultsNeverFired(Set<String> injected, Map<String, Long> fired) {
        return injected.stream().filter(c -> fired.getOrDefault(c, 0L) <= 0).sorted().toList();
    }

    /**
     * Destructive calls the desired state did not ask for, judged on the sandbox's record of what
     * each one destroyed: a root credential of an account whose MemberAccountRootState is DryRun,
     * suspended, Audit or RecoveryAllowed, of a type its Absent spec does not declare, or of an
     * account no resource manages; a bucket or queue policy no Unlock task names. Together with the
     * sandbox's destructive calls that found their target already removed, these are the run's
     * duplicates. Judged against the resources at the end of the run (the examples do not change
     * intent mid run).
     */
    static List<String> unwantedDestructions(
            List<CallLog.Destruction> destructions,
            List<MemberAccountRootState> states,
            List<PrivilegedRootTask> tasks) {
        List<String> out = new ArrayList<>();
        for (CallLog.Destruction d : destructions) {
            String why = unwanted(d, states, tasks);
            if (why != null) {
                out.add(
                        d.operation()
                                + " of "
                                + d.destroyed()
                                + " in "
                                + d.accountId()
                                + ": "
                                + why);
            }
        }
        return out;
    }

    private static String unwanted(
            CallLog.Destruction d,
            List<MemberAccountRootState> states,
            List<PrivilegedRootTask> tasks) {
        String what = d.destroyed();
        if (what.startsWith("bucket-policy:") || what.startsWith("queue-policy:")) {
            boolean bucket = what.startsWith("bucket-policy:");
            String name = what.substring(what.indexOf(':') + 1);
            boolean asked =
                    tasks.stream()
                            .map(PrivilegedRootTask::getSpec)
                            .filter(Objects::nonNull)
                            .anyMatch(
                                    t ->
                                            d.accountId().equals(t.accountId)
                                                    && (bucket
                                                            ? t.type
                                                                            == TaskType
                                                                                    .UnlockS3BucketPolicy
                                                                    && name.equals(t.bucketName)
                                                            : t.type
                                                                            == TaskType
                                                                                    .UnlockSqsQueuePolicy
                                                                    && t.queue != null
                                                                    && (t.queue.equals(name)
                                                                            || t.queue.endsWith(
                                                                                    "/" + name))));
            return asked ? null : "no Unlock task names it";
        }
        List<MemberAccountRootState> mine =
                states.stream()
                        .filter(
                                s ->
                                        s.getSpec() != null
                                                && d.accountId().equals(s.getSpec().accountId))
                        .toList();
        if (mine.size() != 1) {
            return mine.isEmpty()
                    ? "no MemberAccountRootState manages the account"
                    : mine.size() + " MemberAccountRootStates for the account";
        }
        var spec = mine.get(0).getSpec();
        if (spec.mode == Mode.DryRun || Boolean.TRUE.equals(spec.suspend)) {
            return "the account is DryRun or suspended";
        }
        RootCredentialsState state =
                spec.rootCredentials == null ? null : spec.rootCredentials.state;
        if (state != RootCredentialsState.Absent) {
            return "the account asks " + state + ", which removes nothing";
        }
        CredentialType type =
                what.equals("password")
                        ? CredentialType.Password
                        : what.startsWith("access-key:")
                                ? CredentialType.AccessKeys
                                : what.startsWith("certificate:")
                                        ? CredentialType.SigningCertificates
                                        : what.startsWith("mfa:")
                                                ? CredentialType.MfaDevices
                                                : null;
        var declared = spec.rootCredentials.credentialTypes;
        if (type == null) {
            return "an unknown kind of credential";
        }
        return declared == null || declared.isEmpty() || declared.contains(type)
                ? null
                : type + " is not declared";
    }

    /**
     * Unlocked documents without a stored copy: every bucket or queue policy a call removed (the
     * sandbox kept the document it held just before) must be in a RemovedPolicyStore ConfigMap,
     * byte for byte.
     */
    static List<String> unlockedDocumentsLost(
            List<CallLog.Destruction> destructions, List<ConfigMap> copies) {
        Map<String, String> removed = new LinkedHashMap<>();
        int n = 0;
        for (CallLog.Destruction d : destructions) {
            if (d.priorDocument() != null) {
                // numbered: a document put back and removed again is checked twice
                removed.put(
                        d.destroyed() + " in " + d.accountId() + " (#" + ++n + ")",
                        d.priorDocument());
            }
        }
        return lostPolicies(removed, copies);
    }

    /** The one mutating call of each task type (the sandbox's operation name). */
    static String mutatingOperation(TaskType type) {
        return switch (type) {
            case AllowPasswordRecovery -> "iam:CreateLoginProfile";
            case UnlockS3BucketPolicy -> "s3:DeleteBucketPolicy";
            case UnlockSqsQueuePolicy -> "sqs:SetQueueAttributes";
        };
    }

    /**
     * Tasks whose mutating call succeeded more than once, task -> successful calls. Counted per
     * account and operation: in the examples no two tasks share an account and an operation, and
     * policies never create login profiles in a task's account (RecoveryAllowed policies would).
     */
    static Map<String, Long> tasksRepeated(List<PrivilegedRootTask> tasks, CallLog calls) {
        Map<String, Long> out = new TreeMap<>();
        for (PrivilegedRootTask t : tasks) {
            if (t.getSpec() == null || t.getSpec().type == null || t.getSpec().accountId == null) {
                continue;
            }
            long ok = calls.okCount(mutatingOperation(t.getSpec().type), t.getSpec().accountId);
            if (ok > 1) {
                out.put(t.getMetadata().getName(), ok);
            }
        }
        return out;
    }
}
