package io.rootaccess.operator.holds;

import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The MemberAccountRootStates of an account in any namespace, read from the account controller's
 * own informer cache (indexed by account id) rather than listed from the API server, and without a
 * second cache of every account. Filled when that controller prepares its event sources.
 */
@ApplicationScoped
public class AccountStateIndex {
    static final String BY_ACCOUNT = "rootaccess.io/account-id-any-namespace";

    private volatile IndexerResourceCache<MemberAccountRootState> cache;

    /** Adds the index to the account controller's cache; called before that cache starts. */
    public void attach(IndexerResourceCache<MemberAccountRootState> primaries) {
        primaries.addIndexer(
                BY_ACCOUNT,
                m ->
                        m.getSpec() == null || m.getSpec().accountId == null
                                ? List.of()
                                : List.of(m.getSpec().accountId));
        this.cache = primaries;
    }

    /** The accounts some MemberAccountRootState manages, in any namespace. */
    public List<String> accountIds() {
        var primaries = cache;
        if (primaries == null) {
            throw new IllegalStateException("the MemberAccountRootState cache is not ready yet");
        }
        return primaries
                .list()
                .filter(m -> m.getSpec() != null && m.getSpec().accountId != null)
                .map(m -> m.getSpec().accountId)
                .distinct()
                .toList();
    }

    /**
     * @throws IllegalStateException before the account controller is registered (the pass is
     *     retried)
     */
    public List<MemberAccountRootState> managing(String accountId) {
        var primaries = cache;
        if (primaries == null) {
            throw new IllegalStateException("the MemberAccountRootState cache is not ready yet");
        }
        return primaries.byIndex(BY_ACCOUNT, accountId);
    }
}
