package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Opt-in: the committed CRDs and the audit-only admission policy in a real Kubernetes API server
 * (K3s), which, unlike the mock server of the other tests, validates against the OpenAPI schema,
 * applies defaults and evaluates CEL admission policies.
 *
 * <p>Needs Docker and a pull of rancher/k3s: run with {@code ROOTACCESS_K3S_TESTS=true mvn test
 * -Dtest=K3sCrdsIT}. Skipped otherwise (CI has no Docker).
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
@EnabledIfEnvironmentVariable(named = "ROOTACCESS_K3S_TESTS", matches = "true")
@Testcontainers(disabledWithoutDocker = true)
class K3sCrdsIT {

    private static final String GROUP_VERSION = "rootaccess.io/v1alpha1";
    private static final String NAMESPACE = "default";

    @Container
    static final K3sContainer K3S =
            new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    static KubernetesClient client;

    @BeforeAll
    static void installCrds() {
        client =
                new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                        .build();
        for (String plural : Repo.CRD_PLURALS) {
            CustomResourceDefinition crd =
                    client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .load(Repo.CRDS.resolve(Repo.crdFileName(plural)).toFile())
                            .item();
            client.resource(crd).create();
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .waitUntilCondition(
                            c ->
                                    c != null
                                            && c.getStatus() != null
                                            && c.getStatus().getConditions().stream()
                                                    .anyMatch(
                                                            x ->
                                                                    "Established"
                                                                                    .equals(
                                                                                            x
                                                                                                    .getType())
                                                                            && "True"
                                                                                    .equals(
                                                                                            x
                                                                                                    .getStatus())),
                            60,
                            TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aValidPolicyIsAcceptedAndDefaulted() {
        GenericKubernetesResource created =
                create(
                        "RootAccessPolicy",
                        """
                metadata: {name: valid}
                spec:
                  targets:
                    accountIds: ["111122223333"]
                  rootCredentials:
                    state: Absent
                """);
        // defaults come from the schema, applied by the API server
        assertEquals(
                "DryRun", spec(created, "mode"), "a policy that does not say Enforce only plans");
        assertEquals(0, ((Number) spec(created, "priority")).intValue());
    }

    @Test
    void theSchemaRejectsABadAccountIdAnUnknownStateAndABadOu() {
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: short-account}
                spec:
                  targets:
                    accountIds: ["1234"]
                """,
                "spec.targets.accountIds[0]");
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: unknown-state}
                spec:
                  targets: {all: true}
                  rootCredentials: {state: Gone}
                """,
                "spec.rootCredentials.state");
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: bad-ou}
                spec:
                  exclude:
                    organizationalUnits: [{id: "r-abcd"}]
                """,
                "spec.exclude.organizationalUnits[0].id");
        assertRejected(
                "MemberAccountRootState",
                """
                metadata: {name: bad-account}
                spec:
                  accountId: "12345678901x"
                """,
                "spec.accountId");
    }

    /** The x-kubernetes-validations CEL rules, as the API server compiles and evaluates them. */
    @Test
    @SuppressWarnings("unchecked")
    void theCelRulesRefuseCrossFieldMistakes() {
        assertRejected(
                "PrivilegedRootTask",
                """
                metadata: {name: bucket-on-queue-task}
                spec:
                  type: UnlockSqsQueuePolicy
                  accountId: "111122223333"
                  queue: locked-queue
                  bucketName: locked-bucket
                """,
                "bucketName only with UnlockS3BucketPolicy");
        assertRejected(
                "PrivilegedRootTask",
                """
                metadata: {name: queue-of-another-account}
                spec:
                  type: UnlockSqsQueuePolicy
                  accountId: "111122223333"
                  queue: https://sqs.us-east-1.amazonaws.com/444455556666/locked-queue
                """,
                "must be spec.accountId");
        assertRejected(
                "PrivilegedRootTask",
                """
                metadata: {name: zero-hold}
                spec:
                  type: AllowPasswordRecovery
                  accountId: "111122223333"
                  duration: 0s
                """,
                "longer than 0s");
        assertRejected(
                "PrivilegedRootTask",
                """
                metadata: {name: double-dot}
                spec:
                  type: UnlockS3BucketPolicy
                  accountId: "111122223333"
                  bucketName: my..bucket
                """,
                "adjacent dots");
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: targeted-and-excluded}
                spec:
                  targets: {accountIds: ["111122223333"]}
                  exclude: {accountIds: ["111122223333"]}
                """,
                "both in targets.accountIds and in exclude.accountIds");
        GenericKubernetesResource account =
                create(
                        "MemberAccountRootState",
                        """
                metadata: {name: acct-immutable}
                spec:
                  accountId: "111122223333"
                  rootCredentials: {state: Audit}
                """);
        ((java.util.Map<String, Object>) account.getAdditionalProperties().get("spec"))
                .put("accountId", "444455556666");
        KubernetesClientException e =
                assertThrows(
                        KubernetesClientException.class,
                        () ->
                                client.genericKubernetesResources(
                                                GROUP_VERSION, "MemberAccountRootState")
                                        .inNamespace(NAMESPACE)
                                        .resource(account)
                                        .update());
        assertTrue(e.getMessage().contains("accountId is immutable"), e.getMessage());
        // the three kinds share a category (kubectl get rootaccess)
        CustomResourceDefinition policies =
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("rootaccesspolicies.rootaccess.io")
                        .get();
        assertEquals(
                java.util.List.of("rootaccess"), policies.getSpec().getNames().getCategories());
    }

    @Test
    void statusIsASubresource() {
        GenericKubernetesResource created =
                create(
                        "MemberAccountRootState",
                        """
                metadata: {name: acct-111122223333}
                spec:
                  accountId: "111122223333"
                  rootCredentials: {state: Audit}
                """);
        created.setAdditionalProperty(
                "status", java.util.Map.of("phase", "Compliant", "observedGeneration", 1));
        GenericKubernetesResource patched =
                client.genericKubernetesResources(GROUP_VERSION, "MemberAccountRootState")
                        .inNamespace(NAMESPACE)
                        .resource(created)
                        .updateStatus();
        assertEquals(
                "Compliant",
                ((java.util.Map<?, ?>) patched.getAdditionalProperties().get("status"))
                        .get("phase"));
    }

    @Test
    void theAuditOnlyAdmissionPolicyAdmitsOnlyChangeFreeResources() throws Exception {
        String kustomized =
                Tools.output(
                        Tools.kubectl(),
                        "kustomize",
                        Repo.DEPLOY.resolve("overlays/audit-only").toString());
        for (com.fasterxml.jackson.databind.JsonNode doc : Repo.documents(kustomized)) {
            // only the admission policy and its binding: the operator itself is not run here
            if (doc.path("kind").asText().startsWith("ValidatingAdmissionPolicy")) {
                client.resource(
                                Serialization.unmarshal(
                                        doc.toString(), GenericKubernetesResource.class))
                        .create();
            }
        }
        // policies take a moment to be loaded by the API server
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () ->
                                assertRejected(
                                        "PrivilegedRootTask",
                                        """
                        metadata: {name: unlock}
                        spec:
                          type: UnlockS3BucketPolicy
                          accountId: "111122223333"
                          bucketName: locked
                        """,
                                        "PrivilegedRootTasks"));
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: enforce-absent}
                spec:
                  targets: {all: true}
                  rootCredentials: {state: Absent}
                """,
                "audit-only");
        assertRejected(
                "RootAccessPolicy",
                """
                metadata: {name: switches}
                spec:
                  organization: {trustedAccess: Enabled}
                """,
                "spec.organization");
        create(
                "RootAccessPolicy",
                """
                metadata: {name: audit}
                spec:
                  targets: {all: true}
                  rootCredentials: {state: Audit}
                """);
        create(
                "RootAccessPolicy",
                """
                metadata: {name: dry-run}
                spec:
                  mode: DryRun
                  targets: {all: true}
                  rootCredentials: {state: Absent}
                """);
    }

    private static GenericKubernetesResource create(String kind, String yaml) {
        GenericKubernetesResource resource =
                Serialization.unmarshal(
                        "apiVersion: " + GROUP_VERSION + "\nkind: " + kind + "\n" + yaml,
                        GenericKubernetesResource.class);
        return client.genericKubernetesResources(GROUP_VERSION, kind)
                .inNamespace(NAMESPACE)
                .resource(resource)
                .create();
    }

    private static void assertRejected(String kind, String yaml, String expectedInMessage) {
        KubernetesClientException e =
                assertThrows(KubernetesClientException.class, () -> create(kind, yaml));
        assertTrue(
                e.getCode() == 422 || e.getCode() == 403,
                "HTTP " + e.getCode() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    private static Object spec(GenericKubernetesResource resource, String field) {
        return ((java.util.Map<?, ?>) resource.getAdditionalProperties().get("spec")).get(field);
    }
}
