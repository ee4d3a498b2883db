package io.rootaccess.kubectl.plan;

import io.rootaccess.kubectl.ExitCode;
import io.rootaccess.kubectl.PluginException;
import io.rootaccess.kubectl.model.AccountState;
import io.rootaccess.kubectl.model.Condition;
import io.rootaccess.kubectl.model.Policy;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.text.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `kubectl rootaccess plan POLICY`: what the policy would change if it were enforced, from its
 * planned organization changes (status.plannedOrganizationChanges) and its accounts' plans
 * (status.plan of each MemberAccountRootState it created: DryRun, waiting, held or scheduled).
 *
 * <p>Fail closed: exit 0 ("nothing would change") only when the policy's status is for its current
 * spec, the organization has been read, every account has been audited for its current spec and
 * none has a plan or is being changed. Anything not known counts as a change (exit 2), so a
 * pipeline that gates on the plan never enforces something nobody saw.
 */
public final class PlanView {
    private static final Set<String> UNDECIDED =
            Set.of("ReadingOrganization", "ReadingAccountTags");

    /** Phases in which an account's pass has not settled what it changes. */
    private static final Set<String> UNSETTLED = Set.of("InProgress", "Blocked", "Failed");

    public record Result(String text, ExitCode exitCode) {}

    private PlanView() {}

    public static Result render(Snapshot s, String name, Instant now) {
        List<Policy> matches = s.policies().stream().filter(p -> p.name().equals(name)).toList();
        if (matches.isEmpty()) {
            throw new PluginException(
                    ExitCode.NOT_FOUND,
                    "RootAccessPolicy "
                            + name
                            + " not found in "
                            + s.scope()
                            + (s.allNamespaces() ? "" : " (-A for all namespaces)"));
        }
        if (matches.size() > 1) {
            throw new PluginException(
                    ExitCode.USAGE,
                    "RootAccessPolicy "
                            + name
                            + " exists in namespaces "
                            + String.join(", ", matches.stream().map(Policy::namespace).toList())
                            + ": pick one with -n");
        }
        Policy p = matches.get(0);
        StringBuilder out = new StringBuilder();
        out.append("Policy ")
                .append(p.name())
                .append(" (namespace ")
                .append(p.namespace())
                .append("): ")
                .append(p.mode() == null ? "mode unset" : p.mode())
                .append(", ")
                .append(p.desiredDescription())
                .append(", priority ")
                .append(p.priority() == null ? "-" : p.priority())
                .append('\n');

        List<String> unknown = new ArrayList<>();
        if (!p.hasStatus()) {
            unknown.add("the policy has no status yet: the operator has not reconciled it");
        } else if (!p.statusCurrent()) {
            unknown.add(
                    "the status is for generation "
                            + p.observedGeneration()
                            + " but the spec is at generation "
                            + p.meta().generation()
                            + ": the plan may be out of date");
        }
        p.condition("Ready")
                .filter(c -> c.reason() != null && UNDECIDED.contains(c.reason()))
                .ifPresent(
                        c ->
                                unknown.add(
                                        "the selection is not complete ("
                                                + c.reason()
                                                + "): accounts may be missing below"));
        p.condition("Stalled")
                .filter(Condition::isTrue)
                .ifPresent(
                        c ->
                                unknown.add(
                                        "the policy is stalled ("
                                                + c.reason()
                                                + "): "
                                                + c.message()));

        out.append("\nOrganization changes:");
        if (p.plannedOrganizationChanges().isEmpty()) {
            out.append(" none\n");
        } else {
            out.append('\n');
            p.plannedOrganizationChanges().forEach(c -> out.append("  ").append(c).append('\n'));
        }

        List<AccountState> children = s.children(p);
        int calls = 0;
        int accounts = 0;
        StringBuilder changes = new StringBuilder();
        List<String> notKnown = new ArrayList<>();
        for (AccountState a : children) {
            if (!a.hasStatus()
                    || a.phase() == null
                    || "Pending".equals(a.phase())
                    || a.observedGeneration() == null
                    || (a.meta().generation() != null
                            && a.observedGeneration() < a.meta().generation())) {
                notKnown.add(a.accountId() + " (not audited for its current spec yet)");
                continue;
            }
            if (a.plan().isEmpty() && UNSETTLED.contains(a.phase())) {
                // the pass that would say what it changes has not finished: not "nothing"
                String reason = a.condition("Ready").map(Condition::reason).orElse(null);
                notKnown.add(
                        a.accountId()
                                + " ("
                                + ("InProgress".equals(a.phase())
                                        ? "being changed now"
                                        : a.phase()
                                                + (reason == null || reason.equals(a.phase())
                                                        ? ""
                                                        : ": " + reason)
                                                + "; its pass is retried")
                                + ")");
                continue;
            }
            if (a.plan().isEmpty()) {
                continue;
            }
            accounts++;
            calls += a.plan().size();
            changes.append("  ")
                    .append(a.accountId())
                    .append(" (")
                    .append(whyNotNow(p, a, now))
                    .append("):\n");
            for (AccountState.Call c : a.plan()) {
                changes.append("    ")
                        .append(c.action())
                        .append(c.target() == null ? "" : " " + c.target())
                        .append('\n');
            }
        }
        out.append("\nAccount changes");
        if (accounts == 0) {
            out.append(": none (")
                    .append(children.size() - notKnown.size())
                    .append(" of ")
                    .append(children.size())
                    .append(children.size() == 1 ? " account" : " accounts")
                    .append(" audited with nothing to change)\n");
        } else {
            out.append(" (")
                    .append(accounts)
                    .append(" of ")
                    .append(children.size())
                    .append(children.size() == 1 ? " account" : " accounts")
                    .append("):\n")
                    .append(changes);
        }
        if (!notKnown.isEmpty()) {
            out.append("\nNot known yet (").append(notKnown.size()).append("):\n");
            notKnown.forEach(n -> out.append("  ").append(n).append('\n'));
        }
        if (!unknown.isEmpty()) {
            out.append('\n');
            unknown.forEach(u -> out.append("Incomplete: ").append(u).append('\n'));
        }

        int orgChanges = p.plannedOrganizationChanges().size();
        boolean nothing =
                orgChanges == 0 && accounts == 0 && notKnown.isEmpty() && unknown.isEmpty();
        out.append('\n');
        if (nothing) {
            out.append("Nothing would change.\n");
            return new Result(out.toString(), ExitCode.OK);
        }
        List<String> summary = new ArrayList<>();
        if (orgChanges > 0) {
            summary.add(orgChanges + " organization change" + (orgChanges == 1 ? "" : "s"));
        }
        if (accounts > 0) {
            summary.add(
                    calls
                            + " call"
                            + (calls == 1 ? "" : "s")
                            + " in "
                            + accounts
                            + " account"
                            + (accounts == 1 ? "" : "s"));
        }
        if (!notKnown.isEmpty() || !unknown.isEmpty()) {
            summary.add("the plan is incomplete");
        }
        out.append("Would change: ").append(String.join("; ", summary)).append(".\n");
        return new Result(out.toString(), ExitCode.PLAN_CHANGES);
    }

    /** Why an account with a plan has not been changed already. */
    private static String whyNotNow(Policy p, AccountState a, Instant now) {
        if (a.removalCancelled()) {
            return "removal cancelled by " + a.removalCancelSource();
        }
        if (a.holdUntil() != null) {
            return "on hold until "
                    + Times.withAge(a.holdUntil(), now)
                    + (a.holdTask() == null ? "" : " by PrivilegedRootTask " + a.holdTask());
        }
        if ("DryRun".equals(a.mode()) || "DryRun".equals(p.mode())) {
            return "DryRun";
        }
        if (a.suspended()) {
            return "waiting its turn in the rollout";
        }
        if (a.scheduledAt() != null) {
            return "owners warned; first removal at " + Times.withAge(a.scheduledAt(), now);
        }
        String reason = a.condition("Compliant").map(Condition::reason).orElse(null);
        return a.phase() + (reason == null || reason.equals(a.phase()) ? "" : ": " + reason);
    }
}
