package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make demo` with a manifest a cluster would refuse: it names the file, the object and the field
 * as the API server would, and exits 1 before starting anything (no sandbox, no API server, no
 * operator: the operator jar given here does not even exist).
 */
class DemoManifestCheckTest {

    @Test
    void anInvalidManifestStopsTheDemoBeforeItStarts(@TempDir Path dir) throws Exception {
        Path manifests = dir.resolve("manifests");
        Files.createDirectories(manifests);
        Path bad = manifests.resolve("org.yaml");
        Files.writeString(
                bad,
                """
                apiVersion: rootaccess.io/v1alpha1
                kind: RootAccessPolicy
                metadata:
                  name: org-wide
                spec:
                  mode: DryRun
                  targets: {all: true}
                  exclude:
                    organizationalUnits: [ou-demo-sandboxes]
                """);
        DemoSettings settings =
                new DemoSettings(
                        5,
                        manifests,
                        null,
                        Duration.ofSeconds(10),
                        dir.resolve("report"),
                        Path.of("crds"),
                        dir.resolve("no-such-operator.jar"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = DemoMain.run(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(1, exit, out);
        assertTrue(
                out.contains(
                        "demo: invalid manifest: "
                                + bad
                                + ": RootAccessPolicy root-access/org-wide: RootAccessPolicy.rootaccess.io"
                                + " \"org-wide\" is invalid: spec.exclude.organizationalUnits[0]: Invalid"
                                + " value: \"string\""),
                out);
        assertTrue(out.contains("nothing was started"), out);
        assertTrue(!out.contains("simulated organization"), "started anyway: " + out);
    }
}
