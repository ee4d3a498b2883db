package io.rootaccess.operator.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rootaccess.operator.aws.organization.ConfigMapTagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.aws.pacing.Pacing;
import io.rootaccess.operator.config.OperatorConfig;
import io.rootaccess.sandbox.DefaultOrganization;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxConfig;
import io.rootaccess.sandbox.SandboxCredentials;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * rootaccess.organization.tag-cache.enabled=false: the operator neither reads nor writes it. Below
 * Quarkus (no application of its own): the bean producer the application uses ({@link
 * AwsBeans#tagReadStore}) and the directory's injection constructor, with the real SDK clients
 * against a sandbox over HTTP and a Fabric8 mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class TagCacheSwitchedOffIT {
    static KubernetesClient client;

    /** The settings these beans read, and nothing else (any other read fails the test). */
    static OperatorConfig config(boolean tagCache) {
        OperatorConfig.TagCache cache =
                settings(OperatorConfig.TagCache.class, "enabled", tagCache);
        OperatorConfig.Organization organization =
                settings(OperatorConfig.Organization.class, "tagCache", cache);
        return settings(
                OperatorConfig.class,
                "organization",
                organization,
                "organizationTagReadsPerRefresh",
                2);
    }

    /** A proxy of a config interface answering the named methods with the given values. */
    private static <T> T settings(Class<T> type, Object... answers) {
        Map<String, Object> byName = new HashMap<>();
        for (int i = 0; i < answers.length; i += 2) {
            byName.put((String) answers[i], answers[i + 1]);
        }
        return type.cast(
                Proxy.newProxyInstance(
                        type.getClassLoader(),
                        new Class<?>[] {type},
                        (proxy, method, args) -> {
                            if (byName.containsKey(method.getName())) {
                                return byName.get(method.getName());
                            }
                            throw new UnsupportedOperationException(
                                    "not a setting here: " + method);
                        }));
    }

    @Test
    void theProducedStoreIsNoneAndTheDirectoryReadsTagsWithoutStoringThem() {
        AwsBeans beans = new AwsBeans();
        assertNotSame(
                TagReadStore.NONE,
                beans.tagReadStore(config(true), client),
                "switched on, the producer keeps the reads in a ConfigMap");
        TagReadStore store = beans.tagReadStore(config(false), client);
        assertSame(TagReadStore.NONE, store);

        Sandbox sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        DefaultOrganization.seed(sb.organization());
        SandboxCredentials creds = sb.managementCredentials();
        try (AwsClients clients =
                new AwsClients(
                        new TestAwsConfig(sb.endpoint(), Duration.ofSeconds(5))
                                .withCredentials(creds.accessKeyId(), creds.secretAccessKey()))) {
            AwsCalls calls =
                    new AwsCalls(
                            new ApiRateLimiter(Map.of(), Pacing.SYSTEM),
                            Pacing.SYSTEM,
                            4,
                            Duration.ofSeconds(5));
            var directory =
                    new SdkOrganizationDirectory(
                            clients, calls, config(false), store, java.time.Clock.systemUTC());
            var snapshot = directory.snapshot(true);
            assertEquals(sb.organization().accountIds().size(), snapshot.accounts().size());
            assertEquals(
                    Map.of("env", "prod"),
                    snapshot.tags()
                            .get(
                                    sb.organization()
                                            .accountIdByName(DefaultOrganization.PROD_APP)
                                            .orElseThrow()));
            assertTrue(
                    client.configMaps().inAnyNamespace().list().getItems().stream()
                            .noneMatch(
                                    c ->
                                            ConfigMapTagReadStore.DEFAULT_NAME.equals(
                                                    c.getMetadata().getName())),
                    "no tag cache ConfigMap anywhere");
        } finally {
            sb.close();
        }
    }
}
