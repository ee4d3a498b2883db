package io.rootaccess.operator.testing;

import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import java.time.Duration;
import java.time.Instant;

/** Organization setup that the account tests share: the switches, credentials, SCPs. */
public final class SandboxAccounts {
    private SandboxAccounts() {}

    /** Trusted access for IAM and RootCredentialsManagement: what account remediation needs. */
    public static void centralizedRootAccessOn(SandboxOrganization org) {
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
    }

    /**
     * Gives the root user every kind of credential: a password, an access key last used 200 days
     * ago and one never used, a signing certificate and an MFA device.
     */
    public static SandboxRootUser giveEveryCredential(SandboxRootUser root) {
        root.setPassword(true);
        root.addAccessKey(Instant.now().minus(Duration.ofDays(200)));
        root.addAccessKey(null);
        root.addSigningCertificate();
        root.addMfaDevice();
        return root;
    }

    /** A new member account under {@code parent} with every kind of root credential. */
    public static String withEveryCredential(SandboxOrganization org, String name, String parent) {
        String id = org.createAccount(name, parent);
        giveEveryCredential(org.rootUser(id));
        return id;
    }

    /** Creates an SCP and attaches it to the target (account, OU or root); returns its id. */
    public static String attachScp(
            SandboxOrganization org, String name, String document, String target) {
        String policy = org.createServiceControlPolicy(name, document);
        org.attachPolicy(policy, target);
        return policy;
    }
}
