package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * An access key assigned to another account of a running sandbox, or to an account of another
 * sandbox: the same credentials, another identity.
 */
class AccessKeyAssignmentIT {
    Sandbox sb;
    Sandbox other;
    SdkClients clients;
    SdkClients otherClients;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {clients, otherClients, sb, other}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Sandbox started(long seed) {
        Sandbox s = Sandbox.start(SandboxConfig.builder().rateLimits(false).seed(seed).build());
        DefaultOrganization.seed(s.organization());
        return s;
    }

    @Test
    void theManagementKeyMovedToAMemberAccountActsThereUntilMovedBack() {
        sb = started(42);
        clients = new SdkClients(sb);
        SandboxCredentials key = sb.managementCredentials();
        String management = sb.organization().managementAccountId();
        String tooling =
                sb.organization()
                        .accountIdByName(DefaultOrganization.SECURITY_TOOLING)
                        .orElseThrow();
        StsClient sts = clients.sts(SdkClients.of(key));
        OrganizationsClient orgs = clients.organizations(SdkClients.of(key));
        GetCallerIdentityResponse before = sts.getCallerIdentity(r -> {});
        assertEquals(management, before.account());
        orgs.listRoots(r -> {});

        sb.assignAccessKey(key, tooling);
        assertEquals(tooling, sts.getCallerIdentity(r -> {}).account());
        assertThrows(
                AccessDeniedException.class,
                () -> orgs.listRoots(r -> {}),
                "a member account without delegation may not read the organization");
        assertEquals(
                sb.organization().id(), orgs.describeOrganization(r -> {}).organization().id());

        sb.assignAccessKey(key, management);
        GetCallerIdentityResponse after = sts.getCallerIdentity(r -> {});
        assertEquals(before.account(), after.account());
        assertEquals(before.arn(), after.arn());
        assertEquals(before.userId(), after.userId(), "the original identity, not a new one");
        orgs.listRoots(r -> {});
    }

    @Test
    void aKeyOfAnotherSandboxSeesThisSandboxsOrganization() {
        sb = started(42);
        other = started(4242);
        otherClients = new SdkClients(other);
        assertNotEquals(sb.organization().id(), other.organization().id());
        SandboxCredentials key = sb.managementCredentials();
        OrganizationsClient orgs = otherClients.organizations(SdkClients.of(key));
        assertThrows(RuntimeException.class, () -> orgs.describeOrganization(r -> {}));

        other.assignAccessKey(key, other.organization().managementAccountId());
        var org = orgs.describeOrganization(r -> {}).organization();
        assertEquals(other.organization().id(), org.id());
        assertEquals(other.organization().managementAccountId(), org.masterAccountId());
        orgs.listRoots(r -> {}); // the management account of that organization
    }
}
