package io.rootaccess.kubectl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every field the plugin reads (the path constants of {@link ApiFields}) is in the committed CRDs
 * (crds/, generated from the operator's API classes): when the API changes shape, this fails and
 * names the paths to adapt, instead of the plugin silently showing "-".
 */
class ApiFieldsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Constant name prefix -> the CRDs it is read from. */
    private static final Map<String, List<ApiFields.Kind>> PREFIXES =
            Map.of(
                    "POLICY_", List.of(ApiFields.Kind.POLICY),
                    "ACCOUNT_", List.of(ApiFields.Kind.ACCOUNT),
                    "TASK_", List.of(ApiFields.Kind.TASK),
                    "CONDITION", List.of(ApiFields.Kind.values()),
                    "OBSERVED_", List.of(ApiFields.Kind.values()));

    @Test
    void everyPathThePluginReadsIsInTheCrds() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Field f : ApiFields.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
                continue;
            }
            String path = (String) f.get(null);
            List<ApiFields.Kind> kinds =
                    PREFIXES.entrySet().stream()
                            .filter(e -> f.getName().startsWith(e.getKey()))
                            .map(Map.Entry::getValue)
                            .findFirst()
                            .orElse(null);
            if (kinds == null) {
                continue; // group, version, label and annotation names
            }
            for (ApiFields.Kind kind : kinds) {
                checked++;
                if (!inSchema(schema(kind), path)) {
                    missing.add(kind.kind + " " + path + " (" + f.getName() + ")");
                }
            }
        }
        assertTrue(checked > 80, "paths checked: " + checked);
        assertEquals(List.of(), missing, "read by the plugin, not in crds/");
    }

    @Test
    void excludedOusAreReadInTheObjectShapeAndTheEarlierStringShape() throws Exception {
        JsonNode policy =
                YAML.readTree(
                        """
                        apiVersion: rootaccess.io/v1alpha1
                        kind: RootAccessPolicy
                        metadata: {name: p, namespace: ns}
                        spec:
                          exclude:
                            organizationalUnits: [{id: ou-ab12-abcdefgh}, ou-cd34-abcdefgh]
                        """);
        assertEquals(
                List.of("ou-ab12-abcdefgh", "ou-cd34-abcdefgh"),
                ApiFields.policy(policy).excludedOus());
    }

    @Test
    void aPathTheCrdsDoNotHaveIsFound() throws Exception {
        // the check itself can fail: a misspelt or removed field is reported
        JsonNode policy = schema(ApiFields.Kind.POLICY);
        assertTrue(inSchema(policy, "status.attention[].reason"));
        assertTrue(!inSchema(policy, "status.attention[].reasons"));
        assertTrue(!inSchema(policy, "status.attentions[].reason"));
        assertTrue(!inSchema(policy, "spec.targets.accountIds[].id"));
    }

    private static JsonNode schema(ApiFields.Kind kind) throws Exception {
        JsonNode crd = YAML.readTree(Path.of("crds", kind.resource() + ".yaml").toFile());
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (ApiFields.VERSION.equals(v.path("name").asText())) {
                return v.path("schema").path("openAPIV3Schema");
            }
        }
        throw new AssertionError("no version " + ApiFields.VERSION + " in " + kind.resource());
    }

    /** Walks properties (and items for "[]"); a field the schema does not declare is missing. */
    private static boolean inSchema(JsonNode schema, String path) {
        JsonNode node = schema;
        for (String step : path.split("\\.")) {
            boolean list = step.endsWith("[]");
            String name = list ? step.substring(0, step.length() - 2) : step;
            node = node.path("properties").path(name);
            if (node.isMissingNode()) {
                return false;
            }
            if (list) {
                if (!"array".equals(node.path("type").asText())) {
                    return false;
                }
                node = node.path("items");
            }
        }
        return true;
    }
}
