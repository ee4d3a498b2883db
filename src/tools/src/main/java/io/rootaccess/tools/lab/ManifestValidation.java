package io.rootaccess.tools.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.rootaccess.operator.schema.CrdValidator;
import io.rootaccess.operator.schema.CustomResourceSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks manifests against the CRDs' OpenAPI schema and CEL rules before anything is stored, as the
 * API server of a cluster does on `kubectl apply`: an object a cluster refuses must not reach the
 * lab either (where it would be stored, then fail in the operator's informer, far from its file).
 */
public final class ManifestValidation {

    /** One refused object: where it is written and what the API server would answer. */
    public record Refusal(
            Path file,
            String kind,
            String group,
            String namespace,
            String name,
            List<String> errors) {
        /** {@code FILE: KIND NAMESPACE/NAME: Kind.group "name" is invalid: field: message}. */
        public String describe() {
            return file
                    + ": "
                    + kind
                    + " "
                    + (namespace == null ? "" : namespace + "/")
                    + name
                    + ": "
                    + CrdValidator.invalidMessage(kind, group, name, errors);
        }
    }

    private ManifestValidation() {}

    /**
     * The objects of the files the CRDs in crdDir define that an API server would refuse (empty
     * when every one would be accepted); objects of other kinds are not checked.
     *
     * @param namespace the namespace of objects that name none (as the loader applies them)
     */
    public static List<Refusal> check(List<Path> files, Path crdDir, String namespace)
            throws IOException {
        CustomResourceSchemas schemas = CustomResourceSchemas.load(crdDir);
        if (schemas.isEmpty()) {
            throw new IllegalStateException("no CRD found in " + crdDir.toAbsolutePath());
        }
        List<Refusal> refused = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode object : CustomResourceSchemas.documents(Files.readString(file))) {
                List<String> errors = schemas.validate(object, null);
                if (!errors.isEmpty()) {
                    JsonNode metadata = object.path("metadata");
                    String ns = metadata.path("namespace").asText(null);
                    refused.add(
                            new Refusal(
                                    file,
                                    object.path("kind").asText(),
                                    group(object.path("apiVersion").asText()),
                                    ns == null ? namespace : ns,
                                    metadata.path("name").asText(),
                                    errors));
                }
            }
        }
        return refused;
    }

    /** The group of an object's apiVersion (group/version). */
    static String group(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
