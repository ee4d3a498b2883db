package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.TargetsSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator-side spec check accepts every shipped example and names the field of a bad one. */
class PolicySpecCheckTest {

    @Test
    void everyExamplePolicyPasses() throws Exception {
        var examples = ExamplePoliciesTest.examples();
        assertTrue(examples.size() >= 3);
        examples.forEach(
                (name, p) ->
                        assertEquals(Optional.empty(), PolicySpecCheck.problem(p.getSpec()), name));
    }

    @Test
    void rootIdsAndOrganizationalUnitIdsAreAcceptedOthersNamed() {
        RootAccessPolicySpec spec = new RootAccessPolicySpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.targets = new TargetsSpec();
        spec.targets.organizationalUnits =
                List.of(
                        new io.rootaccess.operator.api.policy.OrganizationalUnitTarget(
                                "r-ab12", true),
                        new io.rootaccess.operator.api.policy.OrganizationalUnitTarget(
                                "ou-ab12-abcd1234", true));
        assertEquals(Optional.empty(), PolicySpecCheck.problem(spec));
        spec.targets.accountIds = List.of("12345678901");
        assertTrue(PolicySpecCheck.problem(spec).orElseThrow().contains("spec.targets.accountIds"));
    }
}
