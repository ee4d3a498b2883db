package io.rootaccess.operator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle manager itself, without Quarkus: overrides point at a live sandbox, stop ends it.
 */
class SandboxResourceIT {
    @Test
    void startsSeedsAndStops() {
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
        assertThrows(IllegalStateException.class, SandboxResource::sandbox);
    }
}
