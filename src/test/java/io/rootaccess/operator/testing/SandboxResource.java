package io.rootaccess.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rootaccess.operator.sandbox.Sandbox;
import io.rootaccess.operator.sandbox.SandboxConfig;
import io.rootaccess.operator.sandbox.SandboxCredentials;
import io.rootaccess.operator.sandbox.SandboxOrganization;
import io.rootaccess.operator.sandbox.SandboxRootUser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Starts one sandbox (rate limits off, no faults) per Quarkus test profile and points the operator
 * at it. Tests reach the running instance with {@link #sandbox()} to seed state and read counters.
 *
 * <p>The default organization (features, trusted access and delegated administrator all off, as in
 * a fresh AWS organization): the management account {@code management}; OUs {@code Security} and
 * {@code Workloads} under the root, {@code Prod} under Workloads; member accounts {@code
 * security-tooling} (Security, no root credentials), {@code prod-app} (Prod, tag env=prod, password
 * + one used access key + MFA), {@code dev-app} (Workloads, tag env=dev, password) and {@code
 * legacy} (root, password + signing certificate). Look ids up with {@link #accountId(String)}.
 */
public class SandboxResource implements QuarkusTestResourceLifecycleManager {
    public static final String SECURITY_OU = "Security";
    public static final String WORKLOADS_OU = "Workloads";
    public static final String PROD_OU = "Prod";
    public static final String SECURITY_TOOLING = "security-tooling";
    public static final String PROD_APP = "prod-app";
    public static final String DEV_APP = "dev-app";
    public static final String LEGACY = "legacy";

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
        Sandbox sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        seedDefaultOrganization(sb.organization());
        current = sb;
        SandboxCredentials creds = sb.managementCredentials();
        return Map.of(
                "rootaccess.aws.endpoint", sb.endpoint().toString(),
                "rootaccess.aws.access-key-id", creds.accessKeyId(),
                "rootaccess.aws.secret-access-key", creds.secretAccessKey(),
                "rootaccess.aws.region", "us-east-1");
    }

    /** The small default organization described in the class comment. */
    public static void seedDefaultOrganization(SandboxOrganization org) {
        String security = org.createOrganizationalUnit(org.rootId(), SECURITY_OU);
        String workloads = org.createOrganizationalUnit(org.rootId(), WORKLOADS_OU);
        String prod = org.createOrganizationalUnit(workloads, PROD_OU);

        String tooling = org.createAccount(SECURITY_TOOLING, security);
        org.rootUser(tooling).setPassword(false);

        String prodApp = org.createAccount(PROD_APP, prod);
        org.tagAccount(prodApp, "env", "prod");
        SandboxRootUser prodRoot = org.rootUser(prodApp);
        prodRoot.addAccessKey(Instant.now().minus(Duration.ofDays(3)));
        prodRoot.addMfaDevice();

        String dev = org.createAccount(DEV_APP, workloads);
        org.tagAccount(dev, "env", "dev");

        String legacy = org.createAccount(LEGACY, org.rootId());
        org.rootUser(legacy).addSigningCertificate();
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
