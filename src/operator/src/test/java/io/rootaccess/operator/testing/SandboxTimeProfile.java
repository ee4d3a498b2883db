package io.rootaccess.operator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/**
 * A test profile whose operator runs on the sandbox's clock ({@link SandboxOperatorClock}): tests
 * move AWS and the operator forward together. Its own Quarkus app and sandbox, so moving the clock
 * expires no other test's sessions.
 */
public class SandboxTimeProfile implements QuarkusTestProfile {
    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SandboxOperatorClock.class);
    }
}
