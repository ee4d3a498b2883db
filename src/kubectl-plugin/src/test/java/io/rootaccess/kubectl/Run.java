package io.rootaccess.kubectl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** One run of the plugin in the test's JVM: its exit code, stdout and stderr. */
record Run(int exitCode, String out, String err) {
    /** The tests' "now": a few minutes after the demo run the fixtures were captured from. */
    static final Instant NOW = Instant.parse("2026-12-06T19:25:00Z");

    static Run of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                new Plugin(
                                Clock.fixed(NOW, ZoneOffset.UTC),
                                env,
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8))
                        .run(args);
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run of(String... args) {
        return of(Map.of(), args);
    }
}
