package io.rootaccess.operator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test profile whose operator has the organization guard set to the sandbox's organization and
 * management account (rootaccess.expected-organization-id and -management-account-id), as a
 * production install should. Tests that need the guard to refuse make the sandbox present another
 * organization ({@link SandboxResource#anotherOrganization(long)}) and bring the default one back
 * with {@link SandboxResource#freshOrganization()} after themselves.
 */
public class GuardedProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(MockApiServer.class),
                new TestResourceEntry(GuardedSandbox.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        // not the default SandboxResource: this one also sets the guard. That also drops the
        // global MockApiServer, hence listed above
        return true;
    }

    /** The default sandbox, and the guard set to its organization and management account. */
    public static class GuardedSandbox extends SandboxResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("rootaccess.expected-organization-id", sandbox().organization().id());
            config.put(
                    "rootaccess.expected-management-account-id",
                    sandbox().organization().managementAccountId());
            return config;
        }
    }
}
