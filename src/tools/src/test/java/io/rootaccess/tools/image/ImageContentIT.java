package io.rootaccess.tools.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the image of `make image` holds and says about itself: a non-root user, the OCI labels, an
 * entrypoint that starts the packaged operator, no class of the lab or mock server in any layer,
 * and an SBOM that lists every jar and every Debian package the layers hold. `make image-smoke`
 * runs it with -Dimage.archive (CI too); skopeo, as a registry client, must read the archive.
 */
class ImageContentIT {
    static final String SBOM_PATH = "usr/share/doc/root-access-operator/sbom.cdx.json";
    static final List<String> FORBIDDEN_CLASSES =
            List.of(
                    "io/rootaccess/sandbox/",
                    "io/rootaccess/tools/",
                    "io/fabric8/kubernetes/client/server/mock/",
                    "io/fabric8/mockwebserver/",
                    "okhttp3/mockwebserver/",
                    "org/junit/",
                    "org/testcontainers/");
    static final Pattern FORBIDDEN_JAR =
            Pattern.compile(
                    ".*(root-access-(sandbox|tools)|mock|junit|testcontainers|awaitility).*");

    static OciImage image;

    /** Every file of every layer (path without leading /), and the contents this test reads. */
    static final Set<String> files = new TreeSet<>();

    static final Map<String, byte[]> contents = new HashMap<>();
    static final List<String> labClasses = new ArrayList<>();

    /** The archive `make image` wrote, from -Dimage.archive (required: no silent skip). */
    static Path archive() {
        String property = System.getProperty("image.archive");
        assertTrue(
                property != null && !property.isBlank(),
                "-Dimage.archive=target/image/root-access-operator.oci.tar is required: run `make"
                        + " image-smoke`");
        Path archive = Path.of(property);
        assertTrue(Files.isRegularFile(archive), archive + " does not exist: run `make image`");
        return archive;
    }

    @BeforeAll
    static void readLayers() throws IOException {
        image = OciImage.open(archive());
        for (String digest : image.layerDigests()) {
            image.forEachEntry(
                    digest,
                    (entry, content) -> {
                        String name = entry.getName().replaceFirst("^\\./", "");
                        if (!entry.isFile()) {
                            return;
                        }
                        files.add(name);
                        if (name.equals(SBOM_PATH) || name.equals("var/lib/dpkg/status")) {
                            contents.put(name, content.readAllBytes());
                        } else if (name.endsWith(".jar")) {
                            if (FORBIDDEN_JAR.matcher(name).matches()) {
                                labClasses.add(name);
                            }
                            ZipInputStream zip = new ZipInputStream(content);
                            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                                String entryName = e.getName();
                                if (FORBIDDEN_CLASSES.stream().anyMatch(entryName::startsWith)) {
                                    labClasses.add(name + "!" + entryName);
                                }
                            }
                        }
                    });
        }
    }

    @Test
    void noLayerHoldsALabClassAMockServerOrATestLibrary() {
        assertTrue(files.contains("deployments/quarkus-run.jar"), "the operator is in the image");
        assertEquals(List.of(), labClasses);
    }

    @Test
    void theUserIsNotRootAndTheEntrypointStartsTheOperator() {
        String user = image.user();
        assertEquals("185:185", user, "the chart's runAsUser and runAsGroup");
        assertNotEquals("0", user.split(":")[0]);
        assertTrue(
                String.join(" ", image.entrypoint())
                        .contains(
                                "java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"),
                "entrypoint: " + image.entrypoint());
        assertEquals("/deployments", image.workingDir());
    }

    @Test
    void theLabelsNameSourceVersionRevisionLicenceAndCreation() {
        Map<String, String> labels = image.labels();
        String version = System.getProperty("project.version");
        assertEquals(version, labels.get("org.opencontainers.image.version"));
        assertEquals("Apache-2.0", labels.get("org.opencontainers.image.licenses"));
        assertEquals("root-access-operator", labels.get("org.opencontainers.image.title"));
        assertTrue(
                labels.getOrDefault("org.opencontainers.image.source", "").startsWith("https://"),
                labels.toString());
        assertTrue(
                labels.getOrDefault("org.opencontainers.image.revision", "")
                        .matches("[0-9a-f]{40}(-dirty)?"),
                labels.toString());
        assertTrue(
                labels.getOrDefault("org.opencontainers.image.created", "")
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                labels.toString());
        assertFalse(labels.getOrDefault("org.opencontainers.image.description", "").isBlank());
    }

    @Test
    void theSbomListsEveryJarAndEveryDebianPackageOfTheImage() throws IOException {
        byte[] inImage = contents.get(SBOM_PATH);
        assertTrue(inImage != null, "the image holds its SBOM at /" + SBOM_PATH);
        Path beside = archive().resolveSibling("sbom.cdx.json");
        assertEquals(
                Files.readString(beside),
                new String(inImage, StandardCharsets.UTF_8),
                beside + " is the image's SBOM");
        JsonNode sbom = new ObjectMapper().readTree(inImage);
        assertEquals("CycloneDX", sbom.path("bomFormat").asText());

        // every jar of /deployments/lib, by Quarkus' name for it: group.artifact-version.jar
        Set<String> listedJars = new TreeSet<>();
        Map<String, String> listedDebs = new HashMap<>();
        List<String> withoutLicence = new ArrayList<>();
        for (JsonNode c : sbom.path("components")) {
            String purl = c.path("purl").asText();
            if (purl.startsWith("pkg:maven/")) {
                listedJars.add(
                        c.path("group").asText()
                                + "."
                                + c.path("name").asText()
                                + "-"
                                + c.path("version").asText()
                                + ".jar");
                if (c.path("licenses").isEmpty()) {
                    withoutLicence.add(purl);
                }
            } else if (purl.startsWith("pkg:deb/debian/")) {
                listedDebs.put(c.path("name").asText(), c.path("version").asText());
            }
        }
        Set<String> imageJars = new TreeSet<>();
        files.stream()
                .filter(f -> f.startsWith("deployments/lib/") && f.endsWith(".jar"))
                .forEach(f -> imageJars.add(f.substring(f.lastIndexOf('/') + 1)));
        assertTrue(imageJars.size() > 100, "the operator's runtime jars: " + imageJars.size());
        Set<String> unlisted = new TreeSet<>(imageJars);
        unlisted.removeAll(listedJars);
        assertEquals(Set.of(), unlisted, "jars of the image the SBOM does not list");
        assertEquals(List.of(), withoutLicence, "Maven components without a licence");

        // every installed Debian package with its version, the JRE among them
        Map<String, String> installed = dpkgStatus(contents.get("var/lib/dpkg/status"));
        assertTrue(installed.containsKey("openjdk-17-jre-headless"), installed.keySet().toString());
        assertEquals(installed, listedDebs, "the Debian packages of the image and their versions");
    }

    @Test
    void skopeoReadsTheArchiveAsAnOciImage() throws Exception {
        Process skopeo =
                new ProcessBuilder("skopeo", "inspect", "--config", "oci-archive:" + archive())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(skopeo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(skopeo.waitFor(120, TimeUnit.SECONDS), "skopeo did not finish");
        assertEquals(0, skopeo.exitValue(), out);
        JsonNode config = new ObjectMapper().readTree(out);
        assertEquals("185:185", config.path("config").path("User").asText(), out);
        assertEquals(
                image.layerDigests().size(), config.path("rootfs").path("diff_ids").size(), out);
    }

    static Map<String, String> dpkgStatus(byte[] status) {
        Map<String, String> packages = new HashMap<>();
        for (String stanza : new String(status, StandardCharsets.UTF_8).split("\n\n")) {
            Matcher name = Pattern.compile("(?m)^Package: (\\S+)").matcher(stanza);
            Matcher version = Pattern.compile("(?m)^Version: (\\S+)").matcher(stanza);
            if (name.find()
                    && version.find()
                    && Pattern.compile("(?m)^Status: .* installed$").matcher(stanza).find()) {
                packages.put(name.group(1), version.group(1));
            }
        }
        return packages;
    }
}
