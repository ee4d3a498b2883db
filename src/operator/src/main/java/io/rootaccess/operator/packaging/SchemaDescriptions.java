package io.rootaccess.operator.packaging;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Fills the descriptions Fabric8's CRD generator leaves out, so {@code kubectl explain} answers for
 * every field:
 *
 * <ul>
 *   <li>the kind itself and its top-level {@code spec} and {@code status}: the generator takes
 *       descriptions only from {@code @JsonPropertyDescription} on properties, and {@code
 *       spec}/{@code status} are declared in Fabric8's {@code CustomResource}; here they come from
 *       {@link JsonClassDescription} on the resource, spec and status classes;
 *   <li>the fields of {@code conditions} items, whose type ({@code io.fabric8...Condition}) carries
 *       no descriptions: the texts of Kubernetes' own {@code metav1.Condition}.
 * </ul>
 *
 * Every other field is described at its declaration; CommittedCrdsTest fails on any field left
 * without one.
 */
public final class SchemaDescriptions {

    /** Kubernetes' descriptions of metav1.Condition's fields (k8s.io/apimachinery), shortened. */
    static final Map<String, String> CONDITION_FIELDS =
            Map.of(
                    "type", "Type of condition in CamelCase, e.g. Ready.",
                    "status", "Status of the condition: True, False or Unknown.",
                    "reason",
                            "A CamelCase identifier of the reason for the condition's last transition.",
                    "message", "A human readable message with details about the transition.",
                    "lastTransitionTime",
                            "When the condition last changed from one status to another (RFC 3339).",
                    "observedGeneration",
                            "The metadata.generation the condition was set based upon.");

    private SchemaDescriptions() {}

    /**
     * @param resource a {@link CustomResource} subclass: its spec and status types are its type
     *     arguments
     */
    public static void apply(CustomResourceDefinition crd, Class<?> resource) {
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null) {
                continue;
            }
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            describe(root, resource);
            Type[] specAndStatus =
                    ((ParameterizedType) resource.getGenericSuperclass()).getActualTypeArguments();
            describe(root.getProperties().get("spec"), (Class<?>) specAndStatus[0]);
            describe(root.getProperties().get("status"), (Class<?>) specAndStatus[1]);
            describeConditions(root);
        }
    }

    private static void describe(JSONSchemaProps schema, Class<?> type) {
        JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
        if (schema != null && description != null && isBlank(schema.getDescription())) {
            schema.setDescription(description.value());
        }
    }

    private static void describeConditions(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties()
                    .forEach(
                            (name, property) -> {
                                JSONSchemaProps items =
                                        property.getItems() == null
                                                ? null
                                                : property.getItems().getSchema();
                                if (name.equals("conditions")
                                        && items != null
                                        && items.getProperties() != null) {
                                    items.getProperties()
                                            .forEach(
                                                    (field, fieldSchema) -> {
                                                        if (isBlank(fieldSchema.getDescription())
                                                                && CONDITION_FIELDS.containsKey(
                                                                        field)) {
                                                            fieldSchema.setDescription(
                                                                    CONDITION_FIELDS.get(field));
                                                        }
                                                    });
                                }
                                describeConditions(property);
                            });
        }
        if (schema.getItems() != null) {
            describeConditions(schema.getItems().getSchema());
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
