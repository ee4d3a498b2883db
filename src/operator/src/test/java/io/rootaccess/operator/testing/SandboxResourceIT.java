package io.rootaccess.operator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SdkClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle manager itself, without Quarkus: overrides point at a live sandbox, stop ends it.
 */
class SandboxResourceIT {
    /** The sandbox of an application running in this JVM before the test, or null. */
    private static Sandbox running() {
        try {
            return SandboxResource.sandbox();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    @Test
    void startsSeedsAndStops() {
        Sandbox before = running();
        SandboxResource resource = new SandboxResource();
        Map<String, String> overrides = resource.start();
        try {
            assertEquals(
                    SandboxResource.sandbox().endpoint().toString(),
                    overrides.get("rootaccess.aws.endpoint"));
            assertEquals(
                    SandboxResource.sandbox().managementCredentials().accessKeyId(),
                    overrides.get("rootaccess.aws.access-key-id"));
            assertEquals("us-east-1", overrides.get("rootaccess.aws.region"));
            assertTrue(overrides.get("rootaccess.aws.secret-access-key").length() == 40);
            assertEquals(5, SandboxResource.sandbox().organization().accountIds().size());
            assertEquals(
                    SandboxResource.accountId(SandboxResource.PROD_APP),
                    SandboxResource.sandbox()
                            .organization()
                            .accountIdByName("prod-app")
                            .orElseThrow());
        } finally {
            resource.stop();
        }
        if (before == null) {
            assertThrows(IllegalStateException.class, SandboxResource::sandbox);
        } else {
            assertSame(before, SandboxResource.sandbox(), "the running application's sandbox");
        }
    }

    @Test
    void aFreshOrganizationIsTheSameOrganizationInItsInitialStateBehindTheSameEndpoint()
            throws Exception {
        SandboxResource resource = new SandboxResource();
        Map<String, String> overrides = resource.start();
        try {
            Sandbox first = SandboxResource.sandbox();
            String orgId = first.organization().id();
            String prodApp = SandboxResource.accountId(SandboxResource.PROD_APP);
            first.organization().setTrustedAccessForIam(true);
            first.organization().setFeatureEnabled("RootSessions", true);
            first.organization().createAccount("extra", first.organization().rootId());
            first.faults().throttle("organizations:ListAccounts", 1.0);
            try (SdkClients clients = new SdkClients(first)) {
                clients.managementSts().getCallerIdentity();
            }
            assertTrue(first.calls().total() > 0);

            Sandbox fresh = SandboxResource.freshOrganization();

            assertSame(fresh, SandboxResource.sandbox());
            assertEquals(overrides.get("rootaccess.aws.endpoint"), fresh.endpoint().toString());
            assertEquals(
                    overrides.get("rootaccess.aws.access-key-id"),
                    fresh.managementCredentials().accessKeyId());
            assertEquals(
                    overrides.get("rootaccess.aws.secret-access-key"),
                    fresh.managementCredentials().secretAccessKey());
            assertEquals(orgId, fresh.organization().id());
            assertEquals(prodApp, SandboxResource.accountId(SandboxResource.PROD_APP));
            assertEquals(5, fresh.organization().accountIds().size());
            assertFalse(fresh.organization().trustedAccessForIam());
            assertTrue(fresh.organization().enabledFeatures().isEmpty());
            assertEquals(0, fresh.calls().total());
            // the operator's credentials work against it: the same endpoint, the same keys
            try (SdkClients clients = new SdkClients(fresh)) {
                assertEquals(
                        fresh.organization().managementAccountId(),
                        clients.managementSts().getCallerIdentity().account());
            }
        } finally {
            resource.stop();
        }
    }
}
