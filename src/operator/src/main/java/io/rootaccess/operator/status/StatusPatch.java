package io.rootaccess.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Patch status only when it changed: reconcilers snapshot the status when they start and hand both
 * versions here at the end. Comparing JSON trees keeps this independent of equals().
 */
public final class StatusPatch {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusPatch() {}

    public static JsonNode snapshot(Object status) {
        return MAPPER.valueToTree(status);
    }

    public static boolean changed(JsonNode before, Object after) {
        return !MAPPER.valueToTree(after).equals(before);
    }

    public static <R extends CustomResource<?, ?>> UpdateControl<R> patchIfChanged(
            R resource, JsonNode before) {
        return changed(before, resource.getStatus())
                ? UpdateControl.patchStatus(resource)
                : UpdateControl.noUpdate();
    }
}
