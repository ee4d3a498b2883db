package io.rootaccess.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The test classes of a profile share one application, one mock API server ({@link MockApiServer})
 * and one sandbox. Before each class but the first of an application, this deletes every resource
 * of the three kinds the previous classes left (the running operator removes its finalizers; a
 * resource it has not released within the bound loses them), then gives the sandbox a fresh
 * organization ({@link SandboxResource#freshOrganization()}): the same ids and credentials in their
 * initial state, as each class saw when it had an application of its own. So a class that changes
 * the organization as a whole (its features, its delegated administrator, dozens of accounts,
 * closing the sandbox) needs nothing of its own before or after itself.
 *
 * <p>Registered in META-INF/services; it is loaded once per application, so its first-class flag
 * resets when a profile change restarts the application.
 */
public class ClassBoundary implements QuarkusTestBeforeClassCallback {
    private static final Logger LOG = Logger.getLogger(ClassBoundary.class);
    private static final List<Class<? extends HasMetadata>> KINDS =
            List.of(PrivilegedRootTask.class, MemberAccountRootState.class, RootAccessPolicy.class);

    private static boolean first = true;

    @Override
    public void beforeClass(Class<?> testClass) {
        synchronized (ClassBoundary.class) {
            if (first) {
                first = false;
                return;
            }
        }
        if (Arc.container() == null || !Arc.container().isRunning()) {
            return;
        }
        KubernetesClient client = Arc.container().instance(KubernetesClient.class).get();
        if (SandboxResource.running()) {
            // a reachable organization first: the previous class may have closed its endpoint,
            // and the operator's clean-up of what it leaves would wait on it
            SandboxResource.freshOrganization();
        }
        deleteEverything(client);
        Namespaces.collectGarbage(client);
        if (SandboxResource.running()) {
            SandboxResource.freshOrganization();
            forgetPreviousOrganization();
        }
        LOG.infof(
                "before %s: previous classes' resources deleted, fresh organization",
                testClass.getSimpleName());
    }

    /**
     * The fresh organization has the same account ids with none of the previous state: the
     * operator's memory of the old one (root sessions it opened, tags it read, switches it saw,
     * audits asked for, retry backoffs) would be taken as current. A restarted operator starts with
     * none of it, so the class starts with none of it either. Maps held by these classes, reached
     * from the beans below, are cleared.
     */
    private static final Set<String> MEMORY =
            Set.of(
                    "io.rootaccess.operator.aws.sdk.SdkRootSessions",
                    "io.rootaccess.operator.aws.sdk.SdkOrganizationDirectory",
                    "io.rootaccess.operator.policy.OrganizationSwitchesMemo",
                    "io.rootaccess.operator.policy.WalkExclusions",
                    "io.rootaccess.operator.account.AuditRequests",
                    "io.rootaccess.operator.reconcile.RetryBackoff",
                    "io.rootaccess.operator.events.EventLoop",
                    "io.rootaccess.operator.aws.OwnRootSessions",
                    "io.rootaccess.operator.aws.scp.ScpPaths");

    private static final List<String> ROOTS =
            List.of(
                    "io.rootaccess.operator.aws.sdk.SdkRootSessions",
                    "io.rootaccess.operator.aws.sdk.SdkOrganizationDirectory",
                    "io.rootaccess.operator.account.AuditRequests",
                    "io.rootaccess.operator.account.MemberAccountRootStateReconciler",
                    "io.rootaccess.operator.task.PrivilegedRootTaskReconciler",
                    "io.rootaccess.operator.policy.RootAccessPolicyReconciler",
                    "io.rootaccess.operator.events.ManagementEventConsumer",
                    "io.rootaccess.operator.aws.OwnRootSessions",
                    "io.rootaccess.operator.aws.scp.ScpPaths");

    private static void forgetPreviousOrganization() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : ROOTS) {
            try {
                Class<?> type = Thread.currentThread().getContextClassLoader().loadClass(name);
                InstanceHandle<?> bean = Arc.container().instance(type);
                if (bean.isAvailable()) {
                    forget(ClientProxy.unwrap(bean.get()), 0, seen);
                }
            } catch (ClassNotFoundException e) {
                LOG.warnf("ClassBoundary: %s no longer exists; update its list", name);
            }
        }
    }

    private static void forget(Object o, int depth, Set<Object> seen) {
        if (o == null || depth > 3 || !seen.add(o)) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (!c.getName().startsWith("io.rootaccess.operator")) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(o);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (value instanceof Map<?, ?> map && MEMORY.contains(c.getName())) {
                    map.clear();
                } else if (value instanceof Collection<?> seenBefore
                        && MEMORY.contains(c.getName())) {
                    seenBefore.clear();
                } else if (value != null
                        && value.getClass().getName().startsWith("io.rootaccess.operator")) {
                    forget(ClientProxy.unwrap(value), depth + 1, seen);
                }
            }
        }
    }

    public static void deleteEverything(KubernetesClient client) {
        for (Class<? extends HasMetadata> kind : KINDS) {
            client.resources(kind).inAnyNamespace().delete();
        }
        try {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> remaining(client) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // fail closed for the next class: nothing of the previous ones may act on its accounts
            for (Class<? extends HasMetadata> kind : KINDS) {
                for (HasMetadata r : client.resources(kind).inAnyNamespace().list().getItems()) {
                    try {
                        client.resource(r)
                                .edit(
                                        x -> {
                                            x.getMetadata().setFinalizers(List.of());
                                            return x;
                                        });
                    } catch (KubernetesClientException gone) {
                        // already gone: what we wanted
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> remaining(client) == 0);
        }
    }

    private static int remaining(KubernetesClient client) {
        return KINDS.stream()
                .mapToInt(k -> client.resources(k).inAnyNamespace().list().getItems().size())
                .sum();
    }
}
