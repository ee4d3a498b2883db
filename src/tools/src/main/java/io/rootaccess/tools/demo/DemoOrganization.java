package io.rootaccess.tools.demo;

import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import io.rootaccess.sandbox.SandboxSeed;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The simulated organization `make demo` runs against: from SANDBOX_SEED when given, otherwise a
 * generated one whose OUs and two special accounts have fixed ids, so the manifests in examples/
 * can name them:
 *
 * <ul>
 *   <li>{@code ou-demo-workloads} (Workloads, with Prod/Staging/Dev below), {@code
 *       ou-demo-sandboxes} (Sandbox, governed by a DryRun policy), {@code ou-demo-breakglass}
 *       (BreakGlass)
 *   <li>{@code 999900000001}: the break-glass account, whose root password can be recovered
 *   <li>{@code 999900000002}: a workload account whose bucket {@code locked-bucket} and queue
 *       {@code locked-queue} have policies that lock everyone out
 *   <li>{@code 999900000003}: security-audit, managed by a hand-written MemberAccountRootState
 *       (examples/member-account-root-state.yaml) rather than by a policy
 * </ul>
 *
 * The organization starts with no central root access switched on: the example policy does that.
 */
public final class DemoOrganization {
    static final String WORKLOADS_OU = "ou-demo-workloads";
    public static final String SANDBOX_OU = "ou-demo-sandboxes";
    static final String BREAK_GLASS_OU = "ou-demo-breakglass";
    static final String BREAK_GLASS_ACCOUNT = "999900000001";
    public static final String LOCKED_ACCOUNT = "999900000002";
    public static final String HAND_MANAGED_ACCOUNT = "999900000003";
    public static final String LOCKED_BUCKET = "locked-bucket";
    public static final String LOCKED_QUEUE = "locked-queue";
    private static final long SEED = 42;

    private DemoOrganization() {}

    /**
     * Also used by `make bench` (test sources) for a fresh copy of the same organization per
     * strategy.
     */
    public static Sandbox start(DemoSettings settings) throws IOException {
        return start(settings, System.getenv());
    }

    /** The same organization, with the SANDBOX_* knobs (faults, latency) taken from env. */
    public static Sandbox start(DemoSettings settings, java.util.Map<String, String> env)
            throws IOException {
        if (settings.sandboxSeed() != null) {
            SandboxSeed seed = SandboxSeed.load(settings.sandboxSeed());
            Sandbox sandbox =
                    Sandbox.start(seed.configure(SandboxConfig.builder()).environment(env).build());
            seed.applyTo(sandbox);
            return sandbox;
        }
        // SANDBOX_LATENCY, SANDBOX_THROTTLE... (docs/sandbox.md) apply to the demo too
        Sandbox sandbox =
                Sandbox.start(SandboxConfig.builder().seed(SEED).environment(env).build());
        SandboxOrganization org = sandbox.organization();
        String root = org.rootId();
        org.createOrganizationalUnit(root, "Workloads", WORKLOADS_OU);
        org.createOrganizationalUnit(root, "Sandbox", SANDBOX_OU);
        String breakGlass = org.createOrganizationalUnit(root, "BreakGlass", BREAK_GLASS_OU);

        org.createAccount(BREAK_GLASS_ACCOUNT, "break-glass", breakGlass);
        org.tagAccount(BREAK_GLASS_ACCOUNT, "purpose", "break-glass");
        org.rootUser(BREAK_GLASS_ACCOUNT).setPassword(false);

        org.createAccount(LOCKED_ACCOUNT, "payments-prod", WORKLOADS_OU);
        org.tagAccount(LOCKED_ACCOUNT, "env", "prod");
        SandboxRootUser locked = org.rootUser(LOCKED_ACCOUNT);
        locked.setPassword(true);
        locked.addMfaDevice();
        locked.addAccessKey(Instant.now().minus(Duration.ofDays(200)));
        org.createBucket(
                LOCKED_ACCOUNT, "locked-bucket", denyAll("s3:*", "arn:aws:s3:::locked-bucket"));
        org.createQueue(LOCKED_ACCOUNT, "locked-queue", denyAll("sqs:*", "*"));

        org.createAccount(HAND_MANAGED_ACCOUNT, "security-audit", WORKLOADS_OU);
        SandboxRootUser audit = org.rootUser(HAND_MANAGED_ACCOUNT);
        audit.setPassword(true);
        audit.addSigningCertificate();
        audit.addMfaDevice();

        int generated = Math.max(0, settings.accounts() - 3);
        SandboxSeed.generate(org, generated, SEED);
        return sandbox;
    }

    /** A resource policy that denies everyone everything: the classic self-inflicted lock-out. */
    private static String denyAll(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyEveryone\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\""
                + action
                + "\",\"Resource\":\""
                + resource
                + "\"}]}";
    }
}
