package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart's observability objects: the metrics Service by default; ServiceMonitor, PrometheusRule
 * (the very file promtool tests) and the Grafana dashboard only when asked for; JSON logs by a
 * value.
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class ChartObservabilityIT {
    private static Path helm;

    @BeforeAll
    static void findHelm() {
        helm = Tools.helm();
    }

    @Test
    void aMetricsServiceByDefaultAndNothingThatNeedsThePrometheusOperator() {
        Map<String, JsonNode> objects = render();
        JsonNode service = objects.get("Service/rao-root-access-operator-metrics");
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        assertEquals("http-metrics", service.at("/spec/ports/0/name").asText());
        JsonNode podLabels =
                objects.get("Deployment/rao-root-access-operator")
                        .at("/spec/template/metadata/labels");
        service.at("/spec/selector")
                .fields()
                .forEachRemaining(
                        e ->
                                assertEquals(
                                        e.getValue().asText(),
                                        podLabels.path(e.getKey()).asText(),
                                        "selects the operator pod: " + e.getKey()));
        assertFalse(
                objects.keySet().stream()
                        .anyMatch(
                                k ->
                                        k.startsWith("ServiceMonitor/")
                                                || k.startsWith("PrometheusRule/")
                                                || k.endsWith("-dashboard")),
                objects.keySet().toString());
        assertFalse(
                env(objects).containsKey("QUARKUS_LOG_CONSOLE_JSON_ENABLED"),
                "text logs by default");
    }

    @Test
    void optInMonitoringObjectsCarryTheTestedRulesAndTheDashboard() throws Exception {
        Map<String, JsonNode> objects =
                render(
                        "--set",
                        "metrics.serviceMonitor.enabled=true",
                        "--set",
                        "metrics.prometheusRule.enabled=true",
                        "--set",
                        "metrics.dashboard.enabled=true",
                        "--set",
                        "metrics.serviceMonitor.labels.release=kube-prometheus-stack");
        JsonNode monitor = objects.get("ServiceMonitor/rao-root-access-operator");
        assertEquals("http-metrics", monitor.at("/spec/endpoints/0/port").asText());
        assertEquals("/q/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("kube-prometheus-stack", monitor.at("/metadata/labels/release").asText());
        assertEquals(
                "metrics",
                monitor.at("/spec/selector/matchLabels")
                        .path("app.kubernetes.io/component")
                        .asText());
        assertEquals(
                "metrics",
                objects.get("Service/rao-root-access-operator-metrics")
                        .at("/metadata/labels")
                        .path("app.kubernetes.io/component")
                        .asText());

        assertTrue(
                monitor.at("/spec/endpoints/0/honorLabels").asBoolean(),
                "the resource's namespace label is kept, not renamed exported_namespace");

        JsonNode rule = objects.get("PrometheusRule/rao-root-access-operator");
        JsonNode tested = Repo.yaml(Repo.read(Repo.CHART.resolve("files/alerts.yaml")));
        String troubleshooting = Repo.read(Repo.ROOT.resolve("docs/troubleshooting.md"));
        JsonNode rendered = rule.at("/spec/groups").deepCopy();
        for (JsonNode group : rendered) {
            for (JsonNode alert : group.path("rules")) {
                String name = alert.path("alert").asText();
                String runbook = alert.at("/annotations/runbook_url").asText();
                assertEquals(
                        "https://github.com/rootaccess/root-access-operator/blob/main/docs/troubleshooting.md#"
                                + name.toLowerCase(java.util.Locale.ROOT),
                        runbook,
                        name);
                assertTrue(
                        troubleshooting.contains("\n### " + name + "\n"),
                        "docs/troubleshooting.md has the runbook anchor of " + name);
                ((com.fasterxml.jackson.databind.node.ObjectNode) alert.path("annotations"))
                        .remove("runbook_url");
            }
        }
        assertEquals(
                tested.path("groups"),
                rendered,
                "the PrometheusRule is files/alerts.yaml as promtool tests it, plus runbook_url");
        List<String> alerts = new ArrayList<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.add(r.path("alert").asText()));
        assertEquals(
                List.of(
                        "RootAccessPolicyStalled",
                        "RootAccessAccountBlockedByPolicy",
                        "RootCredentialsReappeared",
                        "RootAccessRemovalScheduled",
                        "RootAccessAccountRemovalScheduled",
                        "RootAccessAuditOverdue",
                        "RootAccessAwsThrottling",
                        "RootAccessOperatorAbsent",
                        "RootAccessEventsDropped",
                        "RootAccessEventQueueBacklog",
                        "RootAccessRootSessionsAboveBudget",
                        "RootAccessOperatorNoLeader"),
                alerts);

        JsonNode dashboard = objects.get("ConfigMap/rao-root-access-operator-dashboard");
        assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
        JsonNode json =
                new ObjectMapper()
                        .readTree(dashboard.at("/data").path("root-access-operator.json").asText());
        assertEquals(
                new ObjectMapper().readTree(Repo.read(Repo.CHART.resolve("files/dashboard.json"))),
                json);
        assertTrue(json.path("panels").size() >= 10);
    }

    @Test
    void oneAlertCanBeSwitchedOff() {
        JsonNode rule =
                render(
                                "--set",
                                "metrics.prometheusRule.enabled=true",
                                "--set",
                                "metrics.prometheusRule.disabledAlerts={RootAccessRemovalScheduled}")
                        .get("PrometheusRule/rao-root-access-operator");
        List<String> alerts = new ArrayList<>();
        rule.at("/spec/groups")
                .forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        assertFalse(alerts.contains("RootAccessRemovalScheduled"), alerts.toString());
        assertTrue(alerts.contains("RootAccessAccountRemovalScheduled"), alerts.toString());
        assertTrue(alerts.contains("RootAccessOperatorAbsent"), alerts.toString());
    }

    @Test
    void jsonLogsByAValueAndNothingElseAccepted() {
        assertEquals(
                "true",
                env(render("--set", "logs.format=json")).get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"));
        Tools.Result wrong = Charts.template(helm, "--set", "logs.format=xml");
        assertTrue(
                wrong.exitCode() != 0
                        && wrong.stderr().contains("logs.format must be text or json"),
                wrong.stderr());
    }

    private static Map<String, String> env(Map<String, JsonNode> objects) {
        return Charts.env(Charts.operatorContainer(objects));
    }

    private static Map<String, JsonNode> render(String... extra) {
        return Charts.render(helm, extra);
    }
}
