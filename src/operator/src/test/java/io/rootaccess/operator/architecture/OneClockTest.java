package io.rootaccess.operator.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Time comes from the one injected {@code Clock} (config/OperatorClock produces it): a class that
 * reads the system clock itself cannot be moved forward by a test, and under the sandbox's clock it
 * would disagree with everything else. Read from the main sources.
 */
class OneClockTest {
    static final Pattern SYSTEM_TIME =
            Pattern.compile(
                    "Clock\\.system(UTC|DefaultZone)?\\(|Instant\\.now\\(\\)|System\\.currentTimeMillis\\(\\)");
    static final String PRODUCER = "config/OperatorClock.java";

    static List<String> readersOfTheSystemClock(Path main) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = main.relativize(f).toString();
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    boolean comment = line.startsWith("*") || line.startsWith("//");
                    if (!comment && SYSTEM_TIME.matcher(line).find() && !name.equals(PRODUCER)) {
                        found.add(name + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void onlyTheClockProducerReadsTheSystemClock() throws IOException {
        assertEquals(List.of(), readersOfTheSystemClock(DomainPackageCyclesTest.MAIN));
    }

    @Test
    void theCheckFindsAReader(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("aws"));
        Files.writeString(
                dir.resolve("aws/Cache.java"),
                "class Cache {\n    // Clock.systemUTC() in a comment is fine\n"
                        + "    Clock c = Clock.systemUTC();\n}\n");
        assertEquals(
                List.of("aws/Cache.java:3: Clock c = Clock.systemUTC();"),
                readersOfTheSystemClock(dir));
    }
}
