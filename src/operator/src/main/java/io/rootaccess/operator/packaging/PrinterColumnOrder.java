package io.rootaccess.operator.packaging;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * CRD post-processor (build time, {@code quarkus.operator-sdk.crd.post-processor}) that puts the
 * printer columns in the order the {@link AdditionalPrinterColumn} annotations are written on the
 * resource class.
 *
 * <p>Why: Fabric8's CRD generator collects the columns in a {@code TreeMap} keyed by jsonPath
 * (case-insensitive), so {@code .metadata.creationTimestamp} (AGE) always came first and the {@code
 * .status.*} columns came alphabetically; {@code priority} only hides columns, it does not order
 * them. kubectl shows the columns in CRD order.
 *
 * <p>QOSDK takes a single post-processor, so this one also runs {@link SchemaDescriptions} and
 * {@link ApiConventions}.
 */
public class PrinterColumnOrder implements CRDPostProcessor {

    /** Every custom resource the operator generates a CRD for. */
    public static final List<Class<? extends HasMetadata>> RESOURCES =
            List.of(RootAccessPolicy.class, MemberAccountRootState.class, PrivilegedRootTask.class);

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (crd instanceof CustomResourceDefinition definition) {
            resourceClass(definition)
                    .ifPresent(
                            type -> {
                                reorder(definition, declaredJsonPaths(type));
                                // the one post-processor QOSDK takes also fills the descriptions
                                // the generator leaves out
                                SchemaDescriptions.apply(definition, type);
                                // then the list-map and date-time markers (they read the
                                // descriptions)
                                ApiConventions.apply(definition);
                            });
        }
        return crd;
    }

    /** The jsonPaths of the class's printer columns, in source order. */
    public static List<String> declaredJsonPaths(Class<?> type) {
        return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::jsonPath)
                .toList();
    }

    private static Optional<Class<? extends HasMetadata>> resourceClass(
            CustomResourceDefinition crd) {
        return RESOURCES.stream()
                .filter(
                        type ->
                                HasMetadata.getFullResourceName(type)
                                        .equals(crd.getMetadata().getName()))
                .findFirst();
    }

    private static void reorder(CustomResourceDefinition crd, List<String> order) {
        // Columns not declared by annotation (none today) keep their place after the declared ones.
        Comparator<CustomResourceColumnDefinition> byDeclaration =
                Comparator.comparingInt(
                        column -> {
                            int index = order.indexOf(column.getJsonPath());
                            return index < 0 ? order.size() : index;
                        });
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (version.getAdditionalPrinterColumns() != null) {
                version.getAdditionalPrinterColumns().sort(byDeclaration);
            }
        }
    }
}
