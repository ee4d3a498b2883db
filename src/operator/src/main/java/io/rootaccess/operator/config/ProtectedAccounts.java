package io.rootaccess.operator.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The accounts no policy, MemberAccountRootState or PrivilegedRootTask ever touches
 * (rootaccess.protected-accounts): never selected, never audited, no root session is opened in
 * them. Read once at startup; an entry that is not a 12-digit account id stops the operator from
 * starting (a typo must not silently unprotect an account).
 */
@ApplicationScoped
@Startup // validated when the operator starts, not at the first pass that needs it
public class ProtectedAccounts {
    public static final String PROPERTY = "rootaccess.protected-accounts";
    private static final Pattern ACCOUNT_ID = Pattern.compile("^[0-9]{12}$");
    private static final ProtectedAccounts NONE = new ProtectedAccounts(Set.of());

    private final SortedSet<String> ids;

    @Inject
    public ProtectedAccounts(OperatorConfig config) {
        this(parse(config.protectedAccounts().orElse(List.of())));
    }

    private ProtectedAccounts(Set<String> ids) {
        this.ids = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ids));
    }

    /** No protected account (tests and tools that build the domain classes by hand). */
    public static ProtectedAccounts none() {
        return NONE;
    }

    public static ProtectedAccounts of(Collection<String> ids) {
        return new ProtectedAccounts(parse(ids));
    }

    /**
     * The validated ids.
     *
     * @throws IllegalArgumentException naming every entry that is not a 12-digit account id
     */
    static Set<String> parse(Collection<String> entries) {
        Set<String> ids = new TreeSet<>();
        List<String> invalid = new ArrayList<>();
        for (String entry : entries) {
            String id = entry == null ? "" : entry.trim();
            if (id.isEmpty()) {
                continue; // "a,,b" or a trailing comma
            }
            if (ACCOUNT_ID.matcher(id).matches()) {
                ids.add(id);
            } else {
                invalid.add("\"" + id + "\"");
            }
        }
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException(
                    PROPERTY
                            + ": "
                            + String.join(", ", invalid)
                            + (invalid.size() == 1 ? " is not" : " are not")
                            + " 12-digit AWS account ids; the operator does not start with a"
                            + " protected-account list it cannot read (fix the list, e.g. the chart"
                            + " value protectedAccounts)");
        }
        return ids;
    }

    public boolean contains(String accountId) {
        return accountId != null && ids.contains(accountId);
    }

    /** Sorted. */
    public SortedSet<String> ids() {
        return ids;
    }

    public boolean isEmpty() {
        return ids.isEmpty();
    }

    /** The text a refusal names: why the account is off limits and where that is set. */
    public static String why(String accountId) {
        return "account "
                + accountId
                + " is protected ("
                + PROPERTY
                + "): the operator never opens a root session in it, whatever a resource asks";
    }
}
