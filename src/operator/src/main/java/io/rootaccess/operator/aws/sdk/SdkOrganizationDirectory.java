package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.AccountTags;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.ServiceControlPolicy;
import io.rootaccess.operator.aws.organization.TagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore.TagRead;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.config.OperatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListOrganizationalUnitsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListPoliciesForTargetResponse;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Organizations reads, paginated by hand so every page takes a token of organizations-read. The OU
 * tree is walked top-down (ListOrganizationalUnitsForParent + ListAccountsForParent): one call per
 * OU and page, not one per account; the walk returns every account with its status, so ListAccounts
 * is not needed. Tags cost one call per account, so they are read incrementally (see {@link
 * #tagBudget}), and kept in a {@link TagReadStore} so a restarted process or a new leader starts
 * from the reads of the one before instead of reading every account again.
 */
@ApplicationScoped
public class SdkOrganizationDirectory implements OrganizationDirectory {
    private static final ApiFamily READ = ApiFamily.ORGANIZATIONS_READ;

    /** A long tag sweep shares what it knows every this many accounts. */
    static final int PROGRESS_EVERY = 25;

    /** During a long sweep the reads are stored at most this often (the end is always stored). */
    static final Duration SAVE_EVERY = Duration.ofSeconds(10);

    private final AwsClients clients;
    private final AwsCalls calls;
    private final Clock clock;

    /** Re-reads of already known accounts' tags per snapshot; new accounts are always read. */
    private final int tagBudget;

    /** The tags read so far, with when, carried from one snapshot to the next. */
    private final Map<String, TagRead> knownTags = new ConcurrentHashMap<>();

    /** Where the tag reads outlive this process; loaded once, on the first snapshot or tag read. */
    private final TagReadStore store;

    private volatile boolean storeLoaded;

    /** The organization of the last snapshot: the stored reads are only of this one. */
    private volatile String organizationId;

    private Instant lastSaved = Instant.MIN;

    @Inject
    public SdkOrganizationDirectory(
            AwsClients clients,
            AwsCalls calls,
            OperatorConfig config,
            TagReadStore store,
            Clock clock) {
        this(clients, calls, clock, config.organizationTagReadsPerRefresh(), store);
    }

    public SdkOrganizationDirectory(
            AwsClients clients, AwsCalls calls, Clock clock, int tagBudget) {
        this(clients, calls, clock, tagBudget, TagReadStore.NONE);
    }

    public SdkOrganizationDirectory(
            AwsClients clients, AwsCalls calls, Clock clock, int tagBudget, TagReadStore store) {
        this.clients = clients;
        this.calls = calls;
        this.clock = clock;
        this.tagBudget = tagBudget;
        this.store = store;
    }

    @Override
    public OrganizationInfo describeOrganization() {
        Organization o =
                calls.call(
                        READ,
                        "organizations:DescribeOrganization",
                        () -> clients.organizations().describeOrganization().organization());
        return new OrganizationInfo(o.id(), o.masterAccountId(), o.featureSetAsString());
    }

    @Override
    public AccountInfo describeAccount(String accountId) {
        return info(
                calls.call(
                        READ,
                        "organizations:DescribeAccount",
                        () ->
                                clients.organizations()
                                        .describeAccount(r -> r.accountId(accountId))
                                        .account()));
    }

    @Override
    public OrganizationSnapshot snapshot() {
        return snapshot(true);
    }

    @Override
    public OrganizationSnapshot snapshot(boolean withTags) {
        return snapshot(withTags, partial -> {});
    }

    @Override
    public OrganizationSnapshot snapshot(boolean withTags, Consumer<OrganizationSnapshot> partial) {
        OrganizationInfo organization = describeOrganization();
        String rootId =
                calls.call(
                                READ,
                                "organizations:ListRoots",
                                () -> clients.organizations().listRoots().roots())
                        .get(0)
                        .id();

        Map<String, AccountInfo> accounts = new LinkedHashMap<>();
        Map<String, String> parents = new HashMap<>();
        Set<String> ous = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(rootId));
        while (!todo.isEmpty()) {
            String parent = todo.poll();
            pages(
                    "organizations:ListOrganizationalUnitsForParent",
                    token ->
                            clients.organizations()
                                    .listOrganizationalUnitsForParent(
                                            r -> r.parentId(parent).nextToken(token)),
                    ListOrganizationalUnitsForParentResponse::nextToken,
                    page ->
                            page.organizationalUnits()
                                    .forEach(
                                            ou -> {
                                                ous.add(ou.id());
                                                parents.put(ou.id(), parent);
                                                todo.add(ou.id());
                                            }));
            pages(
                    "organizations:ListAccountsForParent",
                    token ->
                            clients.organizations()
                                    .listAccountsForParent(
                                            r -> r.parentId(parent).nextToken(token)),
                    ListAccountsForParentResponse::nextToken,
                    page -> {
                        page.accounts()
                                .forEach(
                                        a -> {
                                            parents.put(a.id(), parent);
                                            accounts.putIfAbsent(a.id(), info(a));
                                        });
                        // every account found so far has its whole path: the OUs above it were
                        // listed before it (top-down), so policies can start on it now
                        partial.accept(shape(organization, rootId, accounts, parents, ous, false));
                    });
        }

        OrganizationSnapshot shape = shape(organization, rootId, accounts, parents, ous, true);
        organizationId = organization.id();
        loadStoredTags(organization.id());
        knownTags.keySet().retainAll(accounts.keySet()); // accounts that left are forgotten
        return shape.withTags(withTags ? readTags(accounts.keySet(), progress -> {}) : known());
    }

    /** The shape walked so far (or all of it), without tags. */
    private OrganizationSnapshot shape(
            OrganizationInfo organization,
            String rootId,
            Map<String, AccountInfo> accounts,
            Map<String, String> parents,
            Set<String> ous,
            boolean complete) {
        return new OrganizationSnapshot(
                organization,
                rootId,
                Map.copyOf(accounts),
                Map.copyOf(parents),
                Set.copyOf(ous),
                Map.of(),
                Set.of(),
                clock.instant(),
                complete);
    }

    /**
     * Tags of every account: read now for accounts never read, and for the {@link #tagBudget}
     * accounts read longest ago; the others keep the tags of an earlier read.
     */
    @Override
    public AccountTags readTags(Set<String> accountIds, Consumer<AccountTags> progress) {
        if (!storeLoaded && store != TagReadStore.NONE) {
            if (organizationId == null) { // tags read before any snapshot: one call to know whose
                organizationId = describeOrganization().id();
            }
            loadStoredTags(organizationId);
        }
        List<String> due =
                new ArrayList<>(
                        accountIds.stream()
                                .filter(id -> !knownTags.containsKey(id))
                                .sorted()
                                .toList());
        int neverRead = due.size();
        knownTags.entrySet().stream()
                .filter(e -> accountIds.contains(e.getKey()))
                .sorted(
                        Comparator.comparing(
                                        (Map.Entry<String, TagRead> e) -> e.getValue().readAt())
                                .thenComparing(Map.Entry::getKey))
                .limit(tagBudget)
                .forEach(e -> due.add(e.getKey()));
        int done = 0;
        int read = 0;
        AwsException firstFailure = null;
        for (String accountId : due) {
            Map<String, String> accountTags = new LinkedHashMap<>();
            try {
                pages(
                        "organizations:ListTagsForResource",
                        token ->
                                clients.organizations()
                                        .listTagsForResource(
                                                r -> r.resourceId(accountId).nextToken(token)),
                        ListTagsForResourceResponse::nextToken,
                        page -> page.tags().forEach(t -> accountTags.put(t.key(), t.value())));
            } catch (AwsException e) {
                if (!e.retryable()) {
                    progress.accept(known()); // keep what was read; a denial repeats per account
                    saveTags(read, true);
                    throw e;
                }
                // one account's throttled or failed read (after its retries) must not end the
                // sweep: it stays pending and is read again at the next refresh
                if (firstFailure == null) {
                    firstFailure = e;
                }
                done++;
                continue;
            }
            knownTags.put(accountId, new TagRead(Map.copyOf(accountTags), clock.instant()));
            read++;
            // share the accounts never read as soon as they are done (new accounts wait for nothing
            // else)
            if ((++done % PROGRESS_EVERY == 0 || done == neverRead) && done < due.size()) {
                progress.accept(known());
                saveTags(read, false);
            }
        }
        saveTags(read, true);
        if (firstFailure != null) {
            progress.accept(known()); // the caller records the failure and refreshes sooner
            throw firstFailure;
        }
        return known();
    }

    /**
     * Takes the stored reads of this organization, once per process (again only when the store
     * could not be asked). Reads of this process win; the stored ones keep their readAt, so the
     * budgeted refresh re-reads the oldest first.
     */
    private synchronized void loadStoredTags(String organization) {
        if (storeLoaded) {
            return;
        }
        store.load(organization)
                .ifPresent(
                        stored -> {
                            stored.forEach(knownTags::putIfAbsent);
                            storeLoaded = true;
                        });
    }

    /**
     * Stores the reads after a sweep that read anything, and during a long one at most every {@link
     * #SAVE_EVERY}: a restart then loses at most that much of a sweep.
     */
    private void saveTags(int read, boolean sweepEnded) {
        String organization = organizationId;
        if (read == 0 || store == TagReadStore.NONE || organization == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (this) {
            if (!sweepEnded && lastSaved.plus(SAVE_EVERY).isAfter(now)) {
                return;
            }
            lastSaved = now;
        }
        store.save(organization, Map.copyOf(knownTags));
    }

    /** The tags read so far. */
    private AccountTags known() {
        Map<String, Map<String, String>> tags = new HashMap<>();
        knownTags.forEach(
                (id, read) -> {
                    if (!read.tags().isEmpty()) {
                        tags.put(id, read.tags());
                    }
                });
        return new AccountTags(Map.copyOf(tags), Set.copyOf(knownTags.keySet()));
    }

    @Override
    public List<ServiceControlPolicy> serviceControlPoliciesFor(String accountId) {
        List<String> targets = new ArrayList<>(List.of(accountId));
        String child = accountId;
        while (targets.size() < 12) { // the root is at most 5 OUs up
            String current = child;
            var parentsOf =
                    calls.call(
                            READ,
                            "organizations:ListParents",
                            () ->
                                    clients.organizations()
                                            .listParents(r -> r.childId(current))
                                            .parents());
            if (parentsOf.isEmpty()) {
                break;
            }
            var parent = parentsOf.get(0);
            targets.add(parent.id());
            if ("ROOT".equals(parent.typeAsString())) {
                break;
            }
            child = parent.id();
        }
        Map<String, String> documents = new HashMap<>();
        List<ServiceControlPolicy> result = new ArrayList<>();
        for (String target : targets) {
            List<PolicySummary> attached = new ArrayList<>();
            pages(
                    "organizations:ListPoliciesForTarget",
                    token ->
                            clients.organizations()
                                    .listPoliciesForTarget(
                                            r ->
                                                    r.targetId(target)
                                                            .filter(
                                                                    PolicyType
                                                                            .SERVICE_CONTROL_POLICY)
                                                            .nextToken(token)),
                    ListPoliciesForTargetResponse::nextToken,
                    page -> attached.addAll(page.policies()));
            for (PolicySummary p : attached) {
                String document =
                        documents.computeIfAbsent(
                                p.id(),
                                id ->
                                        calls.call(
                                                READ,
                                                "organizations:DescribePolicy",
                                                () ->
                                                        clients.organizations()
                                                                .describePolicy(r -> r.policyId(id))
                                                                .policy()
                                                                .content()));
                result.add(new ServiceControlPolicy(p.id(), p.name(), target, document));
            }
        }
        return result;
    }

    @Override
    public List<ServiceControlPolicy> serviceControlPoliciesAttachedTo(String targetId) {
        List<ServiceControlPolicy> attached = new ArrayList<>();
        pages(
                "organizations:ListPoliciesForTarget",
                token ->
                        clients.organizations()
                                .listPoliciesForTarget(
                                        r ->
                                                r.targetId(targetId)
                                                        .filter(PolicyType.SERVICE_CONTROL_POLICY)
                                                        .nextToken(token)),
                ListPoliciesForTargetResponse::nextToken,
                page ->
                        page.policies()
                                .forEach(
                                        p ->
                                                attached.add(
                                                        new ServiceControlPolicy(
                                                                p.id(), p.name(), targetId,
                                                                null))));
        return attached;
    }

    @Override
    public String serviceControlPolicyDocument(String policyId) {
        return calls.call(
                READ,
                "organizations:DescribePolicy",
                () ->
                        clients.organizations()
                                .describePolicy(r -> r.policyId(policyId))
                                .policy()
                                .content());
    }

    private static AccountInfo info(Account a) {
        String state = a.stateAsString() != null ? a.stateAsString() : a.statusAsString();
        return new AccountInfo(a.id(), a.name(), a.email(), state);
    }

    /** Every page of a paginated call, each paced and retried on its own. */
    private <R> void pages(
            String action,
            Function<String, R> call,
            Function<R, String> nextToken,
            java.util.function.Consumer<R> onPage) {
        String token = null;
        do {
            String current = token;
            R page = calls.call(READ, action, () -> call.apply(current));
            onPage.accept(page);
            token = nextToken.apply(page);
        } while (token != null && !token.isEmpty());
    }
}
