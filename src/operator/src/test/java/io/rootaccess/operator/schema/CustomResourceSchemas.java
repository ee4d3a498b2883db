package io.rootaccess.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The openAPIV3Schema of each custom resource kind, as the API server keeps it from the CRDs it was
 * given: from a folder of CRD manifests (crds/), or from CRD objects one at a time (the embedded
 * API server learns them as they are created).
 */
public final class CustomResourceSchemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One served version of a CRD. */
    public record Schema(
            String group, String version, String kind, String plural, JsonNode openApiV3Schema) {}

    private final Map<String, Schema> byApiVersionAndKind = new ConcurrentHashMap<>();
    private final Map<String, Schema> byGroupVersionAndPlural = new ConcurrentHashMap<>();

    /** Every CRD in the YAML files of dir (not recursive). */
    public static CustomResourceSchemas load(Path dir) throws IOException {
        CustomResourceSchemas schemas = new CustomResourceSchemas();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files =
                    list.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    || p.toString().endsWith(".yml"))
                            .sorted()
                            .toList();
        }
        for (Path file : files) {
            for (JsonNode document : documents(Files.readString(file))) {
                schemas.add(document);
            }
        }
        return schemas;
    }

    /** The YAML documents of a manifest file (empty documents left out). */
    public static List<JsonNode> documents(String yaml) throws IOException {
        try (var parser = YAML.getFactory().createParser(yaml)) {
            return YAML.readValues(parser, JsonNode.class).readAll().stream()
                    .filter(d -> d != null && !d.isNull() && !d.isMissingNode())
                    .toList();
        }
    }

    /** Adds the served versions of a CRD object; anything else is ignored. */
    public void add(JsonNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            return;
        }
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        String kind = spec.path("names").path("kind").asText();
        String plural = spec.path("names").path("plural").asText();
        for (JsonNode version : spec.path("versions")) {
            JsonNode schema = version.at("/schema/openAPIV3Schema");
            if (!version.path("served").asBoolean(true) || !schema.isObject()) {
                continue;
            }
            String name = version.path("name").asText();
            Schema s = new Schema(group, name, kind, plural, schema);
            byApiVersionAndKind.put(group + "/" + name + "|" + kind, s);
            byGroupVersionAndPlural.put(group + "/" + name + "|" + plural, s);
        }
    }

    /** The schema for an object's apiVersion and kind, if a CRD defines it. */
    public Optional<Schema> forObject(JsonNode object) {
        return Optional.ofNullable(
                byApiVersionAndKind.get(
                        object.path("apiVersion").asText() + "|" + object.path("kind").asText()));
    }

    /** The schema for a REST path's group, version and plural. */
    public Optional<Schema> forResource(String group, String version, String plural) {
        return Optional.ofNullable(
                byGroupVersionAndPlural.get(group + "/" + version + "|" + plural));
    }

    public boolean isEmpty() {
        return byApiVersionAndKind.isEmpty();
    }

    /**
     * The errors an API server would answer for creating (old null) or updating the object: empty
     * when it would be accepted, or when no CRD defines its kind (not ours to judge).
     */
    public List<String> validate(JsonNode object, JsonNode old) {
        return forObject(object)
                .map(s -> CrdValidator.validateObject(s.openApiV3Schema(), object, old))
                .orElse(List.of());
    }
}
