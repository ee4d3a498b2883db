package io.rootaccess.kubectl.model;

import java.util.List;
import java.util.Optional;

/** A status condition as the operator writes it (type, True/False/Unknown, reason, message). */
public record Condition(
        String type, String status, String reason, String message, String lastTransitionTime) {
    public boolean isTrue() {
        return "True".equals(status);
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
