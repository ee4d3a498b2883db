package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSettingsTest {
    @TempDir Path dir;

    @Test
    void defaultsWhenNothingIsSet() {
        DemoSettings s = DemoSettings.fromEnvironment(Map.of("DEMO_MANIFESTS", dir.toString()));
        assertEquals(25, s.accounts());
        assertEquals(300, s.timeout().toSeconds());
        assertNull(s.sandboxSeed());
    }

    @Test
    void readsEveryKnob() throws Exception {
        Path seed = Files.writeString(dir.resolve("org.yaml"), "seed: 1\n");
        DemoSettings s =
                DemoSettings.fromEnvironment(
                        Map.of(
                                "DEMO_MANIFESTS",
                                dir.toString(),
                                "DEMO_ACCOUNTS",
                                "1000",
                                "DEMO_TIMEOUT",
                                "60",
                                "SANDBOX_SEED",
                                seed.toString()));
        assertEquals(1000, s.accounts());
        assertEquals(60, s.timeout().toSeconds());
        assertEquals(seed, s.sandboxSeed());
    }

    @Test
    void theDefaultTimeoutGrowsWithTheOrganization() {
        assertEquals(
                300,
                DemoSettings.fromEnvironment(Map.of("DEMO_MANIFESTS", dir.toString()))
                        .timeout()
                        .toSeconds());
        assertEquals(
                1000,
                DemoSettings.fromEnvironment(
                                Map.of("DEMO_MANIFESTS", dir.toString(), "DEMO_ACCOUNTS", "1000"))
                        .timeout()
                        .toSeconds());
        assertEquals(
                42,
                DemoSettings.fromEnvironment(
                                Map.of(
                                        "DEMO_MANIFESTS",
                                        dir.toString(),
                                        "DEMO_ACCOUNTS",
                                        "1000",
                                        "DEMO_TIMEOUT",
                                        "42"))
                        .timeout()
                        .toSeconds());
    }

    @Test
    void rejectsBadInputNamingTheVariable() {
        var tooMany =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DemoSettings.fromEnvironment(
                                        Map.of(
                                                "DEMO_MANIFESTS",
                                                dir.toString(),
                                                "DEMO_ACCOUNTS",
                                                "10001")));
        assertTrue(tooMany.getMessage().contains("DEMO_ACCOUNTS"), tooMany.getMessage());
        var tooFew =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DemoSettings.fromEnvironment(
                                        Map.of(
                                                "DEMO_MANIFESTS",
                                                dir.toString(),
                                                "DEMO_ACCOUNTS",
                                                "2")));
        assertTrue(tooFew.getMessage().contains("between 3 and 10000"), tooFew.getMessage());
        var notNumber =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DemoSettings.fromEnvironment(
                                        Map.of(
                                                "DEMO_MANIFESTS",
                                                dir.toString(),
                                                "DEMO_TIMEOUT",
                                                "5m")));
        assertTrue(notNumber.getMessage().contains("DEMO_TIMEOUT"), notNumber.getMessage());
        var noDir =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DemoSettings.fromEnvironment(
                                        Map.of(
                                                "DEMO_MANIFESTS",
                                                dir.resolve("missing").toString())));
        assertTrue(noDir.getMessage().contains("DEMO_MANIFESTS"), noDir.getMessage());
        var noSeed =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DemoSettings.fromEnvironment(
                                        Map.of(
                                                "DEMO_MANIFESTS",
                                                dir.toString(),
                                                "SANDBOX_SEED",
                                                dir.resolve("none.yaml").toString())));
        assertTrue(noSeed.getMessage().contains("SANDBOX_SEED"), noSeed.getMessage());
    }
}
