package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart's image: the tag defaults to the chart's appVersion (the release's version), and
 * image.digest pins the image by digest instead (repository@sha256:..., as a release publishes it).
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class ChartImageIT {
    private static final String DIGEST =
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static Path helm;

    @BeforeAll
    static void findHelm() {
        helm = Tools.helm();
    }

    @Test
    void theTagIsTheAppVersionUnlessADigestPinsTheImage() {
        String appVersion =
                Repo.yaml(Repo.read(Repo.CHART.resolve("Chart.yaml"))).path("appVersion").asText();
        assertEquals("ghcr.io/rootaccess/root-access-operator:" + appVersion, image());
        assertEquals(
                "ghcr.io/rootaccess/root-access-operator:9.9.9", image("--set", "image.tag=9.9.9"));
        assertEquals(
                "ghcr.io/rootaccess/root-access-operator@" + DIGEST,
                image("--set", "image.digest=" + DIGEST, "--set", "image.tag=9.9.9"));
        Tools.Result notADigest = Charts.template(helm, "--set", "image.digest=latest");
        assertNotEquals(0, notADigest.exitCode(), "image.digest must be sha256:...");
    }

    private static String image(String... extra) {
        return Charts.operatorContainer(Charts.render(helm, extra)).path("image").asText();
    }
}
