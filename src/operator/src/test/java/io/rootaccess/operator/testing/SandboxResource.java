package io.rootaccess.operator.testing;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.organization.CachedOrganization;
import io.rootaccess.operator.aws.sdk.SdkRootSessions;
import io.rootaccess.operator.guard.OrganizationGuard;
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
 *
 * <p>Each test class starts on a fresh organization ({@link #freshOrganization()}, called by {@link
 * ClassBoundary}), so a class that changes the organization as a whole needs no application of its
 * own (a test profile): the operator keeps running, and only the organization behind its endpoint
 * is new.
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

    /** Whether a sandbox of this kind runs (the profile did not replace it). */
    public static boolean running() {
        return current != null;
    }

    /** The id of a default account by name ({@link #PROD_APP}...). */
    public static String accountId(String name) {
        return sandbox()
                .organization()
                .accountIdByName(name)
                .orElseThrow(() -> new IllegalArgumentException("no account named " + name));
    }

    /**
     * Replaces the running sandbox with a new one on the same port, seeded the same way: the same
     * organization id, account ids and management credentials (the ids are drawn from the sandbox's
     * seed), in their initial state (features off, no delegated administrator, only the default
     * accounts, an empty call log, no faults). The operator, configured once with that endpoint and
     * those credentials, then reads the new organization; its organization cache is refreshed here
     * so that nothing it read from the previous one is taken as current, its organization guard
     * (when configured) reads the organization again at its next pass, and the root sessions the
     * previous sandbox issued are dropped.
     */
    public static synchronized Sandbox freshOrganization() {
        Sandbox sb = replace(SandboxConfig.defaults().seed());
        if (operatorRunning()) {
            try {
                Arc.container().instance(OrganizationCache.class).get().refresh();
            } catch (RuntimeException e) {
                // the next pass refreshes it; a failed refresh keeps nothing of the old
                // organization
            }
            withBean(OrganizationGuard.class, OrganizationGuard::forget);
            withBean(SdkRootSessions.class, SdkRootSessions::forgetAll);
        }
        return sb;
    }

    /**
     * Replaces the running sandbox with one of another organization (its ids drawn from {@code
     * seed}, seeded with the default accounts), in which the operator's credentials are those of
     * the management account's administrator: the operator's credentials now see another
     * organization. The operator forgets what it read (nothing of the new organization is read
     * here). {@link #freshOrganization()} brings the default organization back.
     */
    public static synchronized Sandbox anotherOrganization(long seed) {
        SandboxCredentials operator = sandbox().managementCredentials();
        Sandbox sb = replace(seed);
        sb.assignAccessKey(operator, sb.organization().managementAccountId());
        forgetOrganization();
        return sb;
    }

    /**
     * The running operator forgets what it has read of the organization, as if it had just started:
     * its next read is a first walk, its organization guard (when configured) reads the
     * organization again at its next pass, and it holds no root session. No AWS call is made here.
     */
    public static void forgetOrganization() {
        if (operatorRunning()) {
            withBean(CachedOrganization.class, CachedOrganization::forget);
            withBean(OrganizationGuard.class, OrganizationGuard::forget);
            withBean(SdkRootSessions.class, SdkRootSessions::forgetAll);
        }
    }

    private static <T> void withBean(Class<T> type, java.util.function.Consumer<T> action) {
        var bean = Arc.container().instance(type);
        if (bean.isAvailable()) {
            action.accept(bean.get());
        }
    }

    private static boolean operatorRunning() {
        return Arc.container() != null && Arc.container().isRunning();
    }

    private static Sandbox replace(long seed) {
        Sandbox old = current;
        int port = old == null ? 0 : old.endpoint().getPort();
        if (old != null) {
            old.close();
        }
        Sandbox sb = start(port, seed);
        current = sb;
        return sb;
    }

    private static Sandbox start(int port, long seed) {
        Sandbox sb =
                Sandbox.start(
                        SandboxConfig.builder()
                                .rateLimits(false)
                                .events(true)
                                .port(port)
                                .seed(seed)
                                .build());
        DefaultOrganization.seed(sb.organization());
        return sb;
    }

    /** What was running before this resource started (a test of its own inside a running app). */
    private Sandbox previous;

    private Sandbox own;

    @Override
    public Map<String, String> start() {
        // events on: the management account's event queue fills as calls happen; only the tests
        // of the event source read it (and purge it first)
        Sandbox sb = start(0, SandboxConfig.defaults().seed());
        previous = current;
        own = sb;
        current = sb;
        SandboxCredentials creds = sb.managementCredentials();
        return Map.of(
                "rootaccess.aws.endpoint", sb.endpoint().toString(),
                "rootaccess.aws.access-key-id", creds.accessKeyId(),
                "rootaccess.aws.secret-access-key", creds.secretAccessKey(),
                "rootaccess.aws.region", "us-east-1");
    }

    /**
     * Stops this resource's sandbox (the one {@link #freshOrganization()} put in its place, if any)
     * and makes the one that ran before it current again: a plain test in the same JVM as a running
     * application leaves the application's sandbox in place.
     */
    @Override
    public void stop() {
        synchronized (SandboxResource.class) {
            Sandbox sb = current;
            boolean ours =
                    sb == own
                            || (own != null
                                    && sb != null
                                    && sb.endpoint() != null
                                    && sb.endpoint().getPort() == own.endpoint().getPort());
            if (ours) {
                current = previous;
                sb.close();
            }
            if (own != null) {
                own.close();
            }
            own = null;
            previous = null;
        }
    }
}
