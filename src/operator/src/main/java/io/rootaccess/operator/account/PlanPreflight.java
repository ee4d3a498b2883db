package io.rootaccess.operator.account;

import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.scp.PreflightDenial;
import io.rootaccess.operator.aws.scp.ScpPreflight;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The plan checked against the SCPs on the account's path before the root session acts: the actions
 * they deny are not attempted and are all reported at once (the pass ends Blocked, see {@link
 * DeniedCalls}); the others go ahead. MFA deactivations wait while the password's deletion is
 * denied: a password without MFA is worse than both.
 */
final class PlanPreflight {
    private final ScpPreflight preflight; // null: no pre-flight, denials are met one call at a time
    private final Clock clock;

    PlanPreflight(ScpPreflight preflight, Clock clock) {
        this.preflight = preflight;
        this.clock = clock;
    }

    /**
     * The part of {@code plan} to execute. What is held back goes to {@code denied} (a denial per
     * action, notes for the rest) and to {@code sink} as a NotDone record per target. {@code
     * ownAttachments}: also the SCPs attached to the account itself (a call per account, so only
     * for an account that met a denial; the OUs' and the root's are shared by all).
     */
    RemediationPlan allowed(
            String accountId,
            RemediationPlan plan,
            DeniedCalls denied,
            Consumer<ActionRecord> sink,
            boolean ownAttachments) {
        if (preflight == null || plan.empty()) {
            return plan;
        }
        Set<String> actions = new LinkedHashSet<>();
        plan.actions().forEach(a -> actions.add(a.action));
        ScpPreflight.Verdict verdict = preflight.evaluate(accountId, actions, ownAttachments);
        verdict.unreadable()
                .ifPresent(
                        why ->
                                denied.note(
                                        "The service control policies could not be read before"
                                                + " acting ("
                                                + why
                                                + "): each denial was found by making the call."));
        boolean mfaWaits =
                verdict.denies(RemediationPlan.DELETE_LOGIN_PROFILE)
                        && !plan.mfaRemovalWithPassword();
        List<PlannedAction> go = new ArrayList<>();
        for (PlannedAction action : plan.actions()) {
            if (verdict.denies(action.action)) {
                var denial = verdict.denied().get(action.action);
                denied.add(new PreflightDenial(denial));
                sink.accept(
                        notDone(
                                action,
                                "not attempted: denied by service control policy "
                                        + denial.policyId()));
            } else if (mfaWaits && RemediationPlan.DEACTIVATE_MFA_DEVICE.equals(action.action)) {
                denied.note(
                        "MFA devices stay active while the password stays (its deletion is denied):"
                                + " a password without MFA is worse than both.");
                sink.accept(
                        notDone(action, "not attempted: the password stays, so MFA stays active"));
            } else {
                go.add(action);
            }
        }
        return new RemediationPlan(go, plan.protectedKeys(), plan.mfaRemovalWithPassword());
    }

    private ActionRecord notDone(PlannedAction action, String message) {
        var r = new ActionRecord();
        r.action = action.action;
        r.target = action.target;
        r.time = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        r.result = Remediator.NOT_DONE;
        r.message = message;
        return r;
    }
}
