package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The chart rendered with {@code helm template} as the packaging tests read it. */
final class Charts {
    static final String NAMESPACE = "root-access-system";
    static final String RELEASE = "rao";
    static final String DEPLOYMENT = "Deployment/rao-root-access-operator";

    private Charts() {}

    /** helm template of the chart for the test organization in {@link #NAMESPACE}, then extra. */
    static Tools.Result template(Path helm, String... extra) {
        return Tools.run(helm, args(true, extra));
    }

    /**
     * Every rendered object by kind/name (RoleBindings also by namespace), for the test
     * organization; an object rendered twice fails the test.
     */
    static Map<String, JsonNode> render(Path helm, String... extra) {
        return objects(helm, args(true, extra));
    }

    /** The same without the organization id: extra says what stands in for it. */
    static Map<String, JsonNode> renderWithout(Path helm, String... extra) {
        return objects(helm, args(false, extra));
    }

    /** The operator container's environment, name to value. */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container
                .path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        return env;
    }

    static JsonNode operatorContainer(Map<String, JsonNode> objects) {
        return objects.get(DEPLOYMENT).at("/spec/template/spec/containers/0");
    }

    private static String[] args(boolean organization, String... extra) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE, Repo.CHART.toString()));
        if (organization) {
            args.addAll(List.of("--set", "aws.expectedOrganizationId=" + Repo.ORGANIZATION_ID));
        }
        args.addAll(List.of("--namespace", NAMESPACE));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Map<String, JsonNode> objects(Path helm, String... args) {
        Map<String, JsonNode> objects = new HashMap<>();
        for (JsonNode doc : Repo.documents(Tools.output(helm, args))) {
            String key = doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
            if (doc.path("kind").asText().equals("RoleBinding")) {
                key += "@" + doc.at("/metadata/namespace").asText();
            }
            assertTrue(objects.put(key, doc) == null, "rendered twice: " + key);
        }
        return objects;
    }
}
