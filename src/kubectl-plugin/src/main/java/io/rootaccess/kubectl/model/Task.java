package io.rootaccess.kubectl.model;

import java.util.List;
import java.util.Optional;

/**
 * A PrivilegedRootTask: its type, account and target (bucket, queue or hold duration), and how it
 * ended, with the root session's access key id.
 */
public record Task(
        Meta meta,
        String accountId,
        String type,
        String target,
        String phase,
        List<Condition> conditions,
        String startTime,
        String completionTime,
        String sessionAccessKeyId,
        String message,
        String holdUntil) {

    public String name() {
        return meta.name();
    }

    public String namespace() {
        return meta.namespace();
    }

    public Optional<Condition> condition(String type) {
        return Condition.find(conditions, type);
    }

    /** Not Succeeded or Failed yet (no status counts as in flight: the operator has not run it). */
    public boolean inFlight() {
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }
}
