package io.rootaccess.operator.policy;

import static io.rootaccess.operator.policy.OrgFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.AccountAttention;
import io.rootaccess.operator.api.policy.ExcludeSpec;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.OrganizationalUnitTarget;
import io.rootaccess.operator.api.policy.TagSelector;
import io.rootaccess.operator.api.policy.TargetsSpec;
import io.rootaccess.operator.config.ProtectedAccounts;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetingTest {

    private static Targeting.Selection select(TargetsSpec targets, ExcludeSpec exclude) {
        return Targeting.select(targets, exclude, snapshot());
    }

    private static Map<String, String> reasons(Targeting.Selection s) {
        return s.excluded().stream().collect(Collectors.toMap(a -> a.accountId, a -> a.reason));
    }

    @Test
    void allSelectsActiveMembersAndReportsManagementAndSuspended() {
        TargetsSpec t = new TargetsSpec();
        t.all = true;
        var s = select(t, null);
        assertEquals(List.of(A1, A3, A4, A5), s.selected());
        assertEquals(
                Map.of(MGMT, Targeting.REASON_MANAGEMENT_ACCOUNT, A2, Targeting.REASON_NOT_ACTIVE),
                reasons(s));
        assertTrue(s.declared());
    }

    @Test
    void accountsWithAResourceOfTheirOwnAreLeftOutWithTheResourceNamed() {
        TargetsSpec t = new TargetsSpec();
        t.all = true;
        var s =
                select(t, null)
                        .withoutOwnResources(
                                Map.of(A4, "ns/by-hand", "999999999999", "ns/elsewhere"));
        assertEquals(List.of(A1, A3, A5), s.selected());
        AccountAttention own =
                s.excluded().stream().filter(a -> a.accountId.equals(A4)).findFirst().orElseThrow();
        assertEquals(Targeting.REASON_OWN_RESOURCE, own.reason);
        assertTrue(own.message.contains("ns/by-hand"));
        assertEquals(
                List.of(A2, A4, MGMT),
                s.excluded().stream().map(a -> a.accountId).sorted().toList(),
                "the other exclusions stay");
    }

    @Test
    void protectedAccountsAreNeverSelectedWhateverTheSpecSays() {
        TargetsSpec t = new TargetsSpec();
        t.all = true;
        t.accountIds = List.of(A4); // named explicitly as well
        var s = Targeting.select(t, null, snapshot(), ProtectedAccounts.of(List.of(A4, A1)));
        assertEquals(List.of(A3, A5), s.selected());
        assertEquals(
                Map.of(
                        MGMT,
                        Targeting.REASON_MANAGEMENT_ACCOUNT,
                        A2,
                        Targeting.REASON_NOT_ACTIVE,
                        A1,
                        PolicyReasons.PROTECTED_ACCOUNT,
                        A4,
                        PolicyReasons.PROTECTED_ACCOUNT),
                reasons(s));
    }

    @Test
    void exclusionNamesWhatLeavesAnIncludedAccountOut() {
        TargetsSpec t = new TargetsSpec();
        t.all = true;
        ExcludeSpec e = new ExcludeSpec();
        e.accountIds = List.of(A4);
        e.organizationalUnits = ExcludedOrganizationalUnit.of(PROD_NESTED);
        var org = snapshot();
        assertEquals(
                PolicyReasons.EXCLUDED, Targeting.exclusion(t, e, org, A4).orElseThrow().reason);
        AccountAttention byOu = Targeting.exclusion(t, e, org, A3).orElseThrow();
        assertEquals(PolicyReasons.EXCLUDED_OU, byOu.reason);
        assertTrue(byOu.message.contains(PROD_NESTED), byOu.message);
        assertTrue(Targeting.exclusion(t, e, org, A5).isEmpty(), "kept");
        assertTrue(Targeting.exclusion(t, null, org, A4).isEmpty(), "no exclusions");
        // an exclusion of an account the targets do not include: not this policy's account
        TargetsSpec devOnly = new TargetsSpec();
        OrganizationalUnitTarget dev = new OrganizationalUnitTarget();
        dev.id = DEV;
        devOnly.organizationalUnits = List.of(dev);
        assertTrue(Targeting.exclusion(devOnly, e, org, A3).isEmpty());
        assertTrue(Targeting.exclusion(devOnly, e, org, A4).isPresent());
    }

    @Test
    void nothingDeclaredSelectsNothing() {
        assertEquals(List.of(), select(null, null).selected());
        var s = select(new TargetsSpec(), null);
        assertEquals(List.of(), s.selected());
        assertFalse(s.declared());
        TargetsSpec falseAll = new TargetsSpec();
        falseAll.all = false;
        assertFalse(select(falseAll, null).declared());
    }

    @Test
    void explicitIdsWithUnknownAndManagementAccount() {
        TargetsSpec t = new TargetsSpec();
        t.accountIds = List.of(A4, MGMT, "999999999999");
        var s = select(t, null);
        assertEquals(List.of(A4), s.selected());
        assertEquals(Map.of(MGMT, Targeting.REASON_MANAGEMENT_ACCOUNT), reasons(s));
        assertEquals(List.of("account 999999999999"), s.unknownTargets());
    }

    @Test
    void organizationalUnitWithAndWithoutDescendants() {
        TargetsSpec direct = new TargetsSpec();
        direct.organizationalUnits = List.of(new OrganizationalUnitTarget(PROD, false));
        var s = select(direct, null);
        assertEquals(List.of(A1), s.selected());
        assertEquals(Map.of(A2, Targeting.REASON_NOT_ACTIVE), reasons(s));

        TargetsSpec deep = new TargetsSpec();
        deep.organizationalUnits = List.of(new OrganizationalUnitTarget(PROD, true));
        assertEquals(List.of(A1, A3), select(deep, null).selected());
    }

    @Test
    void unknownOrganizationalUnitIsReportedNotFatal() {
        TargetsSpec t = new TargetsSpec();
        t.organizationalUnits =
                List.of(
                        new OrganizationalUnitTarget("ou-none-zzzzzzzz", true),
                        new OrganizationalUnitTarget(DEV, true));
        var s = select(t, null);
        assertEquals(List.of(A4, A5), s.selected());
        assertEquals(List.of("organizationalUnit ou-none-zzzzzzzz"), s.unknownTargets());
    }

    @Test
    void tagsWithAndWithoutValue() {
        TargetsSpec anyValue = new TargetsSpec();
        anyValue.tags = List.of(new TagSelector("env", null));
        assertEquals(List.of(A4, A5), select(anyValue, null).selected());
        TargetsSpec value = new TargetsSpec();
        value.tags = List.of(new TagSelector("env", "test"));
        assertEquals(List.of(A5), select(value, null).selected());
        TargetsSpec missing = new TargetsSpec();
        missing.tags = List.of(new TagSelector("team", null));
        var s = select(missing, null);
        assertEquals(List.of(), s.selected());
        assertTrue(s.declared());
    }

    @Test
    void formsAreAUnion() {
        TargetsSpec t = new TargetsSpec();
        t.accountIds = List.of(A1);
        t.tags = List.of(new TagSelector("env", "dev"));
        assertEquals(List.of(A1, A4), select(t, null).selected());
    }

    @Test
    void excludeByIdAndByOrganizationalUnitWithDescendants() {
        TargetsSpec t = new TargetsSpec();
        t.all = true;
        ExcludeSpec ex = new ExcludeSpec();
        ex.accountIds = List.of(A5, "888888888888");
        ex.organizationalUnits = ExcludedOrganizationalUnit.of(PROD);
        var s = select(t, ex);
        assertEquals(List.of(A4), s.selected());
        Map<String, String> reasons = reasons(s);
        assertEquals(Targeting.REASON_EXCLUDED, reasons.get(A5));
        assertEquals(Targeting.REASON_EXCLUDED_OU, reasons.get(A1));
        assertEquals(
                Targeting.REASON_EXCLUDED_OU, reasons.get(A3), "descendant OU of an excluded OU");
        assertEquals(List.of("excluded account 888888888888"), s.unknownTargets());
        AccountAttention nested =
                s.excluded().stream().filter(a -> a.accountId.equals(A3)).findFirst().orElseThrow();
        assertTrue(nested.message.contains(PROD), nested.message);
    }
}
