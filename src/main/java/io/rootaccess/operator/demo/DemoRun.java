package io.rootaccess.operator.demo;

import io.rootaccess.operator.sandbox.Sandbox;

/**
 * What DemoMain prepared before Quarkus started (settings and the running sandbox), handed to
 * DemoApplication. A static holder because Quarkus instantiates the application itself.
 */
record DemoRun(DemoSettings settings, Sandbox sandbox) {
    private static volatile DemoRun current;

    static void set(DemoRun run) {
        current = run;
    }

    static DemoRun current() {
        if (current == null) {
            throw new IllegalStateException(
                    "the demo application must be started through DemoMain");
        }
        return current;
    }
}
