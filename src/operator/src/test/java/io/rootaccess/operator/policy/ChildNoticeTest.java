package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import org.junit.jupiter.api.Test;

/** The policy's spec.rollout.notice reaches each child, and a change of it updates the child. */
class ChildNoticeTest {
    static RootAccessPolicy policy(String notice) {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(
                new ObjectMetaBuilder().withName("p").withNamespace("ns").withUid("u").build());
        RootAccessPolicySpec spec = new RootAccessPolicySpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        if (notice != null) {
            spec.rollout = new RolloutSpec();
            spec.rollout.notice = notice;
        }
        p.setSpec(spec);
        return p;
    }

    @Test
    void theNoticeTravelsToTheChildAndAChangeIsAnUpdate() {
        RootAccessPolicy week = policy("7d");
        var desired = DesiredState.of(week.getSpec());
        var child = Children.desired(week, "111111111111", desired, true);
        assertEquals("7d", child.getSpec().notice);
        assertNull(Children.desired(policy(null), "111111111111", desired, true).getSpec().notice);
        var day = Children.desired(policy("1d"), "111111111111", desired, true);
        assertTrue(Children.differs(child, day));
    }
}
