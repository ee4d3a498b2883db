package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.aws.AccountInfo;
import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example policies read as the operator reads them (no unknown or misspelt field) and, on the
 * shape of the demo organization, select what their comments promise.
 */
class ExamplePoliciesTest {
    static final Path DIR = Path.of("examples/policies");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String MGMT = "999900000000",
            BREAK_GLASS = "999900000001",
            PAYMENTS = "999900000002",
            AUDIT = "999900000003",
            WORKLOAD = "999900000010",
            SANDBOX = "999900000020",
            NESTED_SANDBOX = "999900000021";

    static OrganizationSnapshot demoShape() {
        Map<String, AccountInfo> accounts = new LinkedHashMap<>();
        Map<String, String> parents = new HashMap<>();
        parents.put("ou-demo-workloads", "r-demo");
        parents.put("ou-demo-sandboxes", "r-demo");
        parents.put("ou-demo-breakglass", "r-demo");
        parents.put("ou-demo-sandboxdev", "ou-demo-sandboxes");
        Map.of(
                        MGMT,
                        "r-demo",
                        BREAK_GLASS,
                        "ou-demo-breakglass",
                        PAYMENTS,
                        "ou-demo-workloads",
                        AUDIT,
                        "ou-demo-workloads",
                        WORKLOAD,
                        "ou-demo-workloads",
                        SANDBOX,
                        "ou-demo-sandboxes",
                        NESTED_SANDBOX,
                        "ou-demo-sandboxdev")
                .forEach(
                        (id, parent) -> {
                            accounts.put(
                                    id,
                                    new AccountInfo(id, "a" + id, id + "@example.com", "ACTIVE"));
                            parents.put(id, parent);
                        });
        return new OrganizationSnapshot(
                new OrganizationInfo("o-demo", MGMT, "ALL"),
                "r-demo",
                accounts,
                parents,
                Set.of(
                        "ou-demo-workloads",
                        "ou-demo-sandboxes",
                        "ou-demo-breakglass",
                        "ou-demo-sandboxdev"),
                Map.of(BREAK_GLASS, Map.of("purpose", "break-glass")),
                Instant.EPOCH);
    }

    static Map<String, RootAccessPolicy> examples() throws IOException {
        Map<String, RootAccessPolicy> byName = new LinkedHashMap<>();
        try (var files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode written = YAML.readTree(file.toFile());
                RootAccessPolicy policy = YAML.treeToValue(written, RootAccessPolicy.class);
                // every field written survives the round trip: a misspelt field would be dropped
                // silently
                JsonNode read = YAML.valueToTree(policy.getSpec());
                assertEquals(
                        withoutDefaults(written.get("spec")),
                        withoutDefaults(read),
                        file + " has fields the CRD lacks");
                // no namespace of its own: `kubectl apply -n` puts it where the operator looks
                assertEquals(null, policy.getMetadata().getNamespace(), file.toString());
                byName.put(policy.getMetadata().getName(), policy);
            }
        }
        return byName;
    }

    /** Fields the Java classes fill with their default when absent. */
    static JsonNode withoutDefaults(JsonNode spec) {
        var copy = spec.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("mode", "priority"));
        if (copy.has("rollout")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("rollout")).remove("paused");
        }
        copy.findParents("id")
                .forEach(
                        ou ->
                                ((com.fasterxml.jackson.databind.node.ObjectNode) ou)
                                        .remove("includeDescendants"));
        return copy;
    }

    static Conflicts.Claim claim(RootAccessPolicy p, OrganizationSnapshot org) {
        var selection = Targeting.select(p.getSpec().targets, p.getSpec().exclude, org);
        return new Conflicts.Claim(
                "root-access/" + p.getMetadata().getName(),
                p.getSpec().priority,
                DesiredState.of(p.getSpec()),
                Set.copyOf(selection.selected()));
    }

    @Test
    void theExamplesSelectWhatTheySayOnTheDemoOrganization() throws IOException {
        Map<String, RootAccessPolicy> examples = examples();
        assertEquals(
                Set.of("organization-wide", "sandbox-dryrun", "break-glass-recovery"),
                examples.keySet());
        OrganizationSnapshot org = demoShape();

        RootAccessPolicy wide = examples.get("organization-wide");
        assertNull(
                wide.getSpec().rootCredentials.protectKeysUsedWithin,
                "the demo organization has recently used keys: with the protection the policy would never be Ready");
        assertEquals(
                200,
                wide.getSpec().rollout.maxInFlight,
                "enough in flight to keep the AssumeRoot budget busy (docs/benchmark.md)");
        var wideSelection = Targeting.select(wide.getSpec().targets, wide.getSpec().exclude, org);
        assertEquals(List.of(BREAK_GLASS, PAYMENTS, WORKLOAD), wideSelection.selected());
        Map<String, String> reasons =
                wideSelection.excluded().stream()
                        .collect(Collectors.toMap(a -> a.accountId, a -> a.reason));
        assertEquals(
                Map.of(
                        MGMT,
                        Targeting.REASON_MANAGEMENT_ACCOUNT,
                        AUDIT,
                        Targeting.REASON_EXCLUDED,
                        SANDBOX,
                        Targeting.REASON_EXCLUDED_OU,
                        NESTED_SANDBOX,
                        Targeting.REASON_EXCLUDED_OU),
                reasons);
        assertTrue(wideSelection.unknownTargets().isEmpty());

        RootAccessPolicy dryRun = examples.get("sandbox-dryrun");
        assertEquals(Mode.DryRun, dryRun.getSpec().mode);
        assertEquals(
                List.of(SANDBOX, NESTED_SANDBOX),
                Targeting.select(dryRun.getSpec().targets, dryRun.getSpec().exclude, org)
                        .selected());

        RootAccessPolicy breakGlass = examples.get("break-glass-recovery");
        assertEquals(
                RootCredentialsState.RecoveryAllowed, breakGlass.getSpec().rootCredentials.state);
        assertEquals(
                List.of(BREAK_GLASS),
                Targeting.select(breakGlass.getSpec().targets, breakGlass.getSpec().exclude, org)
                        .selected());

        // the break-glass account: organization-wide yields it, break-glass-recovery owns it; no
        // conflict anywhere
        List<Conflicts.Claim> claims = examples.values().stream().map(p -> claim(p, org)).toList();
        for (Conflicts.Claim self : claims) {
            var others = claims.stream().filter(c -> c != self).toList();
            Conflicts.resolve(self, others)
                    .forEach(
                            (account, decision) -> {
                                assertTrue(
                                        decision.outcome() != Conflicts.Outcome.TIE,
                                        self.key() + " ties on " + account);
                                boolean yields =
                                        self.key().endsWith("/organization-wide")
                                                && account.equals(BREAK_GLASS);
                                assertEquals(
                                        yields ? Conflicts.Outcome.YIELD : Conflicts.Outcome.OWN,
                                        decision.outcome(),
                                        self.key() + " on " + account);
                            });
        }
    }
}
