package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountAlreadyRegisteredException;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.AccountNotRegisteredException;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.ConstraintViolationException;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.OrganizationFeatureSet;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.PolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.organizations.model.Tag;

class OrganizationsApiIT {
    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    OrganizationsClient orgs;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        clients = new SdkClients(sb);
        orgs = clients.managementOrganizations();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    String id(String name) {
        return org.accountIdByName(name).orElseThrow();
    }

    @Test
    void describesTheOrganizationAndItsRoot() {
        var o = orgs.describeOrganization(r -> {}).organization();
        assertEquals(org.id(), o.id());
        assertEquals(org.managementAccountId(), o.masterAccountId());
        assertEquals(OrganizationFeatureSet.ALL, o.featureSet());
        org.setFeatureSet("CONSOLIDATED_BILLING");
        assertEquals(
                OrganizationFeatureSet.CONSOLIDATED_BILLING,
                orgs.describeOrganization(r -> {}).organization().featureSet());

        var roots = orgs.listRoots(r -> {}).roots();
        assertEquals(1, roots.size());
        assertEquals(org.rootId(), roots.get(0).id());
        assertTrue(roots.get(0).id().matches("r-[a-z0-9]{4}"));
        assertEquals(1, sb.calls().count("organizations:ListRoots"));
        assertEquals(3, sb.calls().total());
    }

    @Test
    void listsEveryAccountAcrossPages() {
        for (int i = 0; i < 45; i++) {
            org.createAccount("bulk-" + i, org.rootId());
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListAccountsResponse page = orgs.listAccounts(r -> r.nextToken(t));
            page.accounts().forEach(a -> assertTrue(seen.add(a.id()), "duplicate " + a.id()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(50, seen.size()); // management + 4 defaults + 45
        assertEquals(3, pages);
        assertEquals(Set.copyOf(org.accountIds()), seen);
        // The SDK paginator agrees.
        assertEquals(
                50,
                orgs.listAccountsPaginator(r -> r.maxResults(7)).stream()
                        .mapToLong(p -> p.accounts().size())
                        .sum());
    }

    @Test
    void walksTheTree() {
        String workloads = org.organizationalUnitIdByName("Workloads").orElseThrow();
        String prod = org.organizationalUnitIdByName("Prod").orElseThrow();
        var top =
                orgs.listOrganizationalUnitsForParent(r -> r.parentId(org.rootId()))
                        .organizationalUnits();
        assertEquals(
                Set.of("Security", "Workloads"),
                Set.copyOf(top.stream().map(o -> o.name()).toList()));
        assertTrue(top.stream().allMatch(o -> o.id().matches("ou-[a-z0-9]{4}-[a-z0-9]{8}")));
        assertEquals(
                List.of("Prod"),
                orgs
                        .listOrganizationalUnitsForParent(r -> r.parentId(workloads))
                        .organizationalUnits()
                        .stream()
                        .map(o -> o.name())
                        .toList());

        List<Account> inProd = orgs.listAccountsForParent(r -> r.parentId(prod)).accounts();
        assertEquals(List.of("prod-app"), inProd.stream().map(Account::name).toList());
        assertEquals(AccountState.ACTIVE, inProd.get(0).state());

        var parents = orgs.listParents(r -> r.childId(id("prod-app"))).parents();
        assertEquals(prod, parents.get(0).id());
        assertEquals(ParentType.ORGANIZATIONAL_UNIT, parents.get(0).type());
        assertEquals(
                ParentType.ROOT,
                orgs.listParents(r -> r.childId(workloads)).parents().get(0).type());

        org.moveAccount(id("prod-app"), org.rootId());
        assertEquals(
                org.rootId(),
                orgs.listParents(r -> r.childId(id("prod-app"))).parents().get(0).id());
        assertTrue(orgs.listAccountsForParent(r -> r.parentId(prod)).accounts().isEmpty());

        assertThrows(
                ParentNotFoundException.class,
                () -> orgs.listAccountsForParent(r -> r.parentId("ou-zzzz-zzzzzzzz")));
        assertThrows(
                OrganizationsException.class,
                () -> orgs.listParents(r -> r.childId("999999999999")));
        assertNotNull(ChildType.ACCOUNT);
    }

    @Test
    void childListsPaginate() {
        String workloads = org.organizationalUnitIdByName("Workloads").orElseThrow();
        for (int i = 0; i < 4; i++) {
            org.createOrganizationalUnit(workloads, "team-" + i);
            org.createAccount("w-" + i, workloads);
        }
        var ous = orgs.listOrganizationalUnitsForParent(r -> r.parentId(workloads).maxResults(3));
        assertEquals(3, ous.organizationalUnits().size());
        var moreOus =
                orgs.listOrganizationalUnitsForParent(
                        r -> r.parentId(workloads).maxResults(3).nextToken(ous.nextToken()));
        assertEquals(2, moreOus.organizationalUnits().size()); // Prod + 4 teams
        assertNull(moreOus.nextToken());
        var accounts = orgs.listAccountsForParent(r -> r.parentId(workloads).maxResults(4));
        assertNotNull(accounts.nextToken());
        var moreAccounts =
                orgs.listAccountsForParent(
                        r -> r.parentId(workloads).maxResults(4).nextToken(accounts.nextToken()));
        assertEquals(5, accounts.accounts().size() + moreAccounts.accounts().size()); // dev-app + 4
        assertThrows(OrganizationsException.class, () -> orgs.listAccounts(r -> r.maxResults(21)));
    }

    @Test
    void describesAccountsWithStateAndTags() {
        String prodApp = id("prod-app");
        Account a = orgs.describeAccount(r -> r.accountId(prodApp)).account();
        assertEquals("prod-app", a.name());
        assertTrue(a.arn().endsWith("/" + org.id() + "/" + prodApp));
        org.setAccountState(prodApp, "SUSPENDED");
        assertEquals(
                AccountState.SUSPENDED,
                orgs.describeAccount(r -> r.accountId(prodApp)).account().state());

        assertEquals(
                List.of(Tag.builder().key("env").value("prod").build()),
                orgs.listTagsForResource(r -> r.resourceId(prodApp)).tags());
        org.tagAccount(prodApp, "owner", "team-a");
        assertEquals(2, orgs.listTagsForResource(r -> r.resourceId(prodApp)).tags().size());

        var e =
                assertThrows(
                        AccountNotFoundException.class,
                        () -> orgs.describeAccount(r -> r.accountId("123456789012")));
        assertEquals("AccountNotFoundException", e.awsErrorDetails().errorCode());
        org.removeAccount(prodApp);
        assertThrows(
                AccountNotFoundException.class,
                () -> orgs.describeAccount(r -> r.accountId(prodApp)));
    }

    @Test
    void trustedAccessAndDelegatedAdministrator() {
        assertTrue(
                orgs.listAWSServiceAccessForOrganization(r -> {})
                        .enabledServicePrincipals()
                        .isEmpty());
        orgs.enableAWSServiceAccess(r -> r.servicePrincipal("iam.amazonaws.com"));
        assertTrue(org.trustedAccessForIam());
        assertEquals(
                "iam.amazonaws.com",
                orgs.listAWSServiceAccessForOrganization(r -> {})
                        .enabledServicePrincipals()
                        .get(0)
                        .servicePrincipal());

        String tooling = id("security-tooling");
        orgs.registerDelegatedAdministrator(
                r -> r.accountId(tooling).servicePrincipal("iam.amazonaws.com"));
        assertEquals(tooling, org.delegatedAdministrator().orElseThrow());
        assertThrows(
                AccountAlreadyRegisteredException.class,
                () ->
                        orgs.registerDelegatedAdministrator(
                                r -> r.accountId(tooling).servicePrincipal("iam.amazonaws.com")));
        assertThrows(
                ConstraintViolationException.class,
                () ->
                        orgs.registerDelegatedAdministrator(
                                r ->
                                        r.accountId(org.managementAccountId())
                                                .servicePrincipal("iam.amazonaws.com")));
        var admins =
                orgs.listDelegatedAdministrators(r -> r.servicePrincipal("iam.amazonaws.com"))
                        .delegatedAdministrators();
        assertEquals(List.of(tooling), admins.stream().map(d -> d.id()).toList());
        assertNotNull(admins.get(0).delegationEnabledDate());

        // The delegated administrator may read the organization but not change trusted access.
        OrganizationsClient delegated =
                clients.organizations(SdkClients.of(sb.credentialsFor(tooling)));
        assertEquals(5, delegated.listAccounts(r -> {}).accounts().size());
        assertThrows(
                AccessDeniedException.class,
                () ->
                        delegated.disableAWSServiceAccess(
                                r -> r.servicePrincipal("iam.amazonaws.com")));

        orgs.deregisterDelegatedAdministrator(
                r -> r.accountId(tooling).servicePrincipal("iam.amazonaws.com"));
        assertTrue(org.delegatedAdministrator().isEmpty());
        assertThrows(
                AccountNotRegisteredException.class,
                () ->
                        orgs.deregisterDelegatedAdministrator(
                                r -> r.accountId(tooling).servicePrincipal("iam.amazonaws.com")));
        assertThrows(AccessDeniedException.class, () -> delegated.listAccounts(r -> {}));

        orgs.disableAWSServiceAccess(r -> r.servicePrincipal("iam.amazonaws.com"));
        assertFalse(org.trustedAccessForIam());
        // one success, one AccountAlreadyRegistered, one ConstraintViolation
        assertEquals(3, sb.calls().count("organizations:RegisterDelegatedAdministrator"));
        assertEquals(
                3,
                sb.calls()
                        .count(
                                "organizations:RegisterDelegatedAdministrator",
                                org.managementAccountId()));
    }

    @Test
    void memberAccountsAndUnknownKeysAreRejected() {
        OrganizationsClient member =
                clients.organizations(SdkClients.of(sb.credentialsFor(id("dev-app"))));
        assertEquals(org.id(), member.describeOrganization(r -> {}).organization().id());
        var denied = assertThrows(AccessDeniedException.class, () -> member.listAccounts(r -> {}));
        assertEquals(400, denied.statusCode());

        OrganizationsClient stranger =
                clients.organizations(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "x"));
        var e = assertThrows(OrganizationsException.class, () -> stranger.listRoots(r -> {}));
        assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
    }

    @Test
    void serviceControlPoliciesAreListedAndDescribed() {
        String doc =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:CreateLoginProfile\",\"Resource\":\"*\"}]}";
        String scp = org.createServiceControlPolicy("deny-password", doc);
        String workloads = org.organizationalUnitIdByName("Workloads").orElseThrow();
        org.attachPolicy(scp, workloads);

        List<PolicySummary> onOu =
                orgs.listPoliciesForTarget(
                                r ->
                                        r.targetId(workloads)
                                                .filter(PolicyType.SERVICE_CONTROL_POLICY))
                        .policies();
        assertEquals(
                List.of("FullAWSAccess", "deny-password"),
                onOu.stream().map(PolicySummary::name).toList());
        assertTrue(onOu.get(0).awsManaged());
        assertEquals(doc, orgs.describePolicy(r -> r.policyId(scp)).policy().content());
        assertTrue(
                orgs
                        .listPoliciesForTarget(
                                r ->
                                        r.targetId(id("dev-app"))
                                                .filter(PolicyType.SERVICE_CONTROL_POLICY))
                        .policies()
                        .stream()
                        .noneMatch(p -> p.id().equals(scp)));

        org.detachPolicy(scp, workloads);
        assertEquals(
                1,
                orgs.listPoliciesForTarget(
                                r ->
                                        r.targetId(workloads)
                                                .filter(PolicyType.SERVICE_CONTROL_POLICY))
                        .policies()
                        .size());
        assertThrows(
                PolicyNotFoundException.class,
                () -> orgs.describePolicy(r -> r.policyId("p-missing1")));
        assertNull(orgs.listRoots(r -> {}).nextToken());
    }
}
