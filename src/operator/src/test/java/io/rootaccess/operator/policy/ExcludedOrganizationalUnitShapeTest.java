package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.rootaccess.operator.api.policy.ExcludedOrganizationalUnit;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * spec.exclude.organizationalUnits takes {id: ...} objects (as targets does); a policy stored in
 * the earlier shape, plain strings, is still read, as the same exclusion. Without that, Fabric8's
 * informer fails on the Jackson error ("Couldn't deserialize watch event") and stops: no policy at
 * all would be reconciled.
 */
class ExcludedOrganizationalUnitShapeTest {

    private static RootAccessPolicy read(String exclude) {
        return Serialization.unmarshal(
                """
                {"apiVersion": "rootaccess.io/v1alpha1", "kind": "RootAccessPolicy",
                 "metadata": {"name": "p", "namespace": "ns"},
                 "spec": {"targets": {"all": true}, "exclude": {"organizationalUnits": %s}}}
                """
                        .formatted(exclude),
                RootAccessPolicy.class);
    }

    @Test
    void theObjectShapeIsRead() {
        RootAccessPolicy policy = read("[{\"id\": \"ou-ab12-abcdefgh\"}]");
        assertEquals(
                List.of("ou-ab12-abcdefgh"),
                ExcludedOrganizationalUnit.ids(policy.getSpec().exclude.organizationalUnits));
    }

    @Test
    void theEarlierStringShapeIsReadAsTheSameExclusion() {
        RootAccessPolicy policy = read("[\"ou-ab12-abcdefgh\", {\"id\": \"ou-cd34-abcdefgh\"}]");
        assertEquals(
                List.of("ou-ab12-abcdefgh", "ou-cd34-abcdefgh"),
                ExcludedOrganizationalUnit.ids(policy.getSpec().exclude.organizationalUnits));
    }

    @Test
    void aSerializedPolicyWritesTheObjectShape() {
        RootAccessPolicy policy = read("[\"ou-ab12-abcdefgh\"]");
        assertEquals(
                "[{\"id\":\"ou-ab12-abcdefgh\"}]",
                Serialization.asJson(policy.getSpec().exclude.organizationalUnits));
    }
}
