package io.rootaccess.operator.aws.sdk;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.organization.ConfigMapTagReadStore;
import io.rootaccess.operator.aws.organization.TagReadStore;
import io.rootaccess.operator.config.OperatorNamespace;
import io.rootaccess.operator.testing.SandboxResource;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rootaccess.organization.tag-cache.enabled=false: the operator neither reads nor writes it. */
@QuarkusTest
@TestProfile(TagCacheSwitchedOffIT.Off.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(SandboxResource.class)
class TagCacheSwitchedOffIT {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rootaccess.organization.tag-cache.enabled", "false");
        }
    }

    @Inject TagReadStore store;
    @Inject OrganizationDirectory directory;
    @Inject KubernetesClient client;

    @Test
    void theInjectedDirectoryReadsTagsWithoutStoringThem() {
        assertSame(TagReadStore.NONE, store);
        var snapshot = directory.snapshot(true);
        assertEquals(sandbox().organization().accountIds().size(), snapshot.accounts().size());
        assertEquals(
                Map.of("env", "prod"),
                snapshot.tags().get(SandboxResource.accountId(SandboxResource.PROD_APP)));
        assertNull(
                client.configMaps()
                        .inNamespace(OperatorNamespace.of(client))
                        .withName(ConfigMapTagReadStore.DEFAULT_NAME)
                        .get());
    }
}
