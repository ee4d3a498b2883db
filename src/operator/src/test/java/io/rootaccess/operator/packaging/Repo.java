package io.rootaccess.operator.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths and YAML reading for the tests of the committed artifacts. Unit tests run in the
 * repository's top folder; failsafe runs the operator's integration tests in the module's folder
 * and names the top folder in the system property repo.root.
 */
final class Repo {
    static final Path ROOT = Path.of(System.getProperty("repo.root", "")).toAbsolutePath();
    static final Path CRDS = ROOT.resolve("crds");
    static final Path CHART = ROOT.resolve("helm/root-access-operator");
    static final Path DEPLOY = ROOT.resolve("deploy");

    /**
     * The organization id the chart tests render with (the chart refuses to render without one).
     */
    static final String ORGANIZATION_ID = "o-exampleorg1";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The CRD file names in crds/ and the chart, one per resource. */
    static final List<String> CRD_PLURALS =
            List.of("rootaccesspolicies", "memberaccountrootstates", "privilegedroottasks");

    static String crdFileName(String plural) {
        return plural + ".rootaccess.io.yaml";
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML stream (kubectl kustomize output). */
    static List<JsonNode> documents(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(text)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static JsonNode at(JsonNode node, String pointer) {
        return node == null ? MissingNode.getInstance() : node.at(pointer);
    }

    private Repo() {}
}
