package io.rootaccess.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: the expected output of a command, under
 * src/kubectl-plugin/src/test/resources/golden. Run with {@code -Dgolden.update=true} to rewrite
 * them from the current output (then review the diff before committing).
 */
final class Golden {
    static final Path DIR = Path.of("src/kubectl-plugin/src/test/resources/golden");

    private Golden() {}

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError(
                    "no golden file " + file + " (run the test with -Dgolden.update=true)");
        }
        assertEquals(
                Files.readString(file, StandardCharsets.UTF_8),
                actual,
                "output differs from " + file + " (-Dgolden.update=true rewrites it)");
    }
}
