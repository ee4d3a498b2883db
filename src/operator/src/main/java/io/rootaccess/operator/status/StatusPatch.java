package io.rootaccess.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * Patch status only when it changed: reconcilers snapshot the status when they start and compare it
 * with the status at the end ({@link FencedWrites#status} writes it). Comparing JSON trees keeps
 * this independent of equals().
 */
public final class StatusPatch {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusPatch() {}

    /** The status as a pass starts from it (a JSON tree; absent is a null node). */
    public static JsonNode snapshot(Object status) {
        return status == null ? NullNode.getInstance() : MAPPER.valueToTree(status);
    }

    public static boolean changed(JsonNode before, Object after) {
        return !snapshot(after).equals(before);
    }
}
