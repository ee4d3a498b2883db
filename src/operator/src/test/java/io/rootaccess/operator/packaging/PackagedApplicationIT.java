package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the image runs, src/operator/target/quarkus-app (written by the package phase, so this is an
 * integration test), holds the operator and its runtime dependencies only: no class of the lab
 * (sandbox, demo, chaos, tools), no mock API server, mockwebserver or test library, and no entry
 * point but Quarkus' own.
 */
class PackagedApplicationIT {
    static final Path APP = Repo.ROOT.resolve("src/operator/target/quarkus-app");

    /** Artifacts of tests and of the lab, by group:artifact. */
    static final Pattern FORBIDDEN_ARTIFACT =
            Pattern.compile(
                    "(io\\.rootaccess:root-access-(sandbox|tools).*"
                            + "|.*:kubernetes-server-mock|.*mockwebserver.*|com\\.squareup\\.okhttp3:.*"
                            + "|org\\.junit.*|junit:.*|org\\.testcontainers:.*|org\\.awaitility:.*"
                            + "|io\\.quarkus:quarkus-junit.*|io\\.quarkus:quarkus-test-.*"
                            + "|org\\.mockito:.*|org\\.assertj:.*|org\\.hamcrest:.*|dev\\.cel:.*)");

    /** Class folders of the lab, of mock servers and of test frameworks. */
    static final List<String> FORBIDDEN_CLASSES =
            List.of(
                    "io/rootaccess/sandbox/",
                    "io/rootaccess/tools/",
                    "io/rootaccess/demo/",
                    "io/rootaccess/chaos/",
                    "io/fabric8/kubernetes/client/server/mock/",
                    "io/fabric8/mockwebserver/",
                    "okhttp3/mockwebserver/",
                    "org/junit/",
                    "org/testcontainers/");

    static List<Path> jars;

    @BeforeAll
    static void listJars() throws IOException {
        assertTrue(
                Files.isRegularFile(APP.resolve("quarkus-run.jar")),
                APP + " has no quarkus-run.jar: the package phase writes it");
        try (Stream<Path> files = Files.walk(APP)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void theDependencyListHoldsNoLabMockServerOrTestArtifact() throws IOException {
        List<String> dependencies =
                Files.readAllLines(APP.resolve("quarkus-app-dependencies.txt")).stream()
                        .filter(l -> !l.isBlank())
                        .toList();
        assertTrue(dependencies.size() > 50, "the operator's runtime dependencies are listed");
        List<String> forbidden = new ArrayList<>();
        for (String line : dependencies) {
            String[] gav = line.split(":");
            if (FORBIDDEN_ARTIFACT.matcher(gav[0] + ":" + gav[1]).matches()) {
                forbidden.add(line);
            }
        }
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            if (name.startsWith("io.rootaccess.")
                    || name.matches(".*(mock|junit|testcontainers).*")) {
                forbidden.add(APP.relativize(jar).toString());
            }
        }
        assertEquals(List.of(), forbidden, "packaged artifacts of the lab or of tests");
    }

    @Test
    void noJarHoldsAClassOfTheLabAMockServerOrATestFramework() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream()
                        .map(ZipEntry::getName)
                        .filter(n -> FORBIDDEN_CLASSES.stream().anyMatch(n::startsWith))
                        .limit(3)
                        .forEach(n -> found.add(APP.relativize(jar) + "!" + n));
            }
        }
        assertEquals(List.of(), found, "classes of the lab or of tests in the packaged operator");
    }

    @Test
    void theOnlyEntryPointIsQuarkusAndNoOperatorClassReachesForTheLab() throws IOException {
        try (JarFile runner = new JarFile(APP.resolve("quarkus-run.jar").toFile())) {
            Manifest manifest = runner.getManifest();
            assertEquals(
                    "io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                    manifest.getMainAttributes().getValue("Main-Class"));
        }
        String application =
                new String(
                        Files.readAllBytes(APP.resolve("quarkus/quarkus-application.dat")),
                        StandardCharsets.ISO_8859_1);
        assertTrue(
                application.contains("io.quarkus.runner.GeneratedMain"),
                "Quarkus' generated main starts the application, no main of ours");

        // the operator's own classes: none has a main method, none refers to the lab's classes
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> appJars = Files.list(APP.resolve("app"))) {
            for (Path jar : appJars.toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    for (ZipEntry e : zip.stream().toList()) {
                        if (!e.getName().endsWith(".class")) {
                            continue;
                        }
                        String constants;
                        try (InputStream in = zip.getInputStream(e)) {
                            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        }
                        if (constants.contains("([Ljava/lang/String;)V")
                                && constants.contains("\u0000\u0004main")) {
                            offenders.add(e.getName() + " (a main method)");
                        }
                        if (constants.contains("Lio/quarkus/runtime/annotations/QuarkusMain;")) {
                            offenders.add(e.getName() + " (@QuarkusMain)");
                        }
                        for (String lab : List.of("io/rootaccess/sandbox", "io/rootaccess/tools")) {
                            if (constants.contains(lab)) {
                                offenders.add(e.getName() + " (refers to " + lab + ")");
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "entry points or lab references in the operator's code");
    }
}
