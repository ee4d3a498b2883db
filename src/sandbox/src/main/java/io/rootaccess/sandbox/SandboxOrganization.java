package io.rootaccess.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The simulated organization: accounts, OUs, root users, SCPs, buckets and queues. Thread-safe: the
 * tree is guarded by a read/write lock (reads from the wire run in parallel), root users and
 * resources carry their own locks. Seed methods here count no API call.
 */
public final class SandboxOrganization {
    public static final String IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";
    public static final String FULL_AWS_ACCESS_ID = "p-FullAWSAccess";
    static final String ROOT_CREDENTIALS_MANAGEMENT = "RootCredentialsManagement";
    static final String ROOT_SESSIONS = "RootSessions";

    static final class Account {
        final String id;
        final String name;
        final String email;
        final Instant joined;
        final String joinedMethod;
        final SandboxRootUser rootUser;
        volatile String state = "ACTIVE";
        volatile String parentId;
        final Map<String, String> tags = Collections.synchronizedMap(new LinkedHashMap<>());

        Account(
                String id,
                String name,
                String email,
                Instant joined,
                String joinedMethod,
                String parentId,
                SandboxRootUser rootUser) {
            this.id = id;
            this.name = name;
            this.email = email;
            this.joined = joined;
            this.joinedMethod = joinedMethod;
            this.parentId = parentId;
            this.rootUser = rootUser;
        }

        /** The retiring Status field, derived from State as AWS does during the transition. */
        String status() {
            return switch (state) {
                case "ACTIVE", "PENDING_ACTIVATION" -> "ACTIVE";
                case "PENDING_CLOSURE" -> "PENDING_CLOSURE";
                default -> "SUSPENDED";
            };
        }
    }

    static final class Ou {
        final String id;
        final String name;
        volatile String parentId;

        Ou(String id, String name, String parentId) {
            this.id = id;
            this.name = name;
            this.parentId = parentId;
        }
    }

    record Policy(
            String id,
            String name,
            String description,
            String content,
            boolean awsManaged,
            ScpDocument document) {}

    static final class Bucket {
        final String accountId;
        final String name;
        final Instant created;
        volatile String policy;

        Bucket(String accountId, String name, Instant created, String policy) {
            this.accountId = accountId;
            this.name = name;
            this.created = created;
            this.policy = policy;
        }
    }

    static final class Queue {
        final String accountId;
        final String name;
        final Map<String, String> attributes = new ConcurrentHashMap<>();

        Queue(String accountId, String name) {
            this.accountId = accountId;
            this.name = name;
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Ids ids;
    private final SandboxClock clock;
    private final String id;
    private final String rootId;
    private final String managementAccountId;
    private volatile String featureSet = "ALL";
    private volatile String endpoint = "http://127.0.0.1";

    private final NavigableMap<String, Account> accounts = new TreeMap<>();
    private final Map<String, Ou> ous = new LinkedHashMap<>();

    /** parent id -> child OU ids / child account ids, both sorted for stable pagination. */
    private final Map<String, TreeSet<String>> childOus = new ConcurrentHashMap<>();

    private final Map<String, TreeSet<String>> childAccounts = new ConcurrentHashMap<>();
    private final Map<String, Policy> policies = new LinkedHashMap<>();
    private final Map<String, LinkedHashSet<String>> attachments = new LinkedHashMap<>();

    private final Map<String, Instant> serviceAccess = new ConcurrentHashMap<>();
    private final Set<String> features = ConcurrentHashMap.newKeySet();

    /** service principal -> (account id -> delegation date) */
    private final Map<String, Map<String, Instant>> delegatedAdmins = new ConcurrentHashMap<>();

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    SandboxOrganization(Ids ids, SandboxClock clock, String managementAccountName) {
        this.ids = ids;
        this.clock = clock;
        this.id = "o-" + ids.lower(10);
        this.rootId = "r-" + ids.lower(4);
        childOus.put(rootId, new TreeSet<>());
        childAccounts.put(rootId, new TreeSet<>());
        policies.put(
                FULL_AWS_ACCESS_ID,
                new Policy(
                        FULL_AWS_ACCESS_ID,
                        "FullAWSAccess",
                        "Allows access to every operation",
                        FULL_ACCESS_DOCUMENT,
                        true,
                        ScpDocument.parse(FULL_ACCESS_DOCUMENT)));
        attach(FULL_AWS_ACCESS_ID, rootId);
        this.managementAccountId = addAccount(null, managementAccountName, rootId, "INVITED");
    }

    private static final String FULL_ACCESS_DOCUMENT =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    /** An account joining, moving or leaving, for the management account's events. */
    public record Change(
            Kind kind,
            String accountId,
            String accountName,
            String fromParentId,
            String toParentId) {
        public enum Kind {
            CREATED,
            INVITED,
            MOVED,
            REMOVED
        }
    }

    private volatile java.util.function.Consumer<Change> changes = c -> {};

    /** Told every account change after it happened (the sandbox's event queue listens). */
    void onChange(java.util.function.Consumer<Change> listener) {
        this.changes = listener;
    }

    // ---------------------------------------------------------------- public API

    public String id() {
        return id;
    }

    public String arn() {
        return "arn:aws:organizations::" + managementAccountId + ":organization/" + id;
    }

    public String managementAccountId() {
        return managementAccountId;
    }

    public String managementAccountName() {
        return findAccount(managementAccountId).name;
    }

    public String rootId() {
        return rootId;
    }

    public String featureSet() {
        return featureSet;
    }

    public void setFeatureSet(String featureSet) {
        if (!featureSet.equals("ALL") && !featureSet.equals("CONSOLIDATED_BILLING")) {
            throw new IllegalArgumentException(
                    "feature set must be ALL or CONSOLIDATED_BILLING: " + featureSet);
        }
        this.featureSet = featureSet;
    }

    /** Creates an OU under a root or OU; returns "ou-xxxx-yyyyyyyy". */
    public String createOrganizationalUnit(String parentId, String name) {
        return createOrganizationalUnit(parentId, name, null);
    }

    /**
     * Creates an OU with a chosen id (null: generated), so example manifests can name it (the
     * demo's OUs, for example).
     */
    public String createOrganizationalUnit(String parentId, String name, String chosenId) {
        return write(
                () -> {
                    requireParent(parentId);
                    String ouId = chosenId;
                    if (ouId != null
                            && (ous.containsKey(ouId)
                                    || !ouId.matches("^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$"))) {
                        throw new IllegalArgumentException("OU id taken or malformed: " + ouId);
                    }
                    while (ouId == null || ous.containsKey(ouId)) {
                        ouId = "ou-" + rootId.substring(2) + "-" + ids.lower(8);
                    }
                    ous.put(ouId, new Ou(ouId, name, parentId));
                    childOus.get(parentId).add(ouId);
                    childOus.put(ouId, new TreeSet<>());
                    childAccounts.put(ouId, new TreeSet<>());
                    attach(FULL_AWS_ACCESS_ID, ouId);
                    return ouId;
                });
    }

    /** Creates a member account; no root password when RootCredentialsManagement is enabled. */
    public String createAccount(String name, String parentId) {
        String id = write(() -> addAccount(null, name, parentId, "CREATED"));
        changes.accept(new Change(Change.Kind.CREATED, id, name, null, parentId));
        return id;
    }

    /**
     * An existing account that accepted an invitation: it keeps the root password it had, whatever
     * RootCredentialsManagement says (invited accounts bring their root user with them).
     */
    public String inviteAccount(String name, String parentId) {
        String id =
                write(
                        () -> {
                            String a = addAccount(null, name, parentId, "INVITED");
                            account(a).rootUser.setPassword(true);
                            return a;
                        });
        changes.accept(new Change(Change.Kind.INVITED, id, name, null, parentId));
        return id;
    }

    /** Creates a member account with a chosen 12-digit id, so example manifests can name it. */
    public String createAccount(String accountId, String name, String parentId) {
        if (accountId == null || !accountId.matches("^[0-9]{12}$")) {
            throw new IllegalArgumentException("account id must be 12 digits: " + accountId);
        }
        String id = write(() -> addAccount(accountId, name, parentId, "CREATED"));
        changes.accept(new Change(Change.Kind.CREATED, id, name, null, parentId));
        return id;
    }

    public void setAccountState(String accountId, String state) {
        account(accountId).state = state;
    }

    public void moveAccount(String accountId, String parentId) {
        String from =
                write(
                        () -> {
                            Account a = account(accountId);
                            requireParent(parentId);
                            String was = a.parentId;
                            childAccounts.get(a.parentId).remove(accountId);
                            childAccounts.get(parentId).add(accountId);
                            a.parentId = parentId;
                            return was;
                        });
        changes.accept(new Change(Change.Kind.MOVED, accountId, null, from, parentId));
    }

    public void removeAccount(String accountId) {
        write(
                () -> {
                    Account a = account(accountId);
                    if (accountId.equals(managementAccountId)) {
                        throw new IllegalArgumentException(
                                "the management account cannot leave the organization");
                    }
                    accounts.remove(accountId);
                    childAccounts.get(a.parentId).remove(accountId);
                    attachments.remove(accountId);
                    delegatedAdmins.values().forEach(m -> m.remove(accountId));
                    return null;
                });
        changes.accept(new Change(Change.Kind.REMOVED, accountId, null, null, null));
    }

    public void tagAccount(String accountId, String key, String value) {
        account(accountId).tags.put(key, value);
    }

    public SandboxRootUser rootUser(String accountId) {
        return account(accountId).rootUser;
    }

    /** All account ids, sorted. */
    public List<String> accountIds() {
        return read(() -> new ArrayList<>(accounts.keySet()));
    }

    /** The id of the (first) account with this name. */
    public Optional<String> accountIdByName(String name) {
        return read(
                () ->
                        accounts.values().stream()
                                .filter(a -> a.name.equals(name))
                                .map(a -> a.id)
                                .findFirst());
    }

    /** The id of the (first) OU with this name. */
    public Optional<String> organizationalUnitIdByName(String name) {
        return read(
                () ->
                        ous.values().stream()
                                .filter(o -> o.name.equals(name))
                                .map(o -> o.id)
                                .findFirst());
    }

    public String accountState(String accountId) {
        return account(accountId).state;
    }

    public String parentOf(String childId) {
        return read(
                () -> {
                    Account a = accounts.get(childId);
                    if (a != null) {
                        return a.parentId;
                    }
                    Ou o = ous.get(childId);
                    if (o == null) {
                        throw new IllegalArgumentException("no such account or OU: " + childId);
                    }
                    return o.parentId;
                });
    }

    public String createServiceControlPolicy(String name, String documentJson) {
        ScpDocument doc = ScpDocument.parse(documentJson);
        return write(
                () -> {
                    String policyId;
                    do {
                        policyId = "p-" + ids.lower(8);
                    } while (policies.containsKey(policyId));
                    policies.put(
                            policyId, new Policy(policyId, name, "", documentJson, false, doc));
                    return policyId;
                });
    }

    public void attachPolicy(String policyId, String targetId) {
        write(
                () -> {
                    if (!policies.containsKey(policyId)) {
                        throw new IllegalArgumentException("no such policy: " + policyId);
                    }
                    if (!isTarget(targetId)) {
                        throw new IllegalArgumentException("no such target: " + targetId);
                    }
                    attach(policyId, targetId);
                    return null;
                });
    }

    public void detachPolicy(String policyId, String targetId) {
        write(
                () -> {
                    LinkedHashSet<String> set = attachments.get(targetId);
                    if (set != null) {
                        set.remove(policyId);
                    }
                    return null;
                });
    }

    public boolean trustedAccessForIam() {
        return serviceAccess.containsKey(IAM_SERVICE_PRINCIPAL);
    }

    public void setTrustedAccessForIam(boolean enabled) {
        setServiceAccess(IAM_SERVICE_PRINCIPAL, enabled);
    }

    /**
     * Centralized root access on, as an organization that completed the setup has it: trusted
     * access for IAM and both features (RootCredentialsManagement, RootSessions).
     */
    public void enableCentralRootAccess() {
        setTrustedAccessForIam(true);
        setFeatureEnabled(ROOT_CREDENTIALS_MANAGEMENT, true);
        setFeatureEnabled(ROOT_SESSIONS, true);
    }

    /** Enabled IAM organization features: RootCredentialsManagement, RootSessions. */
    public Set<String> enabledFeatures() {
        return Collections.unmodifiableSet(new TreeSet<>(features));
    }

    public void setFeatureEnabled(String feature, boolean enabled) {
        if (!feature.equals(ROOT_CREDENTIALS_MANAGEMENT) && !feature.equals(ROOT_SESSIONS)) {
            throw new IllegalArgumentException("unknown feature " + feature);
        }
        if (enabled) {
            features.add(feature);
        } else {
            features.remove(feature);
        }
    }

    /** The delegated administrator account for IAM, if one is registered. */
    public Optional<String> delegatedAdministrator() {
        Map<String, Instant> m = delegatedAdmins.get(IAM_SERVICE_PRINCIPAL);
        return m == null ? Optional.empty() : m.keySet().stream().sorted().findFirst();
    }

    /** Seed shortcut: registers the account as IAM's delegated administrator. */
    public void setDelegatedAdministrator(String accountId) {
        account(accountId);
        delegatedAdmins
                .computeIfAbsent(IAM_SERVICE_PRINCIPAL, k -> new ConcurrentHashMap<>())
                .put(accountId, clock.instant());
    }

    public void createBucket(String accountId, String bucket, String policyJsonOrNull) {
        account(accountId);
        if (buckets.putIfAbsent(
                        bucket, new Bucket(accountId, bucket, clock.instant(), policyJsonOrNull))
                != null) {
            throw new IllegalArgumentException("bucket exists: " + bucket);
        }
    }

    public Optional<String> bucketPolicy(String accountId, String bucket) {
        Bucket b = buckets.get(bucket);
        return b == null || !b.accountId.equals(accountId)
                ? Optional.empty()
                : Optional.ofNullable(b.policy);
    }

    /** Creates a queue and returns its URL (on the sandbox endpoint). */
    public String createQueue(String accountId, String queueName, String policyJsonOrNull) {
        account(accountId);
        Queue q = new Queue(accountId, queueName);
        if (policyJsonOrNull != null) {
            q.attributes.put("Policy", policyJsonOrNull);
        }
        if (queues.putIfAbsent(accountId + "/" + queueName, q) != null) {
            throw new IllegalArgumentException("queue exists: " + queueName);
        }
        return queueUrl(q);
    }

    public Optional<String> queuePolicy(String queueUrl) {
        Queue q = queueByUrl(queueUrl);
        if (q == null) {
            return Optional.empty();
        }
        String p = q.attributes.get("Policy");
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    // ---------------------------------------------------------------- package API for the handlers

    void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    String queueUrl(Queue q) {
        return endpoint + "/" + q.accountId + "/" + q.name;
    }

    Queue queueByUrl(String url) {
        String path = url.replaceFirst("^[a-z]+://[^/]+", "");
        String[] parts = path.replaceFirst("^/", "").split("/");
        return parts.length == 2 ? queues.get(parts[0] + "/" + parts[1]) : null;
    }

    Queue queue(String accountId, String name) {
        return queues.get(accountId + "/" + name);
    }

    List<Queue> queuesOf(String accountId) {
        List<Queue> list = new ArrayList<>();
        for (Queue q : queues.values()) {
            if (q.accountId.equals(accountId)) {
                list.add(q);
            }
        }
        list.sort((a, b) -> a.name.compareTo(b.name));
        return list;
    }

    Bucket bucket(String name) {
        return buckets.get(name);
    }

    List<Bucket> bucketsOf(String accountId) {
        List<Bucket> list = new ArrayList<>();
        for (Bucket b : buckets.values()) {
            if (b.accountId.equals(accountId)) {
                list.add(b);
            }
        }
        list.sort((a, b) -> a.name.compareTo(b.name));
        return list;
    }

    Account findAccount(String accountId) {
        return read(() -> accounts.get(accountId));
    }

    Ou findOu(String ouId) {
        return read(() -> ous.get(ouId));
    }

    boolean isParent(String parentId) {
        return read(() -> childOus.containsKey(parentId));
    }

    boolean isTarget(String targetId) {
        // Read lock is reentrant from the write lock (attachPolicy), so this is safe from both
        // sides.
        return read(
                () ->
                        targetId.equals(rootId)
                                || ous.containsKey(targetId)
                                || accounts.containsKey(targetId));
    }

    /** Accounts after {@code afterId} (exclusive, null = from the start), at most {@code max}. */
    List<Account> accountsPage(String afterId, int max) {
        return read(
                () -> {
                    List<Account> page = new ArrayList<>(Math.min(max, accounts.size()));
                    for (Account a :
                            (afterId == null ? accounts : accounts.tailMap(afterId, false))
                                    .values()) {
                        if (page.size() == max) {
                            break;
                        }
                        page.add(a);
                    }
                    return page;
                });
    }

    List<String> childAccountIds(String parentId, String afterId, int max) {
        return read(() -> page(childAccounts.get(parentId), afterId, max));
    }

    List<String> childOuIds(String parentId, String afterId, int max) {
        return read(() -> page(childOus.get(parentId), afterId, max));
    }

    private static List<String> page(TreeSet<String> set, String afterId, int max) {
        List<String> page = new ArrayList<>();
        for (String s : afterId == null ? set : set.tailSet(afterId, false)) {
            if (page.size() == max) {
                break;
            }
            page.add(s);
        }
        return page;
    }

    Policy policy(String policyId) {
        return read(() -> policies.get(policyId));
    }

    List<Policy> policiesFor(String targetId) {
        return read(
                () -> {
                    List<Policy> list = new ArrayList<>();
                    for (String pid : attachments.getOrDefault(targetId, new LinkedHashSet<>())) {
                        list.add(policies.get(pid));
                    }
                    return list;
                });
    }

    /** The targets from the account up to the root, each with its attached policies. */
    List<Map.Entry<String, List<Policy>>> policyPath(String accountId) {
        return read(
                () -> {
                    List<Map.Entry<String, List<Policy>>> path = new ArrayList<>();
                    String target = accountId;
                    while (target != null) {
                        List<Policy> list = new ArrayList<>();
                        for (String pid : attachments.getOrDefault(target, new LinkedHashSet<>())) {
                            list.add(policies.get(pid));
                        }
                        path.add(Map.entry(target, list));
                        if (target.equals(rootId)) {
                            break;
                        }
                        Account a = accounts.get(target);
                        Ou ou = a == null ? ous.get(target) : null;
                        if (a == null && ou == null) {
                            break; // the account left the organization: no SCP applies any more
                        }
                        target = a != null ? a.parentId : ou.parentId;
                    }
                    return path;
                });
    }

    Map<String, Instant> serviceAccess() {
        return new TreeMap<>(serviceAccess);
    }

    void setServiceAccess(String servicePrincipal, boolean enabled) {
        if (enabled) {
            serviceAccess.putIfAbsent(servicePrincipal, clock.instant());
        } else {
            serviceAccess.remove(servicePrincipal);
        }
    }

    boolean isDelegatedAdministrator(String accountId, String servicePrincipal) {
        Map<String, Instant> m = delegatedAdmins.get(servicePrincipal);
        return m != null && m.containsKey(accountId);
    }

    /** False when already registered. */
    boolean registerDelegatedAdministrator(String accountId, String servicePrincipal) {
        return delegatedAdmins
                        .computeIfAbsent(servicePrincipal, k -> new ConcurrentHashMap<>())
                        .putIfAbsent(accountId, clock.instant())
                == null;
    }

    boolean deregisterDelegatedAdministrator(String accountId, String servicePrincipal) {
        Map<String, Instant> m = delegatedAdmins.get(servicePrincipal);
        return m != null && m.remove(accountId) != null;
    }

    /** account id -> (service principal -> delegation date), for ListDelegatedAdministrators. */
    Map<String, Map<String, Instant>> delegatedAdministrators() {
        Map<String, Map<String, Instant>> byAccount = new TreeMap<>();
        delegatedAdmins.forEach(
                (sp, m) ->
                        m.forEach(
                                (acct, when) ->
                                        byAccount
                                                .computeIfAbsent(acct, k -> new TreeMap<>())
                                                .put(sp, when)));
        return byAccount;
    }

    boolean featureEnabled(String feature) {
        return features.contains(feature);
    }

    // ---------------------------------------------------------------- internals

    private String addAccount(String chosenId, String name, String parentId, String joinedMethod) {
        requireParent(parentId);
        if (chosenId != null && accounts.containsKey(chosenId)) {
            throw new IllegalArgumentException("account id taken: " + chosenId);
        }
        String accountId = chosenId;
        while (accountId == null || accounts.containsKey(accountId)) {
            accountId = ids.digits(12);
        }
        SandboxRootUser root = new SandboxRootUser(accountId, ids, clock);
        // Accounts created while RootCredentialsManagement is on are born without a root password.
        root.setPassword(!features.contains(ROOT_CREDENTIALS_MANAGEMENT));
        String email =
                name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "+" + accountId + "@example.com";
        accounts.put(
                accountId,
                new Account(accountId, name, email, clock.instant(), joinedMethod, parentId, root));
        childAccounts.get(parentId).add(accountId);
        attach(FULL_AWS_ACCESS_ID, accountId);
        return accountId;
    }

    private void attach(String policyId, String targetId) {
        attachments.computeIfAbsent(targetId, k -> new LinkedHashSet<>()).add(policyId);
    }

    private void requireParent(String parentId) {
        if (!childOus.containsKey(parentId)) {
            throw new IllegalArgumentException("no such root or OU: " + parentId);
        }
    }

    private Account account(String accountId) {
        Account a = findAccount(accountId);
        if (a == null) {
            throw new IllegalArgumentException("no such account: " + accountId);
        }
        return a;
    }

    private <T> T read(Supplier<T> s) {
        lock.readLock().lock();
        try {
            return s.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> s) {
        lock.writeLock().lock();
        try {
            return s.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
