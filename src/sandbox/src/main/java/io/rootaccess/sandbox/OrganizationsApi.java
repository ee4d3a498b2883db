package io.rootaccess.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS Organizations over JSON 1.1 ({@code X-Amz-Target: AWSOrganizationsV20161128.<Operation>}).
 */
final class OrganizationsApi {
    private static final Set<String> MANAGEMENT_ONLY =
            Set.of(
                    "organizations:EnableAWSServiceAccess",
                    "organizations:DisableAWSServiceAccess",
                    "organizations:RegisterDelegatedAdministrator",
                    "organizations:DeregisterDelegatedAdministrator");

    private final Sandbox sb;
    private final SandboxOrganization org;

    OrganizationsApi(Sandbox sb) {
        this.sb = sb;
        this.org = sb.organization();
    }

    Call.Response handle(Call c) {
        authorizeCaller(c);
        return switch (c.action()) {
            case "DescribeOrganization" -> describeOrganization();
            case "ListRoots" -> listRoots(c);
            case "ListAccounts" -> listAccounts(c);
            case "ListOrganizationalUnitsForParent" -> listOus(c);
            case "ListAccountsForParent" -> listAccountsForParent(c);
            case "ListParents" -> listParents(c);
            case "DescribeAccount" -> describeAccount(c);
            case "ListTagsForResource" -> listTags(c);
            case "EnableAWSServiceAccess" -> serviceAccess(c, true);
            case "DisableAWSServiceAccess" -> serviceAccess(c, false);
            case "ListAWSServiceAccessForOrganization" -> listServiceAccess(c);
            case "RegisterDelegatedAdministrator" -> registerDelegatedAdmin(c);
            case "DeregisterDelegatedAdministrator" -> deregisterDelegatedAdmin(c);
            case "ListDelegatedAdministrators" -> listDelegatedAdmins(c);
            case "ListPoliciesForTarget" -> listPoliciesForTarget(c);
            case "DescribePolicy" -> describePolicy(c);
            default -> throw c.protocol.unknownOperation(c.operation);
        };
    }

    /**
     * The management account may call everything; delegated administrators (of any service) may
     * read; other member-account identities may only describe their organization.
     */
    private void authorizeCaller(Call c) {
        Identity id = c.identity;
        sb.authorize(c, org.arn());
        if (sb.isManagement(id)) {
            return;
        }
        boolean delegated =
                !id.isRootSession()
                        && !org.delegatedAdministrators()
                                .getOrDefault(id.accountId(), Map.of())
                                .isEmpty();
        boolean inOrganization = org.findAccount(id.accountId()) != null;
        if (!inOrganization) {
            throw SandboxError.of(
                    "AWSOrganizationsNotInUseException",
                    400,
                    "Your account is not a member of an organization.");
        }
        if (c.operation.equals("organizations:DescribeOrganization")
                || (delegated && !MANAGEMENT_ONLY.contains(c.operation))) {
            return;
        }
        throw c.protocol.accessDenied("You don't have permissions to access this resource.");
    }

    private Call.Response describeOrganization() {
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ObjectNode n = o.putObject("Organization");
        SandboxOrganization.Account mgmt = org.findAccount(org.managementAccountId());
        n.put("Id", org.id())
                .put("Arn", org.arn())
                .put("FeatureSet", org.featureSet())
                .put("MasterAccountArn", accountArn(mgmt.id))
                .put("MasterAccountId", mgmt.id)
                .put("MasterAccountEmail", mgmt.email);
        n.putArray("AvailablePolicyTypes")
                .addObject()
                .put("Type", "SERVICE_CONTROL_POLICY")
                .put("Status", "ENABLED");
        return ok(o);
    }

    private Call.Response listRoots(Call c) {
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ObjectNode r = o.putArray("Roots").addObject();
        r.put("Id", org.rootId())
                .put(
                        "Arn",
                        "arn:aws:organizations::"
                                + org.managementAccountId()
                                + ":root/"
                                + org.id()
                                + "/"
                                + org.rootId())
                .put("Name", "Root");
        r.putArray("PolicyTypes")
                .addObject()
                .put("Type", "SERVICE_CONTROL_POLICY")
                .put("Status", "ENABLED");
        return ok(o);
    }

    private Call.Response listAccounts(Call c) {
        int max = maxResults(c);
        List<SandboxOrganization.Account> page = org.accountsPage(token(c), max);
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("Accounts");
        page.forEach(a -> account(arr.addObject(), a));
        nextToken(
                o,
                page.size() == max ? page.get(page.size() - 1).id : null,
                () -> org.accountsPage(page.get(page.size() - 1).id, 1).isEmpty());
        return ok(o);
    }

    private Call.Response listAccountsForParent(Call c) {
        String parentId = requireParent(c);
        int max = maxResults(c);
        List<String> ids = org.childAccountIds(parentId, token(c), max);
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("Accounts");
        for (String id : ids) {
            SandboxOrganization.Account a = org.findAccount(id);
            if (a != null) {
                account(arr.addObject(), a);
            }
        }
        nextToken(
                o,
                ids.size() == max ? ids.get(ids.size() - 1) : null,
                () -> org.childAccountIds(parentId, ids.get(ids.size() - 1), 1).isEmpty());
        return ok(o);
    }

    private Call.Response listOus(Call c) {
        String parentId = requireParent(c);
        int max = maxResults(c);
        List<String> ids = org.childOuIds(parentId, token(c), max);
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("OrganizationalUnits");
        for (String id : ids) {
            SandboxOrganization.Ou ou = org.findOu(id);
            if (ou != null) {
                arr.addObject()
                        .put("Id", ou.id)
                        .put(
                                "Arn",
                                "arn:aws:organizations::"
                                        + org.managementAccountId()
                                        + ":ou/"
                                        + org.id()
                                        + "/"
                                        + ou.id)
                        .put("Name", ou.name);
            }
        }
        nextToken(
                o,
                ids.size() == max ? ids.get(ids.size() - 1) : null,
                () -> org.childOuIds(parentId, ids.get(ids.size() - 1), 1).isEmpty());
        return ok(o);
    }

    private Call.Response listParents(Call c) {
        String childId = c.requiredJson("ChildId");
        String parent;
        try {
            parent = org.parentOf(childId);
        } catch (IllegalArgumentException e) {
            throw SandboxError.of(
                    "ChildNotFoundException",
                    400,
                    "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
        }
        ObjectNode o = Sandbox.JSON.createObjectNode();
        o.putArray("Parents")
                .addObject()
                .put("Id", parent)
                .put("Type", parent.startsWith("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT");
        return ok(o);
    }

    private Call.Response describeAccount(Call c) {
        SandboxOrganization.Account a = requireAccount(c.requiredJson("AccountId"));
        ObjectNode o = Sandbox.JSON.createObjectNode();
        account(o.putObject("Account"), a);
        return ok(o);
    }

    private Call.Response listTags(Call c) {
        String resourceId = c.requiredJson("ResourceId");
        SandboxOrganization.Account a = org.findAccount(resourceId);
        if (a == null && !org.isTarget(resourceId)) {
            throw SandboxError.of(
                    "TargetNotFoundException",
                    400,
                    "We can't find a root, OU, account, or policy with the TargetId that you specified.");
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        if (a != null) {
            synchronized (a.tags) { // a synchronizedMap must be locked while iterating
                tags.addAll(a.tags.entrySet());
            }
        }
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("Tags");
        tags.forEach(t -> arr.addObject().put("Key", t.getKey()).put("Value", t.getValue()));
        return ok(o);
    }

    private Call.Response serviceAccess(Call c, boolean enable) {
        String principal = c.requiredJson("ServicePrincipal");
        requireAllFeatures();
        org.setServiceAccess(principal, enable);
        return ok(Sandbox.JSON.createObjectNode());
    }

    private Call.Response listServiceAccess(Call c) {
        requireAllFeatures();
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("EnabledServicePrincipals");
        org.serviceAccess()
                .forEach(
                        (sp, when) ->
                                arr.addObject()
                                        .put("ServicePrincipal", sp)
                                        .put("DateEnabled", epoch(when)));
        return ok(o);
    }

    private Call.Response registerDelegatedAdmin(Call c) {
        String accountId = c.requiredJson("AccountId");
        String principal = c.requiredJson("ServicePrincipal");
        requireAllFeatures();
        requireAccount(accountId);
        if (accountId.equals(org.managementAccountId())) {
            throw SandboxError.of(
                    "ConstraintViolationException",
                    400,
                    "You cannot register the management account of the organization as a delegated administrator.");
        }
        if (!org.registerDelegatedAdministrator(accountId, principal)) {
            throw SandboxError.of(
                    "AccountAlreadyRegisteredException",
                    400,
                    "The provided account is already a delegated administrator for your organization.");
        }
        return ok(Sandbox.JSON.createObjectNode());
    }

    private Call.Response deregisterDelegatedAdmin(Call c) {
        String accountId = c.requiredJson("AccountId");
        String principal = c.requiredJson("ServicePrincipal");
        requireAccount(accountId);
        if (!org.deregisterDelegatedAdministrator(accountId, principal)) {
            throw SandboxError.of(
                    "AccountNotRegisteredException",
                    400,
                    "The provided account is not a registered delegated administrator for your organization.");
        }
        return ok(Sandbox.JSON.createObjectNode());
    }

    private Call.Response listDelegatedAdmins(Call c) {
        String principal = c.jsonText("ServicePrincipal");
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("DelegatedAdministrators");
        org.delegatedAdministrators()
                .forEach(
                        (accountId, services) -> {
                            if (principal != null && !services.containsKey(principal)) {
                                return;
                            }
                            SandboxOrganization.Account a = org.findAccount(accountId);
                            if (a == null) {
                                return;
                            }
                            ObjectNode n = arr.addObject();
                            account(n, a);
                            n.remove("State");
                            n.remove("Paths");
                            Instant since =
                                    principal != null
                                            ? services.get(principal)
                                            : services.values().iterator().next();
                            n.put("DelegationEnabledDate", epoch(since));
                        });
        return ok(o);
    }

    private Call.Response listPoliciesForTarget(Call c) {
        String targetId = c.requiredJson("TargetId");
        String filter = c.requiredJson("Filter");
        if (!org.isTarget(targetId)) {
            throw SandboxError.of(
                    "TargetNotFoundException",
                    400,
                    "We can't find a root, OU, account, or policy with the TargetId that you specified.");
        }
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ArrayNode arr = o.putArray("Policies");
        if ("SERVICE_CONTROL_POLICY".equals(filter)) {
            for (SandboxOrganization.Policy p : org.policiesFor(targetId)) {
                summary(arr.addObject(), p);
            }
        }
        return ok(o);
    }

    private Call.Response describePolicy(Call c) {
        SandboxOrganization.Policy p = org.policy(c.requiredJson("PolicyId"));
        if (p == null) {
            throw SandboxError.of(
                    "PolicyNotFoundException",
                    400,
                    "We can't find a policy with the PolicyId that you specified.");
        }
        ObjectNode o = Sandbox.JSON.createObjectNode();
        ObjectNode policy = o.putObject("Policy");
        summary(policy.putObject("PolicySummary"), p);
        policy.put("Content", p.content());
        return ok(o);
    }

    // ---------------------------------------------------------------- helpers

    private void summary(ObjectNode n, SandboxOrganization.Policy p) {
        String arn =
                p.awsManaged()
                        ? "arn:aws:organizations::aws:policy/service_control_policy/" + p.id()
                        : "arn:aws:organizations::"
                                + org.managementAccountId()
                                + ":policy/"
                                + org.id()
                                + "/service_control_policy/"
                                + p.id();
        n.put("Id", p.id())
                .put("Arn", arn)
                .put("Name", p.name())
                .put("Description", p.description())
                .put("Type", "SERVICE_CONTROL_POLICY")
                .put("AwsManaged", p.awsManaged());
    }

    private void account(ObjectNode n, SandboxOrganization.Account a) {
        n.put("Id", a.id)
                .put("Arn", accountArn(a.id))
                .put("Email", a.email)
                .put("Name", a.name)
                .put("Status", a.status())
                .put("State", a.state)
                .put("JoinedMethod", a.joinedMethod)
                .put("JoinedTimestamp", epoch(a.joined));
    }

    private String accountArn(String accountId) {
        return "arn:aws:organizations::"
                + org.managementAccountId()
                + ":account/"
                + org.id()
                + "/"
                + accountId;
    }

    private SandboxOrganization.Account requireAccount(String accountId) {
        SandboxOrganization.Account a = org.findAccount(accountId);
        if (a == null) {
            throw SandboxError.of(
                    "AccountNotFoundException",
                    400,
                    "You specified an account that doesn't exist.");
        }
        return a;
    }

    private String requireParent(Call c) {
        String parentId = c.requiredJson("ParentId");
        if (!org.isParent(parentId)) {
            throw SandboxError.of(
                    "ParentNotFoundException",
                    400,
                    "We can't find a root or OU with the ParentId that you specified.");
        }
        return parentId;
    }

    private void requireAllFeatures() {
        if (!"ALL".equals(org.featureSet())) {
            throw SandboxError.of(
                    "ConstraintViolationException",
                    400,
                    "This operation requires the organization to have all features enabled.");
        }
    }

    private static int maxResults(Call c) {
        JsonNode m = c.json.get("MaxResults");
        int max = m == null ? 20 : m.asInt();
        if (max < 1 || max > 20) {
            throw SandboxError.of(
                    "InvalidInputException", 400, "MaxResults must be between 1 and 20.");
        }
        return max;
    }

    /** The NextToken is the base64 of the last id returned. */
    private static String token(Call c) {
        String t = c.jsonText("NextToken");
        if (t == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SandboxError.of("InvalidInputException", 400, "The NextToken is not valid.");
        }
    }

    private static void nextToken(
            ObjectNode o, String lastId, java.util.function.BooleanSupplier nothingAfter) {
        if (lastId != null && !nothingAfter.getAsBoolean()) {
            o.put(
                    "NextToken",
                    Base64.getEncoder().encodeToString(lastId.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static double epoch(Instant i) {
        return i.toEpochMilli() / 1000.0;
    }

    private static Call.Response ok(ObjectNode o) {
        return new Call.Response(200, "application/x-amz-json-1.1", Sandbox.json(o), Map.of());
    }
}
