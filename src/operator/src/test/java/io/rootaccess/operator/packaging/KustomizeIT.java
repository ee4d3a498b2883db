package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization in deploy/ renders with real kustomize (kubectl kustomize), and renders what
 * it says.
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class KustomizeIT {

    private static final String NAMESPACE = "root-access-system";
    private static final Set<String> CLUSTER_SCOPED =
            Set.of(
                    "Namespace",
                    "CustomResourceDefinition",
                    "ClusterRole",
                    "ClusterRoleBinding",
                    "ValidatingAdmissionPolicy",
                    "ValidatingAdmissionPolicyBinding");
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
            (a, b) ->
                    a.isNumber() && b.isNumber()
                            ? a.decimalValue().compareTo(b.decimalValue())
                            : a.equals(b) ? 0 : 1;
    private static Path kubectl;

    @BeforeAll
    static void findKubectl() {
        kubectl = Tools.kubectl();
    }

    static List<String> kustomizations() throws IOException {
        try (Stream<Path> overlays = Files.list(Repo.DEPLOY.resolve("overlays"))) {
            return Stream.concat(
                            Stream.of("base"),
                            overlays.filter(Files::isDirectory)
                                    .map(p -> "overlays/" + p.getFileName()))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersTheOperatorWithItsCrdsInItsNamespace(String dir) {
        Map<String, JsonNode> objects = render(dir);
        for (String plural : Repo.CRD_PLURALS) {
            JsonNode crd = objects.get("CustomResourceDefinition/" + plural + ".rootaccess.io");
            JsonNode committed = Repo.yaml(Repo.read(Repo.CRDS.resolve(Repo.crdFileName(plural))));
            // kustomize writes 1000.0 as 1000: compare numbers by value
            assertTrue(
                    crd != null
                            && committed.path("spec").equals(NUMBERS_BY_VALUE, crd.path("spec")),
                    dir + ": the spec of " + plural + " is not the CRD in crds/");
            // an Argo CD Application's deletion or prune must not take every policy with it
            assertEquals(
                    "Delete=false,Prune=false",
                    crd.at("/metadata/annotations")
                            .path("argocd.argoproj.io/sync-options")
                            .asText(),
                    dir + ": " + plural);
            assertEquals(
                    "keep",
                    crd.at("/metadata/annotations").path("helm.sh/resource-policy").asText(),
                    dir + ": " + plural);
        }
        assertTrue(objects.containsKey("Namespace/" + NAMESPACE));
        for (JsonNode o : objects.values()) {
            String kind = o.path("kind").asText();
            if (!CLUSTER_SCOPED.contains(kind)) {
                assertEquals(
                        NAMESPACE,
                        o.at("/metadata/namespace").asText(),
                        kind + " " + o.at("/metadata/name").asText());
            }
        }
        JsonNode deployment = objects.get("Deployment/root-access-operator");
        assertEquals(
                "ghcr.io/rootaccess/root-access-operator:0.1.0",
                deployment.at("/spec/template/spec/containers/0/image").asText());
        assertTrue(
                deployment
                        .at(
                                "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem")
                        .asBoolean());
        JsonNode binding = objects.get("RoleBinding/root-access-operator");
        assertEquals(
                NAMESPACE,
                binding.at("/metadata/namespace").asText(),
                "watches its own namespace only");
        assertEquals("root-access-operator", binding.at("/subjects/0/name").asText());
        assertEquals(NAMESPACE, binding.at("/subjects/0/namespace").asText());
    }

    @Test
    void irsaOverlayAnnotatesTheServiceAccount() {
        JsonNode sa = render("overlays/irsa").get("ServiceAccount/root-access-operator");
        assertTrue(
                sa.at("/metadata/annotations")
                        .path("eks.amazonaws.com/role-arn")
                        .asText()
                        .matches("arn:aws:iam::\\d{12}:role/root-access-operator"));
        assertFalse(
                render("base")
                        .get("ServiceAccount/root-access-operator")
                        .at("/metadata/annotations")
                        .has("eks.amazonaws.com/role-arn"),
                "the base works with Pod Identity: no annotation");
    }

    @Test
    void auditOnlyOverlayUsesTheAuditRoleAndAdmitsOnlyChangeFreeResources() {
        Map<String, JsonNode> objects = render("overlays/audit-only");
        assertTrue(
                objects.get("ServiceAccount/root-access-operator")
                        .at("/metadata/annotations")
                        .path("eks.amazonaws.com/role-arn")
                        .asText()
                        .endsWith(":role/root-access-operator-audit-only"));
        JsonNode policy = objects.get("ValidatingAdmissionPolicy/rootaccess-audit-only");
        Set<String> matched = new TreeSet<>();
        policy.at("/spec/matchConstraints/resourceRules/0/resources")
                .forEach(r -> matched.add(r.asText()));
        assertEquals(new TreeSet<>(Repo.CRD_PLURALS), matched);
        assertEquals("Fail", policy.at("/spec/failurePolicy").asText());
        JsonNode binding = objects.get("ValidatingAdmissionPolicyBinding/rootaccess-audit-only");
        assertEquals("rootaccess-audit-only", binding.at("/spec/policyName").asText());
        assertEquals("[\"Deny\"]", binding.at("/spec/validationActions").toString());
    }

    private static Map<String, JsonNode> render(String dir) {
        String yaml = Tools.output(kubectl, "kustomize", Repo.DEPLOY.resolve(dir).toString());
        Map<String, JsonNode> objects = new HashMap<>();
        for (JsonNode doc : Repo.documents(yaml)) {
            String key = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
            assertTrue(objects.put(key, doc) == null, dir + " renders " + key + " twice");
        }
        return objects;
    }
}
