package io.rootaccess.operator.logging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import org.jboss.logging.MDC;

/**
 * The resource a reconciler thread works on, as log fields (MDC): {@code namespace}, {@code name},
 * {@code kind} and, for accounts and tasks, {@code accountId}. The JSON log format
 * (logs.format=json in the chart) writes them as structured fields of every line logged while the
 * resource reconciles; the text format ignores them.
 */
public final class ResourceLogContext {
    public static final String NAMESPACE = "namespace";
    public static final String NAME = "name";
    public static final String KIND = "kind";
    public static final String ACCOUNT_ID = "accountId";

    private ResourceLogContext() {}

    public static void enter(HasMetadata resource) {
        if (resource == null || resource.getMetadata() == null) {
            return;
        }
        put(NAMESPACE, resource.getMetadata().getNamespace());
        put(NAME, resource.getMetadata().getName());
        put(KIND, resource.getKind());
        put(ACCOUNT_ID, accountId(resource));
    }

    public static void exit() {
        MDC.remove(NAMESPACE);
        MDC.remove(NAME);
        MDC.remove(KIND);
        MDC.remove(ACCOUNT_ID);
    }

    static String accountId(HasMetadata resource) {
        if (resource instanceof MemberAccountRootState m && m.getSpec() != null) {
            return m.getSpec().accountId;
        }
        if (resource instanceof PrivilegedRootTask t && t.getSpec() != null) {
            return t.getSpec().accountId;
        }
        return null;
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
