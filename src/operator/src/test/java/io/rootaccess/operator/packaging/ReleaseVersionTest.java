package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One version everywhere a release names it: the pom (the jar manifests, the operator's
 * rootaccess_operator_info and the image tag come from it), the chart's version and appVersion (the
 * chart's default image tag), the kustomize base's image tag and CHANGELOG.md's latest release. A
 * release changes them together (docs/release.md).
 */
class ReleaseVersionTest {

    @Test
    void thePomTheChartTheKustomizeBaseAndTheChangelogNameTheSameVersion() {
        String pom = pomVersion();
        Map<String, String> versions = new LinkedHashMap<>();
        for (String module : new String[] {"src/sandbox", "src/operator", "src/tools"}) {
            versions.put(module + "/pom.xml (parent version)", parentVersion(module));
        }
        var chart = Repo.yaml(Repo.read(Repo.CHART.resolve("Chart.yaml")));
        versions.put("Chart.yaml version", chart.path("version").asText());
        versions.put("Chart.yaml appVersion", chart.path("appVersion").asText());
        var kustomization = Repo.yaml(Repo.read(Repo.DEPLOY.resolve("base/kustomization.yaml")));
        versions.put(
                "deploy/base/kustomization.yaml newTag",
                kustomization.path("images").path(0).path("newTag").asText());
        versions.put("CHANGELOG.md latest release", latestChangelogVersion());

        Map<String, String> expected = new LinkedHashMap<>();
        versions.keySet().forEach(k -> expected.put(k, pom));
        assertEquals(
                expected,
                versions,
                "every release version must be the pom's (" + pom + "): see docs/release.md");
    }

    /** The top pom's own version (the first version after its artifactId). */
    static String pomVersion() {
        return firstMatch(
                Repo.read(Repo.ROOT.resolve("pom.xml")),
                "<artifactId>root-access-parent</artifactId>\\s*<version>([^<]+)</version>",
                "pom.xml version");
    }

    private static String parentVersion(String module) {
        return firstMatch(
                Repo.read(Repo.ROOT.resolve(module).resolve("pom.xml")),
                "<parent>.*?<version>([^<]+)</version>",
                module + " parent version");
    }

    /** Keep a Changelog: "## [0.1.0] - 2026-12-06"; "## [Unreleased]" is not a release. */
    private static String latestChangelogVersion() {
        return firstMatch(
                Repo.read(Repo.ROOT.resolve("CHANGELOG.md")),
                "(?m)^## \\[(\\d+\\.\\d+\\.\\d+[^\\]]*)\\]",
                "a release heading in CHANGELOG.md");
    }

    private static String firstMatch(String text, String regex, String what) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + what);
        }
        return m.group(1).trim();
    }
}
