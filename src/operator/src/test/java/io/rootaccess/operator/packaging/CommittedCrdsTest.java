package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs committed in crds/ and in the Helm chart are exactly what the build generates.
 *
 * <p>The build's CRDs are written by QOSDK during {@code quarkus:build} (package phase, after the
 * tests), so this test runs the same generator QOSDK runs (Fabric8 CRDGenerator v2, CRD v1, with
 * the post-processor named in application.properties) on the same classes, and compares bytes.
 */
class CommittedCrdsTest {

    private static final String FIX =
            " differs from the CRD the build generates: run `make crds` and commit the result";

    @TempDir static Path generated;

    @BeforeAll
    static void generate() {
        new CRDGenerator()
                .customResourceClasses(PrinterColumnOrder.RESOURCES)
                .forCRDVersions("v1")
                .withPostProcessor(new PrinterColumnOrder())
                .inOutputDir(generated.toFile())
                .generate();
    }

    static Stream<Arguments> committedCopies() {
        List<Arguments> copies = new ArrayList<>();
        for (String plural : Repo.CRD_PLURALS) {
            copies.add(Arguments.of(plural, Repo.CRDS.resolve(Repo.crdFileName(plural))));
            copies.add(
                    Arguments.of(
                            plural, Repo.CHART.resolve("crds").resolve(Repo.crdFileName(plural))));
        }
        return copies.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("committedCopies")
    void committedCrdMatchesTheBuild(String plural, Path committed) {
        Path built = generated.resolve(plural + ".rootaccess.io-v1.yml");
        assertTrue(Files.exists(built), "generator wrote no " + built.getFileName());
        assertTrue(
                Files.exists(committed),
                Repo.ROOT.relativize(committed) + " is missing: run `make crds`");
        assertEquals(Repo.read(built), Repo.read(committed), Repo.ROOT.relativize(committed) + FIX);
    }

    @Test
    void noStrayCrdFiles() throws IOException {
        for (Path dir : List.of(Repo.CRDS, Repo.CHART.resolve("crds"))) {
            try (Stream<Path> files = Files.list(dir)) {
                List<String> crdFiles =
                        files.map(f -> f.getFileName().toString())
                                .filter(name -> !name.equals("kustomization.yaml"))
                                .sorted()
                                .toList();
                assertEquals(
                        Repo.CRD_PLURALS.stream().map(Repo::crdFileName).sorted().toList(),
                        crdFiles,
                        dir + " holds exactly one CRD per resource");
            }
        }
    }

    /**
     * The build (QOSDK) must use the same post-processor as this test, or the comparison proves
     * nothing.
     */
    @Test
    void buildUsesThePrinterColumnPostProcessor() throws IOException {
        Properties props = new Properties();
        props.load(
                new StringReader(
                        Repo.read(
                                Repo.ROOT.resolve(
                                        "src/operator/src/main/resources/application.properties"))));
        assertEquals(
                PrinterColumnOrder.class.getName(),
                props.getProperty("quarkus.operator-sdk.crd.post-processor"));
    }

    @Test
    void policyColumnsReadLikeTheIssueSays() {
        assertEquals(
                List.of("Ready", "Reason", "Selected", "Compliant", "Blocked", "Age"),
                defaultColumns("rootaccesspolicies"));
        assertEquals(
                List.of(
                        "Ready",
                        "Reason",
                        "Mode",
                        "Selected",
                        "Compliant",
                        "Blocked",
                        "Message",
                        "Age"),
                allColumns("rootaccesspolicies"));
    }

    @Test
    void taskColumns() {
        assertEquals(
                List.of("Account", "Task", "Phase", "Ready", "Reason", "Age"),
                defaultColumns("privilegedroottasks"));
        assertEquals(
                List.of("Account", "Task", "Phase", "Ready", "Reason", "Message", "Age"),
                allColumns("privilegedroottasks"));
    }

    @Test
    void accountColumns() {
        assertEquals(
                List.of("Account", "Desired", "Phase", "Ready", "Reason", "Last-Audit", "Age"),
                defaultColumns("memberaccountrootstates"));
        assertEquals(
                List.of(
                        "Account",
                        "Desired",
                        "Phase",
                        "Ready",
                        "Reason",
                        "Last-Audit",
                        "Scheduled-At",
                        "Message",
                        "Age"),
                allColumns("memberaccountrootstates"),
                "-o wide adds when a notice's removal happens");
    }

    @Test
    void shortNamesAndStatusSubresource() {
        for (String plural : Repo.CRD_PLURALS) {
            JsonNode crd = committed(plural);
            assertEquals(
                    1, crd.at("/spec/names/shortNames").size(), plural + " has one short name");
            JsonNode version = crd.at("/spec/versions/0");
            assertTrue(
                    version.at("/subresources/status").isObject(),
                    plural + " has a status subresource");
            assertEquals("v1alpha1", version.at("/name").asText());
        }
    }

    private static List<String> defaultColumns(String plural) {
        List<String> names = new ArrayList<>();
        // kubectl get shows priority-0 columns, in CRD order, after NAME
        committed(plural)
                .at("/spec/versions/0/additionalPrinterColumns")
                .forEach(
                        c -> {
                            if (c.path("priority").asInt(0) == 0) {
                                names.add(c.path("name").asText());
                            }
                        });
        return names;
    }

    private static List<String> allColumns(String plural) {
        List<String> names = new ArrayList<>();
        committed(plural)
                .at("/spec/versions/0/additionalPrinterColumns")
                .forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static JsonNode committed(String plural) {
        return Repo.yaml(Repo.read(Repo.CRDS.resolve(Repo.crdFileName(plural))));
    }
}
