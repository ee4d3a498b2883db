package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.PlannedAction;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import io.rootaccess.operator.aws.scp.PreflightDenial;
import io.rootaccess.operator.aws.scp.ScpPaths;
import io.rootaccess.operator.aws.scp.ScpPreflight;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanPreflightTest {
    static final String ACCOUNT = "111122223333";

    static final RemediationPlan PLAN =
            new RemediationPlan(
                    List.of(
                            new PlannedAction(
                                    RemediationPlan.DELETE_LOGIN_PROFILE,
                                    RemediationPlan.LOGIN_PROFILE),
                            new PlannedAction(RemediationPlan.DELETE_ACCESS_KEY, "AKIA1"),
                            new PlannedAction(RemediationPlan.DELETE_ACCESS_KEY, "AKIA2"),
                            new PlannedAction(RemediationPlan.DELETE_SIGNING_CERTIFICATE, "CERT1"),
                            new PlannedAction(RemediationPlan.DEACTIVATE_MFA_DEVICE, "mfa-1")),
                    List.of());

    static PlanPreflight preflight(String document) {
        OrganizationDirectory directory =
                new OrganizationDirectory() {
                    public OrganizationInfo describeOrganization() {
                        throw new UnsupportedOperationException();
                    }

                    public AccountInfo describeAccount(String accountId) {
                        throw new UnsupportedOperationException();
                    }

                    public OrganizationSnapshot snapshot() {
                        throw new UnsupportedOperationException();
                    }

                    public List<ServiceControlPolicy> serviceControlPoliciesFor(String id) {
                        return List.of(new ServiceControlPolicy("p-1", "deny", "ou-1", document));
                    }
                };
        return new PlanPreflight(
                new ScpPreflight(ScpPaths.uncached(directory)),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static List<String> actions(RemediationPlan plan) {
        return plan.actions().stream().map(a -> a.action + " " + a.target).toList();
    }

    @Test
    void deniedActionsAreHeldBackAndReportedTheRestGoes() {
        var denied = DeniedCalls.collecting();
        List<ActionRecord> records = new ArrayList<>();
        RemediationPlan allowed =
                preflight(
                                """
                        {"Statement":{"Sid":"S","Effect":"Deny","NotAction":"iam:*LoginProfile",
                         "Resource":"*"}}""")
                        .allowed(ACCOUNT, PLAN, denied, records::add, true);

        assertEquals(List.of("iam:DeleteLoginProfile root-login-profile"), actions(allowed));
        var all = assertThrows(DeniedCalls.Denied.class, denied::throwIfAny);
        assertEquals(
                List.of(
                        "iam:DeleteAccessKey",
                        "iam:DeleteSigningCertificate",
                        "iam:DeactivateMFADevice"),
                all.denials().stream().map(e -> e.action()).toList());
        assertTrue(all.denials().stream().allMatch(e -> e instanceof PreflightDenial));
        assertEquals(4, records.size(), "one NotDone record per held-back target");
        assertTrue(records.stream().allMatch(r -> Remediator.NOT_DONE.equals(r.result)));
    }

    @Test
    void aDeniedPasswordDeletionHoldsBackTheMfaDeactivation() {
        var denied = DeniedCalls.collecting();
        String denyPassword =
                """
                {"Statement":{"Effect":"Deny","Action":"iam:DeleteLoginProfile","Resource":"*"}}""";
        RemediationPlan allowed =
                preflight(denyPassword).allowed(ACCOUNT, PLAN, denied, r -> {}, true);

        assertEquals(
                List.of(
                        "iam:DeleteAccessKey AKIA1",
                        "iam:DeleteAccessKey AKIA2",
                        "iam:DeleteSigningCertificate CERT1"),
                actions(allowed));
        var all = assertThrows(DeniedCalls.Denied.class, denied::throwIfAny);
        assertTrue(all.notes().get(0).contains("MFA devices stay active"), all.notes().toString());

        // unless the spec accepts MFA removal while a password stays
        var accepting = new RemediationPlan(PLAN.actions(), List.of(), true);
        RemediationPlan kept =
                preflight(denyPassword)
                        .allowed(ACCOUNT, accepting, DeniedCalls.collecting(), r -> {}, true);
        assertTrue(
                actions(kept).contains("iam:DeactivateMFADevice mfa-1"), actions(kept).toString());
    }

    @Test
    void withoutDenyingScpsThePlanIsUnchanged() {
        var denied = DeniedCalls.collecting();
        RemediationPlan allowed =
                preflight(
                                """
                        {"Statement":{"Effect":"Deny","Action":"*","Resource":"*",
                         "Condition":{"Null":{"aws:AssumedRoot":"true"}}}}""")
                        .allowed(ACCOUNT, PLAN, denied, r -> {}, true);
        assertEquals(actions(PLAN), actions(allowed));
        denied.throwIfAny(); // nothing denied
    }
}
