package io.rootaccess.operator.packaging;

import static io.rootaccess.operator.packaging.Charts.NAMESPACE;
import static io.rootaccess.operator.packaging.Charts.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The chart lints and renders with real helm, and what it renders is what a hardened operator
 * install needs.
 */
@Tag("system") // the system tier: its own failsafe execution (see the module's pom)
class HelmChartIT {

    private static Path helm;

    @BeforeAll
    static void findHelm() {
        helm = Tools.helm();
    }

    @Test
    void lintsStrictly() {
        Tools.output(helm, "lint", "--strict", Repo.CHART.toString());
    }

    @Test
    void chartVersionFollowsTheProject() {
        JsonNode chart = Repo.yaml(Repo.read(Repo.CHART.resolve("Chart.yaml")));
        Matcher m =
                Pattern.compile(
                                "<artifactId>root-access-parent</artifactId>\\s*<version>([^<]+)</version>")
                        .matcher(Repo.read(Repo.ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "project version in pom.xml");
        String release = m.group(1).replace("-SNAPSHOT", "");
        assertEquals(release, chart.path("appVersion").asText(), "Chart.yaml appVersion");
        assertEquals(release, chart.path("version").asText(), "Chart.yaml version");
    }

    @Test
    void defaultInstallIsHardenedAndProbesTheHealthEndpoints() {
        Map<String, JsonNode> objects = render();
        assertEquals(
                Set.of(
                        "ServiceAccount/root-access-operator",
                        "ConfigMap/rao-root-access-operator-config",
                        "ClusterRole/rao-root-access-operator",
                        "ClusterRole/rao-root-access-operator-crd-reader",
                        "RoleBinding/rao-root-access-operator@" + NAMESPACE,
                        "ClusterRoleBinding/rao-root-access-operator-crd-reader",
                        "Role/rao-root-access-operator-removed-policies",
                        "RoleBinding/rao-root-access-operator-removed-policies@" + NAMESPACE,
                        "Role/rao-root-access-operator-removal-canceller",
                        "ClusterRole/rao-root-access-operator-viewer",
                        "ClusterRole/rao-root-access-operator-policy-author",
                        "ClusterRole/rao-root-access-operator-task-requester",
                        "Role/rao-root-access-operator-leader-election",
                        "RoleBinding/rao-root-access-operator-leader-election@" + NAMESPACE,
                        "Deployment/rao-root-access-operator",
                        "PodDisruptionBudget/rao-root-access-operator",
                        "Service/rao-root-access-operator-metrics"),
                objects.keySet());
        // by default only the release namespace is watched, and bound
        assertEquals(
                NAMESPACE,
                objects.get("RoleBinding/rao-root-access-operator@" + NAMESPACE)
                        .at("/metadata/namespace")
                        .asText());

        JsonNode deployment = objects.get("Deployment/rao-root-access-operator");
        assertEquals(NAMESPACE, deployment.at("/metadata/namespace").asText());
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        JsonNode pod = deployment.at("/spec/template/spec");
        assertEquals("root-access-operator", pod.path("serviceAccountName").asText());
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText());
        JsonNode container = pod.at("/containers/0");
        JsonNode sc = container.path("securityContext");
        assertTrue(sc.path("runAsNonRoot").asBoolean());
        assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("[\"ALL\"]", sc.at("/capabilities/drop").toString());
        assertEquals("RuntimeDefault", sc.at("/seccompProfile/type").asText());

        assertEquals(8080, container.at("/ports/0/containerPort").asInt());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals("http", container.at("/livenessProbe/httpGet/port").asText());

        // read-only root filesystem: /tmp is an emptyDir
        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertTrue(tmpVolume != null, "/tmp is mounted");
        boolean emptyDir = false;
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(tmpVolume)) {
                emptyDir = volume.has("emptyDir");
            }
        }
        assertTrue(emptyDir, "/tmp is an emptyDir");

        Map<String, String> env = env(container);
        assertEquals("us-east-1", env.get("ROOTACCESS_AWS_REGION"));
        assertEquals(NAMESPACE, env.get("QUARKUS_OPERATOR_SDK_NAMESPACES"));
        assertEquals("1h", env.get("ROOTACCESS_AUDIT_INTERVAL"));
        assertFalse(env.containsKey("ROOTACCESS_AWS_ROLE_ARN"), "no role to assume unless set");
        assertFalse(
                env.keySet().stream()
                        .anyMatch(k -> k.contains("SECRET") || k.contains("ACCESS_KEY")),
                "no static AWS credentials in the Deployment: " + env.keySet());
        assertEquals(
                "/etc/root-access-operator/application.properties",
                env.get("QUARKUS_CONFIG_LOCATIONS"));
    }

    @Test
    void rbacCoversTheThreeKindsTheirStatusAndFinalizersConfigMapsAndEvents() {
        JsonNode role = render().get("ClusterRole/rao-root-access-operator");
        Map<String, Set<String>> verbs = new HashMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    Set<String> v =
                            verbs.computeIfAbsent(
                                    group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
                    rule.path("verbs").forEach(x -> v.add(x.asText()));
                }
            }
        }
        Set<String> crud = Set.of("get", "list", "watch", "create", "update", "patch", "delete");
        for (String plural : Repo.CRD_PLURALS) {
            assertEquals(crud, verbs.get("rootaccess.io/" + plural), plural);
            assertTrue(
                    verbs.get("rootaccess.io/" + plural + "/status")
                            .containsAll(Set.of("get", "update", "patch")));
            assertTrue(verbs.get("rootaccess.io/" + plural + "/finalizers").contains("update"));
        }
        assertEquals(null, verbs.get("/configmaps"), "no ConfigMap access in watched namespaces");
        JsonNode configMaps = render().get("Role/rao-root-access-operator-removed-policies");
        assertEquals(
                NAMESPACE,
                configMaps.at("/metadata/namespace").asText(),
                "ConfigMaps in its own namespace only");
        assertEquals("[\"configmaps\"]", configMaps.at("/rules/0/resources").toString());
        assertFalse(configMaps.at("/rules/0/verbs").toString().contains("watch"));
        // people cancel removals through one named ConfigMap, and cannot create or list others
        JsonNode canceller = render().get("Role/rao-root-access-operator-removal-canceller");
        assertEquals(NAMESPACE, canceller.at("/metadata/namespace").asText());
        assertEquals(1, canceller.path("rules").size());
        assertEquals("[\"configmaps\"]", canceller.at("/rules/0/resources").toString());
        assertEquals(
                "[\"root-access-operator-removal-cancels\"]",
                canceller.at("/rules/0/resourceNames").toString());
        assertEquals("[\"get\",\"update\",\"patch\"]", canceller.at("/rules/0/verbs").toString());
        assertTrue(verbs.get("/events").contains("create"));
        assertFalse(
                verbs.keySet().stream().anyMatch(k -> k.contains("secrets")),
                "the operator reads no Secrets");
        assertFalse(verbs.values().stream().anyMatch(v -> v.contains("*")), "no wildcard verbs");
    }

    @Test
    void irsaAnnotationAndRoleToAssume() {
        Map<String, JsonNode> objects =
                render(
                        "--set-string",
                        "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/rao",
                        "--set",
                        "aws.roleArn=arn:aws:iam::444455556666:role/management",
                        "--set",
                        "aws.region=eu-west-1");
        assertEquals(
                "arn:aws:iam::111122223333:role/rao",
                objects.get("ServiceAccount/root-access-operator")
                        .at("/metadata/annotations")
                        .path("eks.amazonaws.com/role-arn")
                        .asText());
        Map<String, String> env =
                env(
                        objects.get("Deployment/rao-root-access-operator")
                                .at("/spec/template/spec/containers/0"));
        assertEquals(
                "arn:aws:iam::444455556666:role/management", env.get("ROOTACCESS_AWS_ROLE_ARN"));
        assertEquals("eu-west-1", env.get("ROOTACCESS_AWS_REGION"));
    }

    @Test
    void allNamespacesOnlyByChoiceAndPeopleRolesAggregate() {
        Map<String, JsonNode> all = render("--set", "operator.watchAllNamespaces=true");
        assertTrue(all.containsKey("ClusterRoleBinding/rao-root-access-operator"));
        assertFalse(all.containsKey("RoleBinding/rao-root-access-operator@" + NAMESPACE));
        assertEquals(
                "JOSDK_ALL_NAMESPACES",
                env(all.get("Deployment/rao-root-access-operator")
                                .at("/spec/template/spec/containers/0"))
                        .get("QUARKUS_OPERATOR_SDK_NAMESPACES"));

        Map<String, JsonNode> objects = render();
        assertEquals(
                "true",
                objects.get("ClusterRole/rao-root-access-operator-viewer")
                        .at("/metadata/labels")
                        .path("rbac.authorization.k8s.io/aggregate-to-view")
                        .asText());
        assertFalse(
                objects.get("ClusterRole/rao-root-access-operator-viewer")
                        .at("/rules/0/verbs")
                        .toString()
                        .contains("create"),
                "viewers only read");
        // root power is bound to people explicitly unless the install asks for aggregation
        for (String role : List.of("policy-author", "task-requester")) {
            JsonNode labels =
                    objects.get("ClusterRole/rao-root-access-operator-" + role)
                            .at("/metadata/labels");
            assertFalse(labels.has("rbac.authorization.k8s.io/aggregate-to-edit"), role);
            assertFalse(labels.has("rbac.authorization.k8s.io/aggregate-to-admin"), role);
            assertFalse(labels.has("rbac.authorization.k8s.io/aggregate-to-view"), role);
        }
        Map<String, JsonNode> aggregated = render("--set", "rbac.aggregateToEdit=true");
        for (String role : List.of("policy-author", "task-requester")) {
            JsonNode labels =
                    aggregated
                            .get("ClusterRole/rao-root-access-operator-" + role)
                            .at("/metadata/labels");
            assertEquals(
                    "true", labels.path("rbac.authorization.k8s.io/aggregate-to-edit").asText());
            assertFalse(
                    labels.has("rbac.authorization.k8s.io/aggregate-to-view"),
                    "creating policies is never view");
        }
    }

    @Test
    void watchedNamespacesGetRoleBindingsInsteadOfAClusterRoleBinding() {
        Map<String, JsonNode> objects = render("--set", "operator.watchNamespaces={team-a,team-b}");
        assertFalse(objects.containsKey("ClusterRoleBinding/rao-root-access-operator"));
        assertTrue(objects.containsKey("ClusterRoleBinding/rao-root-access-operator-crd-reader"));
        List<String> bound = new ArrayList<>();
        objects.values().stream()
                .filter(
                        o ->
                                o.path("kind").asText().equals("RoleBinding")
                                        && o.at("/metadata/name")
                                                .asText()
                                                .equals("rao-root-access-operator"))
                .forEach(o -> bound.add(o.at("/metadata/namespace").asText()));
        assertEquals(List.of("team-a", "team-b"), bound.stream().sorted().toList());
        Map<String, String> env =
                env(
                        objects.get("Deployment/rao-root-access-operator")
                                .at("/spec/template/spec/containers/0"));
        assertEquals("team-a,team-b", env.get("QUARKUS_OPERATOR_SDK_NAMESPACES"));
    }

    @Test
    void rateLimitsAndExtraSettingsLandInThePropertiesFile() {
        Map<String, JsonNode> objects =
                render(
                        "--set",
                        "aws.rateLimits.organizations-read.rate=2",
                        "--set",
                        "aws.rateLimits.organizations-read.burst=4",
                        "--set-string",
                        "operator.extraConfig.rootaccess\\.status-list-limit=100");
        String properties =
                objects.get("ConfigMap/rao-root-access-operator-config")
                        .at("/data/application.properties")
                        .asText();
        Set<String> lines = new HashSet<>(List.of(properties.split("\n")));
        assertTrue(
                lines.contains("rootaccess.aws.rate-limits.organizations-read.rate=2"), properties);
        assertTrue(
                lines.contains("rootaccess.aws.rate-limits.organizations-read.burst=4"),
                properties);
        assertTrue(lines.contains("rootaccess.status-list-limit=100"), properties);
        // a changed file rolls the pod
        String before =
                render().get("Deployment/rao-root-access-operator")
                        .at("/spec/template/metadata/annotations")
                        .path("checksum/config")
                        .asText();
        String after =
                objects.get("Deployment/rao-root-access-operator")
                        .at("/spec/template/metadata/annotations")
                        .path("checksum/config")
                        .asText();
        assertFalse(before.isEmpty());
        assertNotEquals(before, after);
    }

    @Test
    void twoReplicasWithLeaderElectionOnALeaseRollOneAtATime() {
        Map<String, JsonNode> objects = render();
        JsonNode deployment = objects.get("Deployment/rao-root-access-operator");
        assertEquals(2, deployment.at("/spec/replicas").asInt());
        assertEquals("RollingUpdate", deployment.at("/spec/strategy/type").asText());
        assertEquals(0, deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1));
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        Map<String, String> env = env(container);
        assertEquals("true", env.get("ROOTACCESS_LEADER_ELECTION_ENABLED"));
        assertEquals("15s", env.get("ROOTACCESS_LEADER_ELECTION_LEASE_DURATION"));
        boolean namespaceFromPod = false;
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals("POD_NAMESPACE")) {
                namespaceFromPod =
                        "metadata.namespace".equals(e.at("/valueFrom/fieldRef/fieldPath").asText());
            }
        }
        assertTrue(namespaceFromPod, "the Lease namespace must be the pod's namespace");

        JsonNode role = objects.get("Role/rao-root-access-operator-leader-election");
        assertEquals(NAMESPACE, role.at("/metadata/namespace").asText());
        JsonNode rule = role.at("/rules/0");
        assertEquals("[\"coordination.k8s.io\"]", rule.path("apiGroups").toString());
        assertEquals("[\"leases\"]", rule.path("resources").toString());
        for (String verb : List.of("get", "create", "update")) {
            assertTrue(rule.path("verbs").toString().contains("\"" + verb + "\""), verb);
        }
        JsonNode binding =
                objects.get("RoleBinding/rao-root-access-operator-leader-election@" + NAMESPACE);
        assertEquals(
                "rao-root-access-operator-leader-election", binding.at("/roleRef/name").asText());
        assertEquals("root-access-operator", binding.at("/subjects/0/name").asText());
    }

    @Test
    void withoutLeaderElectionMoreThanOneReplicaIsRefused() {
        Tools.Result result = Charts.template(helm, "--set", "leaderElection.enabled=false");
        assertNotEquals(
                0, result.exitCode(), "two replicas without leader election must not render");
        assertTrue(
                result.stderr().contains("replicaCount > 1 needs leaderElection.enabled=true"),
                result.stderr());

        Map<String, JsonNode> single =
                render("--set", "leaderElection.enabled=false", "--set", "replicaCount=1");
        JsonNode deployment = single.get("Deployment/rao-root-access-operator");
        assertEquals(1, deployment.at("/spec/replicas").asInt());
        assertEquals("Recreate", deployment.at("/spec/strategy/type").asText());
        assertEquals(
                "false",
                env(deployment.at("/spec/template/spec/containers/0"))
                        .get("ROOTACCESS_LEADER_ELECTION_ENABLED"));
        assertFalse(single.containsKey("Role/rao-root-access-operator-leader-election"));
    }

    @Test
    void aRateLimitWithoutBurstIsRejected() {
        Tools.Result result = Charts.template(helm, "--set", "aws.rateLimits.iam-root.rate=5");
        assertNotEquals(0, result.exitCode());
        assertTrue(
                result.stderr().contains("aws.rateLimits.iam-root.burst is required"),
                result.stderr());
    }

    @Test
    void kustomizeBaseIsTheRenderedChart() {
        String rendered =
                Tools.output(
                        helm,
                        "template",
                        "root-access-operator",
                        Repo.CHART.toString(),
                        "--namespace",
                        NAMESPACE,
                        "--set",
                        "kustomizeBase=true");
        String committed = Repo.read(Repo.DEPLOY.resolve("base/operator.yaml"));
        String body = committed.substring(committed.indexOf('\n') + 1);
        assertEquals(
                rendered,
                body,
                "deploy/base/operator.yaml differs from the chart: run `make deploy-base` and commit it");
        for (JsonNode doc : Repo.documents(body)) {
            JsonNode labels = doc.at("/metadata/labels");
            assertEquals(
                    "kustomize",
                    labels.path("app.kubernetes.io/managed-by").asText(),
                    doc.at("/metadata/name").asText());
            assertFalse(labels.has("helm.sh/chart"));
        }
    }

    @Test
    void refusesToRenderWithoutTheOrganizationIdUnlessExplicitlyOptedOut() {
        Tools.Result bare =
                Tools.run(helm, "template", "rao", Repo.CHART.toString(), "--namespace", NAMESPACE);
        assertNotEquals(0, bare.exitCode(), "no organization id, no opt-out: must not render");
        assertTrue(bare.stderr().contains("aws.expectedOrganizationId is required"), bare.stderr());
        assertTrue(bare.stderr().contains("aws.allowAnyOrganization=true"), bare.stderr());

        JsonNode guarded =
                render().get("Deployment/rao-root-access-operator")
                        .at("/spec/template/spec/containers/0");
        assertEquals(Repo.ORGANIZATION_ID, env(guarded).get("ROOTACCESS_EXPECTED_ORGANIZATION_ID"));

        Map<String, JsonNode> optedOut = renderWithout("--set", "aws.allowAnyOrganization=true");
        assertFalse(
                env(optedOut.get("Deployment/rao-root-access-operator")
                                .at("/spec/template/spec/containers/0"))
                        .containsKey("ROOTACCESS_EXPECTED_ORGANIZATION_ID"));
        Tools.Result both = Charts.template(helm, "--set", "aws.allowAnyOrganization=true");
        assertNotEquals(0, both.exitCode(), "the id and the opt-out contradict each other");
    }

    /**
     * protectedAccounts reaches the operator's configuration and the rendered IAM policy: each
     * policy of deploy/iam unchanged plus one explicit Deny of sts:AssumeRoot whose resources are
     * the protected accounts' root users (arn:aws:iam::<id>:root, the resource the Allow names with
     * a wildcard). Ids that are not 12 digits (or not quoted strings) are refused by the schema.
     */
    @Test
    void protectedAccountsAreConfiguredAndDeniedInTheRenderedIamPolicy() throws Exception {
        Map<String, JsonNode> objects =
                render("--set-string", "protectedAccounts={111122223333,044455556666}");
        String properties =
                objects.get("ConfigMap/rao-root-access-operator-config")
                        .at("/data/application.properties")
                        .asText();
        assertTrue(
                properties.contains("rootaccess.protected-accounts=111122223333,044455556666"),
                properties);
        JsonNode data = objects.get("ConfigMap/rao-root-access-operator-iam-policy").path("data");
        for (String file : List.of("operator-policy.json", "operator-policy-audit-only.json")) {
            JsonNode rendered =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(data.path(file).asText());
            JsonNode shipped =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(Repo.DEPLOY.resolve("iam").resolve(file).toFile());
            assertEquals(shipped.path("Version"), rendered.path("Version"), file);
            List<JsonNode> statements = new ArrayList<>();
            rendered.path("Statement").forEach(statements::add);
            List<JsonNode> allows = new ArrayList<>();
            shipped.path("Statement").forEach(allows::add);
            assertEquals(allows, statements.subList(0, allows.size()), file + ": the Allows");
            List<JsonNode> denies = statements.subList(allows.size(), statements.size());
            assertEquals(1, denies.size(), file + ": one Deny");
            JsonNode deny = denies.get(0);
            assertEquals("Deny", deny.path("Effect").asText());
            assertEquals("sts:AssumeRoot", deny.path("Action").asText());
            assertFalse(deny.has("Condition"), "the Deny holds whatever the task policy");
            Set<String> resources = new TreeSet<>();
            deny.path("Resource").forEach(r -> resources.add(r.asText()));
            assertEquals(
                    Set.of("arn:aws:iam::111122223333:root", "arn:aws:iam::044455556666:root"),
                    resources,
                    file);
        }
        assertTrue(
                notes("--set-string", "protectedAccounts={111122223333}")
                        .contains("rao-root-access-operator-iam-policy"));

        // none protected (the default): no such ConfigMap, no property
        Map<String, JsonNode> plain = render();
        assertFalse(plain.containsKey("ConfigMap/rao-root-access-operator-iam-policy"));
        assertFalse(
                plain.get("ConfigMap/rao-root-access-operator-config")
                        .at("/data/application.properties")
                        .asText()
                        .contains("protected-accounts"));

        for (String[] wrong :
                List.of(
                        new String[] {"--set-string", "protectedAccounts={12345}"},
                        new String[] {"--set-string", "protectedAccounts={1111-2222-3333}"},
                        new String[] {"--set", "protectedAccounts={111122223333}"}, // a number
                        new String[] {
                            "--set-string", "protectedAccounts={111122223333,111122223333}"
                        })) {
            Tools.Result result = Charts.template(helm, wrong);
            assertNotEquals(0, result.exitCode(), String.join(" ", wrong) + " must be refused");
            assertTrue(result.stderr().contains("protectedAccounts"), result.stderr());
        }
    }

    @Test
    void theValuesSchemaRejectsUnknownKeysAndWrongTypes() {
        for (String[] wrong :
                List.of(
                        new String[] {"--set", "replicaCnt=2"},
                        new String[] {"--set", "operator.watchNamespace=team-a"},
                        new String[] {"--set", "replicaCount=two"},
                        new String[] {"--set", "rbac.aggregateToEdit=yes"},
                        new String[] {"--set", "aws.expectedOrganizationId=org-1"},
                        new String[] {"--set", "metrics.serviceMonitor.enable=true"})) {
            Tools.Result result = Charts.template(helm, wrong);
            assertNotEquals(0, result.exitCode(), String.join(" ", wrong) + " must be refused");
            assertTrue(result.stderr().contains("schema"), result.stderr());
        }
    }

    @Test
    void twoReplicasGetADisruptionBudgetAndSpreadOverNodesOneReplicaNeither() {
        Map<String, JsonNode> two = render();
        JsonNode pdb = two.get("PodDisruptionBudget/rao-root-access-operator");
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        JsonNode pod = two.get("Deployment/rao-root-access-operator").at("/spec/template/spec");
        assertEquals(
                "kubernetes.io/hostname",
                pod.at("/topologySpreadConstraints/0/topologyKey").asText());
        assertEquals(
                "root-access-operator",
                pod.at("/topologySpreadConstraints/0/labelSelector/matchLabels")
                        .path("app.kubernetes.io/name")
                        .asText());
        assertEquals(
                pdb.at("/spec/selector/matchLabels"),
                two.get("Deployment/rao-root-access-operator").at("/spec/selector/matchLabels"));

        Map<String, JsonNode> one = render("--set", "replicaCount=1");
        assertFalse(one.containsKey("PodDisruptionBudget/rao-root-access-operator"));
        assertTrue(
                one.get("Deployment/rao-root-access-operator")
                        .at("/spec/template/spec/topologySpreadConstraints")
                        .isMissingNode());
        // exactly one replicaCount in values.yaml
        String values = Repo.read(Repo.CHART.resolve("values.yaml"));
        assertEquals(1, values.split("\\nreplicaCount:", -1).length - 1, "replicaCount once");
    }

    @Test
    void extraEnvVolumesMountsAndPodMetadataReachThePod() {
        JsonNode deployment =
                render(
                                "--set",
                                "extraEnv[0].name=HTTPS_PROXY",
                                "--set",
                                "extraEnv[0].value=http://proxy:3128",
                                "--set",
                                "extraVolumes[0].name=ca",
                                "--set",
                                "extraVolumes[0].configMap.name=corporate-ca",
                                "--set",
                                "extraVolumeMounts[0].name=ca",
                                "--set",
                                "extraVolumeMounts[0].mountPath=/etc/ssl/corporate",
                                "--set",
                                "podAnnotations.team=security",
                                "--set",
                                "podLabels.tier=platform")
                        .get("Deployment/rao-root-access-operator");
        JsonNode template = deployment.at("/spec/template");
        JsonNode container = template.at("/spec/containers/0");
        assertEquals("http://proxy:3128", env(container).get("HTTPS_PROXY"));
        assertEquals("us-east-1", env(container).get("ROOTACCESS_AWS_REGION"), "chart env kept");
        assertTrue(container.path("volumeMounts").toString().contains("/etc/ssl/corporate"));
        assertTrue(container.path("volumeMounts").toString().contains("/tmp"));
        assertTrue(template.at("/spec/volumes").toString().contains("corporate-ca"));
        assertEquals("security", template.at("/metadata/annotations/team").asText());
        assertEquals("platform", template.at("/metadata/labels/tier").asText());
    }

    @Test
    void theAuditOnlyAdmissionPolicyIsAChartOption() {
        assertFalse(render().keySet().stream().anyMatch(k -> k.startsWith("ValidatingAdmission")));
        Map<String, JsonNode> objects = render("--set", "auditOnlyAdmissionPolicy.enabled=true");
        JsonNode policy =
                objects.get("ValidatingAdmissionPolicy/rao-root-access-operator-audit-only");
        JsonNode binding =
                objects.get("ValidatingAdmissionPolicyBinding/rao-root-access-operator-audit-only");
        assertEquals(
                "rao-root-access-operator-audit-only", binding.at("/spec/policyName").asText());
        assertEquals("[\"Deny\"]", binding.at("/spec/validationActions").toString());
        JsonNode kustomize =
                Repo.documents(
                                Repo.read(
                                        Repo.DEPLOY.resolve(
                                                "overlays/audit-only/admission-policy.yaml")))
                        .get(0);
        assertEquals(
                kustomize.at("/spec"),
                policy.at("/spec"),
                "the chart's policy is the audit-only overlay's");
    }

    @Test
    void notesSayWhichNamespacesAreWatchedAndWhatToRunNext() throws Exception {
        assertTrue(notes().contains("in: " + NAMESPACE + "\n"), notes());
        assertFalse(notes().contains("all namespaces"), notes());
        assertTrue(notes().contains("kubectl apply -n " + NAMESPACE + " -f examples/"), notes());
        assertTrue(
                notes("--set", "operator.watchNamespaces={team-a,team-b}")
                        .contains("in: team-a, team-b\n"));
        assertTrue(
                notes("--set", "operator.watchAllNamespaces=true").contains("in: every namespace"));
        // the examples carry no namespace of their own, so `-n` puts them where the operator looks
        try (var files = java.nio.file.Files.walk(Repo.ROOT.resolve("examples"))) {
            for (Path file :
                    files.filter(p -> p.toString().endsWith(".yaml"))
                            .filter(p -> !p.toString().contains("/sandbox/"))
                            .toList()) {
                for (JsonNode doc : Repo.documents(Repo.read(file))) {
                    assertTrue(
                            doc.at("/metadata/namespace").isMissingNode(),
                            file + " names a namespace");
                }
            }
        }
    }

    /** NOTES.txt as helm prints it after an install (helm template never renders NOTES.txt). */
    private static String notes(String... extra) throws Exception {
        Path copy = java.nio.file.Files.createTempDirectory("chart-notes");
        try (var files = java.nio.file.Files.walk(Repo.CHART)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(Repo.CHART.relativize(source).toString());
                if (java.nio.file.Files.isDirectory(source)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(source, target);
                }
            }
        }
        java.nio.file.Files.writeString(
                copy.resolve("templates/notes-under-test.yaml"),
                "notes: {{ include \"root-access-operator.notes\" . | quote }}\n");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "template",
                                "rao",
                                copy.toString(),
                                "--namespace",
                                NAMESPACE,
                                "--set",
                                "aws.expectedOrganizationId=" + Repo.ORGANIZATION_ID,
                                "--show-only",
                                "templates/notes-under-test.yaml"));
        args.addAll(List.of(extra));
        return Repo.documents(Tools.output(helm, args.toArray(String[]::new)))
                .get(0)
                .path("notes")
                .asText();
    }

    private static Map<String, JsonNode> renderWithout(String... extra) {
        return Charts.renderWithout(helm, extra);
    }

    private static Map<String, JsonNode> render(String... extra) {
        return Charts.render(helm, extra);
    }
}
