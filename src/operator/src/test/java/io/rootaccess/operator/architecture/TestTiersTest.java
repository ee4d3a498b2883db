package io.rootaccess.operator.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failsafe executions of the system tier and of the metrics test list the packages they scan
 * (src/operator/pom.xml: scanning every class would build every test profile's application): a
 * class tagged for one of them in another package would run nowhere, since the integration lanes
 * exclude those tags.
 */
class TestTiersTest {
    static final Path TESTS =
            Path.of(System.getProperty("repo.root", ""))
                    .toAbsolutePath()
                    .resolve("src/operator/src/test/java/io/rootaccess/operator");

    /** Tag -> the packages its execution includes (as in src/operator/pom.xml). */
    static final Map<String, List<String>> SCANNED =
            Map.of(
                    "@Tag(\"system\")", List.of("packaging", "aws/pacing"),
                    "@Tag(\"own-jvm\")", List.of("metrics"));

    /** Every *IT.java below root, by its path relative to root, with its text. */
    static Map<Path, String> itSources(Path root) throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith("IT.java")).toList()) {
                sources.put(root.relativize(f), Files.readString(f));
            }
        }
        return sources;
    }

    static List<String> outsideTheirExecution(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        itSources(root)
                .forEach(
                        (file, text) ->
                                SCANNED.forEach(
                                        (tag, packages) -> {
                                            if (text.contains(tag)
                                                    && !packages.contains(dir(file))) {
                                                found.add(file + " " + tag);
                                            }
                                        }));
        return found;
    }

    /**
     * An untagged {@code @QuarkusTest} in a package those executions scan runs in an integration
     * lane, yet costs the execution that only skips it a build of its application.
     */
    static List<String> untaggedApplicationsInScannedPackages(Path root) throws IOException {
        Set<String> scanned = new TreeSet<>();
        SCANNED.values().forEach(scanned::addAll);
        List<String> found = new ArrayList<>();
        itSources(root)
                .forEach(
                        (file, text) -> {
                            if (scanned.contains(dir(file))
                                    && text.contains("@QuarkusTest")
                                    && SCANNED.keySet().stream().noneMatch(text::contains)) {
                                found.add(file.toString());
                            }
                        });
        return found;
    }

    /**
     * A test source written under a scratch test root, for the cases that show a check finding it.
     */
    private static void source(Path root, String file, String text) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), text);
    }

    private static String dir(Path file) {
        return file.getParent() == null ? "" : file.getParent().toString();
    }

    @Test
    void noUntaggedApplicationTestInAScannedPackage() throws IOException {
        assertEquals(List.of(), untaggedApplicationsInScannedPackages(TESTS));
    }

    @Test
    void anUntaggedApplicationTestInAScannedPackageIsFound(@TempDir Path dir) throws IOException {
        source(dir, "packaging/ProbesIT.java", "@QuarkusTest\nclass ProbesIT {}\n");
        assertEquals(
                List.of("packaging/ProbesIT.java"), untaggedApplicationsInScannedPackages(dir));
    }

    @Test
    void everyTaggedClassIsInAPackageItsExecutionScans() throws IOException {
        assertEquals(List.of(), outsideTheirExecution(TESTS));
    }

    @Test
    void aTaggedClassElsewhereIsFound(@TempDir Path dir) throws IOException {
        source(dir, "policy/StormIT.java", "@Tag(\"system\")\nclass StormIT {}\n");
        assertEquals(List.of("policy/StormIT.java @Tag(\"system\")"), outsideTheirExecution(dir));
    }
}
