package io.rootaccess.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.sandbox.SandboxOrganization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What one test owns: a fresh organizational unit with fresh accounts in the running sandbox, and a
 * fresh namespace. Names carry a random suffix, so test classes sharing one application (and one
 * sandbox, one API server, one operator watching every namespace) never see each other's resources.
 * Create it in {@code @BeforeEach}, {@link #close()} it in {@code @AfterEach}:
 *
 * <pre>{@code
 * fixture = SandboxFixture.create(client, "read-before-delete", 1);
 * fixture.create(AccountStates.accountState(fixture.account(0)).enforce().build());
 * }</pre>
 *
 * <p>Closing deletes the custom resources it holds and waits, with a bound, until the operator
 * released them (their finalizers are gone), then deletes the namespace and detaches the SCPs
 * attached through it. The accounts stay in the organization: removing them would publish
 * organization events that other classes' event tests count; their OU keeps them apart.
 */
public final class SandboxFixture implements AutoCloseable {
    /** How long the operator has to release (remove its finalizer from) what a test made. */
    public static final Duration RELEASE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final SandboxOrganization org;
    private final String name;
    private final String ou;
    private final List<String> accounts = new ArrayList<>();
    private final List<String[]> attached = new ArrayList<>();

    private SandboxFixture(KubernetesClient client, SandboxOrganization org, String prefix) {
        this.client = client;
        this.org = org;
        this.name =
                prefix.toLowerCase(Locale.ROOT)
                        + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
        Namespaces.ensure(client, name);
        this.ou = org.createOrganizationalUnit(org.rootId(), name);
    }

    /**
     * A fresh namespace and OU named {@code <prefix>-<random>} in the running sandbox ({@link
     * SandboxResource#sandbox()}), with {@code accounts} fresh accounts in the OU (no root
     * credentials: add them with {@link SandboxAccounts}).
     */
    public static SandboxFixture create(KubernetesClient client, String prefix, int accounts) {
        return create(client, SandboxResource.sandbox().organization(), prefix, accounts);
    }

    public static SandboxFixture create(
            KubernetesClient client, SandboxOrganization org, String prefix, int accounts) {
        SandboxFixture f = new SandboxFixture(client, org, prefix);
        for (int i = 0; i < accounts; i++) {
            f.newAccount(String.valueOf(i));
        }
        return f;
    }

    /** The namespace; also the OU's name and the prefix of every account's name. */
    public String namespace() {
        return name;
    }

    public String ou() {
        return ou;
    }

    public SandboxOrganization org() {
        return org;
    }

    public List<String> accounts() {
        return List.copyOf(accounts);
    }

    public String account(int index) {
        return accounts.get(index);
    }

    /** One more fresh account in the OU, named {@code <namespace>-<name>}. */
    public String newAccount(String accountName) {
        String id = org.createAccount(name + "-" + accountName, ou);
        accounts.add(id);
        return id;
    }

    /** Creates the SCP and attaches it to the target; {@link #close()} detaches it. */
    public String attachScp(String scpName, String document, String target) {
        String policy = SandboxAccounts.attachScp(org, name + "-" + scpName, document, target);
        attached.add(new String[] {policy, target});
        return policy;
    }

    /** Creates the resource in this fixture's namespace. */
    public <T extends HasMetadata> T create(T resource) {
        resource.getMetadata().setNamespace(name);
        return client.resource(resource).create();
    }

    @Override
    public void close() {
        close(RELEASE);
    }

    /** The same with another bound: fails (ConditionTimeoutException) when something is held. */
    public void close(Duration release) {
        attached.forEach(a -> org.detachPolicy(a[0], a[1]));
        attached.clear();
        client.resources(PrivilegedRootTask.class).inNamespace(name).delete();
        client.resources(MemberAccountRootState.class).inNamespace(name).delete();
        client.resources(RootAccessPolicy.class).inNamespace(name).delete();
        await().atMost(release).pollInterval(Duration.ofMillis(50)).until(this::released);
        Namespaces.deleteAsTheApiServerWould(client, name);
    }

    /** Nothing of the operator's kinds is left in the namespace (finalizers removed). */
    private boolean released() {
        return client.resources(PrivilegedRootTask.class)
                        .inNamespace(name)
                        .list()
                        .getItems()
                        .isEmpty()
                && client.resources(MemberAccountRootState.class)
                        .inNamespace(name)
                        .list()
                        .getItems()
                        .isEmpty()
                && client.resources(RootAccessPolicy.class)
                        .inNamespace(name)
                        .list()
                        .getItems()
                        .isEmpty();
    }
}
