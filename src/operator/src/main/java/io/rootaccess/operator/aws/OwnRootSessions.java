package io.rootaccess.operator.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The access key ids of the root sessions this operator opened lately, so that its own sessions are
 * recognised in the management account's events (the AssumeRoot record carries the session's access
 * key id) and not mistaken for someone allowing password recovery behind its back. Bounded: the
 * oldest are forgotten first; a key forgotten (or never seen, after a restart) makes the event look
 * foreign, which costs one extra audit and never a missed one.
 */
@ApplicationScoped
public class OwnRootSessions {
    /** Far more than the sessions opened while one event crosses EventBridge and SQS. */
    static final int CAPACITY = 20_000;

    private final Set<String> keys =
            Collections.newSetFromMap(
                    new LinkedHashMap<>() {
                        @Override
                        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                            return size() > CAPACITY;
                        }
                    });

    public synchronized void opened(String accessKeyId) {
        keys.add(accessKeyId);
    }

    public synchronized boolean isOwn(String accessKeyId) {
        return accessKeyId != null && keys.contains(accessKeyId);
    }
}
