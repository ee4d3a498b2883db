package io.rootaccess.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rootaccess.sandbox.DefaultOrganization;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxCredentials;
import java.util.Map;

/**
 * Starts one sandbox (rate limits off, no faults) per Quarkus test profile, seeded with {@link
 * DefaultOrganization}, and points the operator at it. Tests reach the running instance with {@link
 * #sandbox()} to seed state and read counters, and look account ids up with {@link
 * #accountId(String)}.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {
    public static final String SECURITY_OU = DefaultOrganization.SECURITY_OU;
    public static final String WORKLOADS_OU = DefaultOrganization.WORKLOADS_OU;
    public static final String PROD_OU = DefaultOrganization.PROD_OU;
    public static final String SECURITY_TOOLING = DefaultOrganization.SECURITY_TOOLING;
    public static final String PROD_APP = DefaultOrganization.PROD_APP;
    public static final String DEV_APP = DefaultOrganization.DEV_APP;
    public static final String LEGACY = DefaultOrganization.LEGACY;

    private static volatile Sandbox current;

    /** The sandbox of the running test profile. */
    public static Sandbox sandbox() {
        Sandbox sb = current;
        if (sb == null) {
            throw new IllegalStateException(
                    "no sandbox running: annotate the test with @QuarkusTestResource(SandboxResource.class)");
        }
        return sb;
    }

    /** The id of a default account by name ({@link #PROD_APP}...). */
    public static String accountId(String name) {
        return sandbox()
                .organization()
                .accountIdByName(name)
                .orElseThrow(() -> new IllegalArgumentException("no account named " + name));
    }

    @Override
    public Map<String, String> start() {
        // events on: the management account's event queue fills as calls happen; only the tests
        // of the event source read it (and purge it first)
        Sandbox sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).events(true).build());
        DefaultOrganization.seed(sb.organization());
        current = sb;
        SandboxCredentials creds = sb.managementCredentials();
        return Map.of(
                "rootaccess.aws.endpoint", sb.endpoint().toString(),
                "rootaccess.aws.access-key-id", creds.accessKeyId(),
                "rootaccess.aws.secret-access-key", creds.secretAccessKey(),
                "rootaccess.aws.region", "us-east-1");
    }

    @Override
    public void stop() {
        Sandbox sb = current;
        current = null;
        if (sb != null) {
            sb.close();
        }
    }
}
