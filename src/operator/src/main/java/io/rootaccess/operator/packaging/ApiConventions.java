package io.rootaccess.operator.packaging;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema markers the Kubernetes API conventions ask for and Fabric8's CRD generator (7.4) has no
 * annotation for:
 *
 * <ul>
 *   <li>every {@code conditions} list is {@code x-kubernetes-list-type: map} keyed by {@code type}
 *       (as metav1.Condition lists are): server-side apply merges conditions by type instead of
 *       replacing the whole list, and a duplicate type is refused. A list-map key must be required,
 *       so {@code type} is;
 *   <li>timestamps are {@code format: date-time}: {@code lastTransitionTime} and every string field
 *       described as "(RFC 3339)" (the operator writes them with {@code Instant.toString()}), so
 *       clients and {@code kubectl explain} know them as dates.
 * </ul>
 *
 * Runs in {@link PrinterColumnOrder}, after {@link SchemaDescriptions} (which writes the "(RFC
 * 3339)" of the condition fields).
 */
public final class ApiConventions {

    /** The marker in a field's description that says the string is an RFC 3339 timestamp. */
    static final String RFC_3339 = "(RFC 3339)";

    private ApiConventions() {}

    public static void apply(CustomResourceDefinition crd) {
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (version.getSchema() != null && version.getSchema().getOpenAPIV3Schema() != null) {
                walk(version.getSchema().getOpenAPIV3Schema());
            }
        }
    }

    private static void walk(JSONSchemaProps schema) {
        if (schema == null) {
            return;
        }
        if ("string".equals(schema.getType())
                && schema.getDescription() != null
                && schema.getDescription().contains(RFC_3339)) {
            schema.setFormat("date-time");
        }
        if (schema.getProperties() != null) {
            schema.getProperties()
                    .forEach(
                            (name, property) -> {
                                if (name.equals("conditions")) {
                                    conditionList(property);
                                }
                                walk(property);
                            });
        }
        if (schema.getItems() != null) {
            walk(schema.getItems().getSchema());
        }
    }

    private static void conditionList(JSONSchemaProps list) {
        JSONSchemaProps item = list.getItems() == null ? null : list.getItems().getSchema();
        if (!"array".equals(list.getType())
                || item == null
                || item.getProperties() == null
                || !item.getProperties().containsKey("type")) {
            return;
        }
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of("type"));
        List<String> required =
                item.getRequired() == null
                        ? new ArrayList<>()
                        : new ArrayList<>(item.getRequired());
        if (!required.contains("type")) {
            required.add("type");
        }
        item.setRequired(required);
        JSONSchemaProps time = item.getProperties().get("lastTransitionTime");
        if (time != null && "string".equals(time.getType())) {
            time.setFormat("date-time");
        }
    }
}
