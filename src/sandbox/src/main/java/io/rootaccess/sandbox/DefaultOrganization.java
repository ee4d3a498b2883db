package io.rootaccess.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * The small organization the operator's integration tests and the sandbox's own API tests start
 * from. Features, trusted access and the delegated administrator are all off, as in a fresh AWS
 * organization. OUs {@code Security} and {@code Workloads} under the root, {@code Prod} under
 * Workloads; member accounts {@code security-tooling} (Security, no root credentials), {@code
 * prod-app} (Prod, tag env=prod, password + one used access key + MFA), {@code dev-app} (Workloads,
 * tag env=dev, password) and {@code legacy} (root, password + signing certificate).
 */
public final class DefaultOrganization {
    public static final String SECURITY_OU = "Security";
    public static final String WORKLOADS_OU = "Workloads";
    public static final String PROD_OU = "Prod";
    public static final String SECURITY_TOOLING = "security-tooling";
    public static final String PROD_APP = "prod-app";
    public static final String DEV_APP = "dev-app";
    public static final String LEGACY = "legacy";

    private DefaultOrganization() {}

    /** Adds the OUs and accounts of the class comment to {@code org}. */
    public static void seed(SandboxOrganization org) {
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
}
