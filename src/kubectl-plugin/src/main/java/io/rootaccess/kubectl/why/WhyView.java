package io.rootaccess.kubectl.why;

import io.rootaccess.kubectl.ExitCode;
import io.rootaccess.kubectl.PluginException;
import io.rootaccess.kubectl.model.AccountState;
import io.rootaccess.kubectl.model.Condition;
import io.rootaccess.kubectl.model.Credentials;
import io.rootaccess.kubectl.model.Note;
import io.rootaccess.kubectl.model.Phases;
import io.rootaccess.kubectl.model.Policy;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.model.Task;
import io.rootaccess.kubectl.text.Table;
import io.rootaccess.kubectl.text.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * `kubectl rootaccess why ACCOUNT_ID`: which policies select the account and which one acts (and
 * why the others do not: priority, conflict, exclusion, an organization or tags not read yet), its
 * MemberAccountRootState (phase, last audit, credentials, plan, blockers, hold or notice,
 * conditions, last actions with their session key ids for CloudTrail) and the tasks on it.
 */
public final class WhyView {
    public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    /** Policy reasons that mean "the selection is not complete yet". */
    private static final Set<String> UNDECIDED =
            Set.of("ReadingOrganization", "ReadingAccountTags");

    private WhyView() {}

    public static String render(Snapshot s, String accountId, Instant now) {
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new PluginException(
                    ExitCode.USAGE,
                    "ACCOUNT_ID must be a 12-digit AWS account id, got '" + accountId + "'");
        }
        List<AccountState> states = s.accountStates(accountId);
        List<Task> tasks = s.tasks(accountId);
        List<Verdict> verdicts = new ArrayList<>();
        for (Policy p : s.policies()) {
            verdicts.add(verdict(s, p, accountId));
        }
        if (states.isEmpty() && tasks.isEmpty() && verdicts.stream().noneMatch(Verdict::names)) {
            throw new PluginException(
                    ExitCode.NOT_FOUND,
                    "account "
                            + accountId
                            + " not found: no RootAccessPolicy, MemberAccountRootState or"
                            + " PrivilegedRootTask in "
                            + s.scope()
                            + " selects, excludes or names it"
                            + (s.allNamespaces() ? "" : " (-A for all namespaces)"));
        }
        StringBuilder out = new StringBuilder();
        out.append("Account ").append(accountId).append(" (").append(s.scope()).append(")\n\n");
        out.append(policies(s, verdicts));
        for (AccountState a : states) {
            out.append('\n').append(state(a, now));
        }
        if (states.isEmpty()) {
            out.append("\nNo MemberAccountRootState for ")
                    .append(accountId)
                    .append(": no policy or hand-written resource manages it.\n");
        }
        out.append('\n').append(tasks(s, accountId, tasks));
        return out.toString();
    }

    /**
     * What one policy does with the account.
     *
     * @param names whether the policy's spec or status names the account (or it acts on it)
     */
    private record Verdict(Policy policy, String text, boolean names) {}

    private static Verdict verdict(Snapshot s, Policy p, String accountId) {
        Optional<AccountState> child =
                s.children(p).stream().filter(a -> accountId.equals(a.accountId())).findFirst();
        if (child.isPresent()) {
            return new Verdict(p, "acts: MemberAccountRootState " + child.get().name(), true);
        }
        for (Note n : p.attention()) {
            if (accountId.equals(n.accountId()) && "Conflict".equals(n.reason())) {
                return new Verdict(p, "selects it, does not act: Conflict: " + n.message(), true);
            }
        }
        for (Note n : p.excludedAccounts()) {
            if (accountId.equals(n.accountId())) {
                return new Verdict(
                        p, "does not act: " + n.reason() + ": " + orDash(n.message()), true);
            }
        }
        if (p.unknownTargets().contains(accountId)) {
            return new Verdict(
                    p, "names it in spec.targets, but the organization has no such account", true);
        }
        if (!p.hasStatus()) {
            return new Verdict(
                    p,
                    "not decided: the policy has no status yet (is the operator running?)",
                    p.targetAccountIds().contains(accountId));
        }
        Optional<Condition> undecided =
                p.condition("Ready")
                        .filter(c -> c.reason() != null && UNDECIDED.contains(c.reason()));
        if (undecided.isPresent()) {
            return new Verdict(
                    p,
                    "not decided yet: "
                            + undecided.get().reason()
                            + ": "
                            + orDash(undecided.get().message()),
                    p.targetAccountIds().contains(accountId));
        }
        boolean named =
                p.targetAccountIds().contains(accountId)
                        || p.excludedAccountIds().contains(accountId);
        return new Verdict(p, "does not select it (targets: " + targets(p) + ")", named);
    }

    static String targets(Policy p) {
        List<String> parts = new ArrayList<>();
        if (Boolean.TRUE.equals(p.targetsAll())) {
            parts.add("all accounts");
        }
        if (!p.targetAccountIds().isEmpty()) {
            parts.add("accounts " + String.join(", ", p.targetAccountIds()));
        }
        for (Policy.Target ou : p.targetOus()) {
            parts.add("OU " + ou.id() + (ou.includeDescendants() ? " and below" : ""));
        }
        for (Policy.Tag tag : p.targetTags()) {
            parts.add("tag " + tag.key() + (tag.value() == null ? "" : "=" + tag.value()));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String policies(Snapshot s, List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            return "Policies: none in " + s.scope() + "\n";
        }
        Table t =
                Table.inScope(
                        s.allNamespaces(), "POLICY", "MODE", "PRIORITY", "DESIRED", "VERDICT");
        for (Verdict v : verdicts) {
            Policy p = v.policy();
            t.rowIn(
                    p.namespace(),
                    p.name(),
                    p.mode(),
                    p.priority() == null ? "-" : p.priority(),
                    p.desiredDescription(),
                    v.text());
        }
        return "Policies:\n" + t.render("  ");
    }

    private static String state(AccountState a, Instant now) {
        Lines out = new Lines();
        out.heading(
                "MemberAccountRootState "
                        + a.name()
                        + (a.policy() == null
                                ? " (written by hand)"
                                : " (created by policy " + a.policy() + ")"));
        out.field(
                "Desired",
                a.desiredDescription()
                        + ", "
                        + (a.mode() == null ? "mode unset" : a.mode())
                        + (a.suspended() ? ", suspended (waits its turn in the rollout)" : ""));
        if (!a.hasStatus()) {
            out.field("Status", "none yet: the operator has not reconciled it");
            return out.toString();
        }
        out.field(
                "Phase",
                (a.phase() == null ? "-" : a.phase())
                        + (a.awsAccountState() == null
                                ? ""
                                : " (AWS account state " + a.awsAccountState() + ")"));
        out.field(
                "Last audit",
                a.lastAuditTime() == null
                        ? "never"
                        : Times.withAge(a.lastAuditTime(), now)
                                + (a.nextAuditTime() == null
                                        ? ""
                                        : "; next " + Times.withAge(a.nextAuditTime(), now)));
        out.field("Credentials", credentials(a.credentials()));
        out.field("Plan", plan(a));
        out.field(
                "Blocked",
                a.condition("BlockedByPolicy")
                        .filter(Condition::isTrue)
                        .map(c -> "yes: " + c.reason() + ": " + orDash(c.message()))
                        .orElse("no"));
        List<String> hold = new ArrayList<>();
        if (a.holdUntil() != null || a.holdTask() != null) {
            hold.add(
                    "held by PrivilegedRootTask "
                            + orDash(a.holdTask())
                            + " until "
                            + Times.withAge(a.holdUntil(), now));
        }
        if (a.removalCancelled()) {
            hold.add(
                    "removal cancelled by "
                            + a.removalCancelSource()
                            + " (audits continue; nothing is removed while it stays)");
        }
        out.field("Hold", hold.isEmpty() ? List.of("none") : hold);
        out.field(
                "Notice",
                a.notice() == null
                        ? "none"
                        : "owners are warned "
                                + a.notice()
                                + " ahead"
                                + (a.scheduledAt() == null
                                        ? ""
                                        : "; first removal at "
                                                + Times.withAge(a.scheduledAt(), now)));
        out.field("Conditions", conditions(a.conditions()));
        out.field("Last actions", actions(a));
        return out.toString();
    }

    private static List<String> credentials(Credentials c) {
        if (c == null) {
            return List.of("not audited yet");
        }
        List<String> lines = new ArrayList<>();
        lines.add(
                "password "
                        + (c.passwordPresent() == null ? "-" : c.passwordPresent() ? "yes" : "no")
                        + ", access keys "
                        + count(c.accessKeys())
                        + ", signing certificates "
                        + count(c.signingCertificates())
                        + ", MFA devices "
                        + count(c.mfaDevices()));
        for (Credentials.AccessKey k : c.accessKeyDetails()) {
            lines.add(
                    "access key "
                            + k.id()
                            + " "
                            + orDash(k.status())
                            + (k.lastUsed() == null
                                    ? ", never used"
                                    : ", last used "
                                            + k.lastUsed()
                                            + (k.lastUsedService() == null
                                                    ? ""
                                                    : " with " + k.lastUsedService())));
        }
        for (String id : c.signingCertificateIds()) {
            lines.add("signing certificate " + id);
        }
        for (String serial : c.mfaSerialNumbers()) {
            lines.add("MFA device " + serial);
        }
        return lines;
    }

    private static List<String> plan(AccountState a) {
        if (a.plan().isEmpty()) {
            // only a settled pass says "nothing": a denied, failed or running one has no plan yet
            boolean settled =
                    "Compliant".equals(a.phase())
                            || "NonCompliant".equals(a.phase())
                            || "Refused".equals(a.phase());
            return List.of(
                    settled ? "nothing to change" : "none recorded (phase " + a.phase() + ")");
        }
        return a.plan().stream().map(c -> c.action() + " " + orDash(c.target())).toList();
    }

    /**
     * Ready and Compliant always; the others when True or when they say something new. A message
     * already shown is not repeated.
     */
    private static List<String> conditions(List<Condition> conditions) {
        List<String> lines = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Condition c : conditions) {
            boolean says = c.message() != null && !c.message().isBlank();
            boolean always = "Ready".equals(c.type()) || "Compliant".equals(c.type());
            if (!always && !c.isTrue() && !(says && !shown.contains(c.message()))) {
                continue;
            }
            String head = c.type() + "=" + c.status() + " (" + orDash(c.reason()) + ")";
            lines.add(says && shown.add(c.message()) ? head + ": " + c.message() : head);
        }
        return lines.isEmpty() ? List.of("none") : lines;
    }

    private static List<String> actions(AccountState a) {
        if (a.lastActions().isEmpty()) {
            return List.of("none");
        }
        Table t = new Table("TIME", "ACTION", "TARGET", "RESULT", "SESSION");
        for (AccountState.Action x : a.lastActions()) {
            t.row(
                    x.time(),
                    x.action(),
                    x.target(),
                    x.result() + (x.message() == null ? "" : ": " + x.message()),
                    x.sessionAccessKeyId());
        }
        return t.render("").lines().toList();
    }

    private static String tasks(Snapshot s, String accountId, List<Task> tasks) {
        if (tasks.isEmpty()) {
            return "PrivilegedRootTasks on " + accountId + ": none\n";
        }
        Table t =
                Table.inScope(
                        s.allNamespaces(),
                        "TASK",
                        "TYPE",
                        "TARGET",
                        "PHASE",
                        "COMPLETED",
                        "SESSION");
        for (Task task : tasks) {
            t.rowIn(
                    task.namespace(),
                    task.name(),
                    task.type(),
                    task.target(),
                    Phases.of(task),
                    task.completionTime(),
                    task.sessionAccessKeyId());
        }
        return "PrivilegedRootTasks on " + accountId + ":\n" + t.render("  ");
    }

    private static String count(Integer n) {
        return n == null ? "-" : n.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** " Label: value" lines, continuation lines aligned under the value. */
    private static final class Lines {
        private static final int LABEL_WIDTH = 14;
        private final StringBuilder out = new StringBuilder();

        void heading(String text) {
            out.append(text).append(":\n");
        }

        void field(String label, String value) {
            field(label, List.of(value));
        }

        void field(String label, List<String> values) {
            String first = "  " + label + ":";
            String pad = " ".repeat(LABEL_WIDTH + 2);
            for (int i = 0; i < values.size(); i++) {
                String lead = i == 0 ? first + " ".repeat(LABEL_WIDTH + 2 - first.length()) : pad;
                out.append((lead + values.get(i)).stripTrailing()).append('\n');
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
