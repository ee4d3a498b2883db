package io.rootaccess.operator.aws.sdk;

import static io.rootaccess.operator.testing.SandboxResource.LEGACY;
import static io.rootaccess.operator.testing.SandboxResource.PROD_APP;
import static io.rootaccess.operator.testing.SandboxResource.accountId;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.ApiGroup;
import io.rootaccess.operator.aws.AccountTags;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.organization.ConfigMapTagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore.TagRead;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.config.OperatorNamespace;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxCredentials;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: a restarted operator (or a new leader) starts from the tag reads of the process
 * before, kept in a ConfigMap, instead of one ListTagsForResource per account. Each "process" is a
 * fresh SdkOrganizationDirectory with the real SDK clients against the sandbox and the store the
 * operator injects, against one Fabric8 mock API server. Each class starts on a fresh organization
 * (testing.ClassBoundary).
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class TagReadStoreRestartIT {
    private static final String LIST_TAGS = "organizations:ListTagsForResource";

    /** Accounts added to the default organization, so a sweep passes its progress points. */
    private static final int EXTRA_ACCOUNTS = 55;

    @Inject AwsCalls calls;
    @Inject KubernetesClient client;
    @Inject TagReadStore store;
    @Inject OrganizationDirectory directory;

    /**
     * The processes these tests start keep their reads in a ConfigMap of their own: the running
     * application's operator writes the default one whenever it reads the organization, which would
     * race with what a test stores and counts.
     */
    private static final String OWN_STORE = "tag-read-store-restart-it";

    private Sandbox sb;
    private SandboxOrganization org;
    private TagReadStore ownStore;

    /**
     * The processes these tests start call AWS as a principal of their own and their calls are
     * counted by its key: the running application's operator keeps reading the organization.
     */
    private AwsClients ownClients;

    private String ownKey;

    @BeforeEach
    void organizationAndNoStoredReads() {
        sb = sandbox();
        org = sb.organization();
        sb.faults().clear();
        if (org.accountIds().size() < EXTRA_ACCOUNTS) {
            for (int i = 0; i < EXTRA_ACCOUNTS; i++) {
                String id = org.createAccount("tagged-" + i, org.rootId());
                org.tagAccount(id, "team", "team-" + (i % 7));
            }
        }
        configMaps().delete();
        ownStore = new ConfigMapTagReadStore(client, OperatorNamespace.of(client), OWN_STORE);
        ownConfigMap().delete();
        SandboxCredentials own = sb.principal("tag-read-store-restart-it");
        ownKey = own.accessKeyId();
        ownClients =
                new AwsClients(
                        new TestAwsConfig(sb.endpoint(), Duration.ofSeconds(10))
                                .withCredentials(own.accessKeyId(), own.secretAccessKey()));
    }

    @AfterEach
    void closeOwnClients() {
        ownClients.close();
    }

    @Test
    void theOperatorsOwnDirectoryStoresInItsNamespace() {
        assertInstanceOf(ConfigMapTagReadStore.class, store, "on by default");
        assertEquals(OperatorNamespace.of(client), client.getNamespace());
        // the directory the operator injects (its tag budget re-reads at least one account)
        directory.snapshot(true);
        assertNotNull(configMaps().get());
        assertEquals(Set.copyOf(org.accountIds()), store.load(org.id()).orElseThrow().keySet());
    }

    @Test
    void aRestartedProcessTakesTheStoredReadsInsteadOfReadingEveryAccount() {
        int accounts = org.accountIds().size();
        long before = ownTagReads();
        OrganizationSnapshot first = process(0).snapshot(true);
        assertEquals(accounts, ownTagReads() - before, "the first process reads all");
        assertTrue(first.tagsPending().isEmpty());
        assertEquals(Map.of("env", "prod"), first.tags().get(accountId(PROD_APP)));

        ConfigMap cm = ownConfigMap().get();
        assertNotNull(cm, "the reads are stored");
        assertEquals(
                ApiGroup.MANAGED_BY, cm.getMetadata().getLabels().get(ApiGroup.LABEL_MANAGED_BY));
        assertEquals(
                "true", cm.getMetadata().getLabels().get(ApiGroup.GROUP + "/organization-tags"));
        assertTrue(
                cm.getMetadata().getOwnerReferences() == null
                        || cm.getMetadata().getOwnerReferences().isEmpty(),
                "owned by nobody");
        assertEquals(
                org.id(),
                cm.getMetadata().getAnnotations().get(ApiGroup.GROUP + "/organization-id"));
        assertTrue(cm.getData() == null || cm.getData().isEmpty(), "only binaryData");
        assertFalse(cm.toString().contains("team-3"), "no tag value in clear text");

        // the restarted process: the very first (shape-only) read already knows every account's
        // tags
        long restart = ownTagReads();
        SdkOrganizationDirectory second = process(0);
        OrganizationSnapshot shape = second.snapshot(false);
        assertTrue(shape.tagsPending().isEmpty(), "nothing pending after a restart");
        assertEquals(first.tags(), shape.tags());
        OrganizationSnapshot tagged = second.snapshot(true);
        assertEquals(first.tags(), tagged.tags());
        assertEquals(0, ownTagReads() - restart, "no tag read after the restart");

        // a new leader whose first call is a tag read (before any snapshot)
        long leader = ownTagReads();
        AccountTags read = process(0).readTags(Set.copyOf(org.accountIds()), t -> {});
        assertEquals(Set.copyOf(org.accountIds()), read.read());
        assertEquals(first.tags(), read.tags());
        assertEquals(0, ownTagReads() - leader);
    }

    @Test
    void storedReadsKeepTheirAgeSoTheBudgetRefreshesTheOldestAndLeaversAreDropped() {
        process(0).snapshot(true);
        Map<String, TagRead> firstStored = ownStore.load(org.id()).orElseThrow();
        String leaver = accountId(LEGACY);
        org.removeAccount(leaver);
        Set<String> oldestThree =
                firstStored.entrySet().stream()
                        .filter(e -> !e.getKey().equals(leaver))
                        .sorted(
                                Comparator.comparing(
                                                (Map.Entry<String, TagRead> e) ->
                                                        e.getValue().readAt())
                                        .thenComparing(Map.Entry::getKey))
                        .limit(3)
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());

        // the next process re-reads its budget of the longest-unread accounts, no more
        long before = ownTagReads();
        OrganizationSnapshot next = process(3).snapshot(true);
        assertEquals(3, ownTagReads() - before, "the budget of three, no more");
        assertFalse(next.accounts().containsKey(leaver));

        Map<String, TagRead> stored = ownStore.load(org.id()).orElseThrow();
        assertEquals(Set.copyOf(org.accountIds()), stored.keySet(), "the leaver is gone");
        Set<String> reRead =
                stored.entrySet().stream()
                        .filter(
                                e ->
                                        !e.getValue()
                                                .readAt()
                                                .equals(firstStored.get(e.getKey()).readAt()))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
        assertEquals(oldestThree, reRead, "the stored read times decide who is read again");
    }

    @Test
    void readsOfAnotherOrganizationAreIgnoredAndEveryAccountIsReadAgain() {
        Map<String, TagRead> foreign = new HashMap<>();
        for (String id : org.accountIds()) {
            foreign.put(id, new TagRead(Map.of("env", "foreign"), Instant.now()));
        }
        ownStore.save("o-someoneelse1", foreign);
        assertEquals(Optional.of(Map.of()), ownStore.load(org.id()), "not this organization's");

        int accounts = org.accountIds().size();
        long before = ownTagReads();
        OrganizationSnapshot snapshot = process(0).snapshot(true);
        assertEquals(accounts, ownTagReads() - before, "every account read again");
        assertEquals(Map.of("env", "prod"), snapshot.tags().get(accountId(PROD_APP)));
        assertEquals(
                org.id(),
                ownConfigMap()
                        .get()
                        .getMetadata()
                        .getAnnotations()
                        .get(ApiGroup.GROUP + "/organization-id"),
                "overwritten with this organization's reads");
        assertEquals(
                Map.of("env", "prod"),
                ownStore.load(org.id()).orElseThrow().get(accountId(PROD_APP)).tags());
    }

    @Test
    void aLongSweepStoresAtProgressPointsAtMostEveryTenSeconds() {
        AtomicInteger saves = new AtomicInteger();
        TagReadStore counting =
                new TagReadStore() {
                    @Override
                    public Optional<Map<String, TagRead>> load(String organizationId) {
                        return ownStore.load(organizationId);
                    }

                    @Override
                    public void save(String organizationId, Map<String, TagRead> reads) {
                        saves.incrementAndGet();
                        ownStore.save(organizationId, reads);
                    }
                };
        int accounts = org.accountIds().size();
        assertTrue(accounts > 2 * SdkOrganizationDirectory.PROGRESS_EVERY);
        // a clock that stands still: one progress save, then none until the sweep's end
        Clock still = Clock.fixed(Instant.parse("2026-11-27T06:00:00Z"), ZoneOffset.UTC);
        new SdkOrganizationDirectory(ownClients, calls, still, 0, counting).snapshot(true);
        assertEquals(2, saves.get(), "the first progress point and the end");

        // a sweep that reads nothing stores nothing
        saves.set(0);
        new SdkOrganizationDirectory(ownClients, calls, still, 0, counting).snapshot(true);
        assertEquals(0, saves.get());
    }

    private SdkOrganizationDirectory process(int tagBudget) {
        return new SdkOrganizationDirectory(
                ownClients, calls, Clock.systemUTC(), tagBudget, ownStore);
    }

    private long ownTagReads() {
        return sb.calls().callsBy(ownKey, LIST_TAGS);
    }

    /** The ConfigMap of the operator the application runs. */
    private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMaps() {
        return client.configMaps()
                .inNamespace(OperatorNamespace.of(client))
                .withName(ConfigMapTagReadStore.DEFAULT_NAME);
    }

    /** The ConfigMap of the processes the tests start. */
    private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> ownConfigMap() {
        return client.configMaps().inNamespace(OperatorNamespace.of(client)).withName(OWN_STORE);
    }
}
