package io.rootaccess.kubectl.model;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The three kinds as read in one scope (a namespace, or all of them), sorted by namespace and name
 * so every view prints in the same order.
 */
public record Snapshot(
        String namespace, List<Policy> policies, List<AccountState> accounts, List<Task> tasks) {

    public Snapshot {
        policies =
                policies.stream()
                        .sorted(Comparator.comparing(Policy::namespace).thenComparing(Policy::name))
                        .toList();
        accounts =
                accounts.stream()
                        .sorted(
                                Comparator.comparing(AccountState::namespace)
                                        .thenComparing(AccountState::name))
                        .toList();
        tasks =
                tasks.stream()
                        .sorted(Comparator.comparing(Task::namespace).thenComparing(Task::name))
                        .toList();
    }

    /** Whether the snapshot spans all namespaces (-A). */
    public boolean allNamespaces() {
        return namespace == null;
    }

    /** "namespace root-access" or "all namespaces", for headings and messages. */
    public String scope() {
        return namespace == null ? "all namespaces" : "namespace " + namespace;
    }

    public boolean empty() {
        return policies.isEmpty() && accounts.isEmpty() && tasks.isEmpty();
    }

    /**
     * The MemberAccountRootStates a policy created (label rootaccess.io/policy, same namespace).
     */
    public List<AccountState> children(Policy policy) {
        return accounts.stream()
                .filter(
                        a ->
                                policy.name().equals(a.policy())
                                        && policy.namespace().equals(a.namespace()))
                .toList();
    }

    /**
     * The organization ids the policies read (usually one; more means policies see different
     * organizations, which a person should know).
     */
    public List<String> organizationIds() {
        return policies.stream()
                .map(Policy::organizationId)
                .filter(id -> id != null && !id.isBlank())
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }

    /** What a policy's status says about one account: an attention or an excluded entry. */
    public record PolicyNote(Policy policy, Note note) {}

    /** The status.excludedAccounts entries of every policy that name the account. */
    public List<PolicyNote> exclusions(String accountId) {
        return policies.stream()
                .flatMap(
                        p ->
                                p.excludedAccounts().stream()
                                        .filter(n -> accountId.equals(n.accountId()))
                                        .map(n -> new PolicyNote(p, n)))
                .toList();
    }

    /** The MemberAccountRootStates of one account (usually one). */
    public List<AccountState> accountStates(String accountId) {
        return accounts.stream().filter(a -> accountId.equals(a.accountId())).toList();
    }

    /** The tasks on one account. */
    public List<Task> tasks(String accountId) {
        return tasks.stream().filter(t -> accountId.equals(t.accountId())).toList();
    }
}
