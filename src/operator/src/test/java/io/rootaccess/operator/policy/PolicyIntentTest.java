package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.policy.RolloutSpec;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.policy.RootAccessPolicySpec;
import io.rootaccess.operator.api.policy.RootAccessPolicyStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy side of the generation fence a child asks before each mutating call. */
class PolicyIntentTest {
    static RootAccessPolicy policy(long generation, Long childrenGeneration, Mode mode) {
        RootAccessPolicy p = new RootAccessPolicy();
        p.setMetadata(
                new ObjectMetaBuilder()
                        .withName("p")
                        .withNamespace("ns")
                        .withUid("uid-p")
                        .withGeneration(generation)
                        .build());
        p.setSpec(new RootAccessPolicySpec());
        p.getSpec().mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        p.getSpec().mode = mode;
        p.getSpec().rootCredentials = new RootCredentialsSpec();
        p.getSpec().rootCredentials.state = RootCredentialsState.Absent;
        p.getSpec().rootCredentials.credentialTypes = List.of(CredentialType.Password);
        p.setStatus(new RootAccessPolicyStatus());
        p.getStatus().childrenGeneration = childrenGeneration;
        return p;
    }

    /** The child the policy writes for it, released. */
    static MemberAccountRootStateSpec released(RootAccessPolicy p) {
        MemberAccountRootState child =
                Children.desired(p, "111122223333", DesiredState.of(p.getSpec()), false);
        return child.getSpec();
    }

    @Test
    void aReleasedChildOfTheCurrentGenerationMayAct() {
        RootAccessPolicy p = policy(3, 3L, Mode.Enforce);
        assertEquals(Optional.empty(), PolicyIntent.refusal(p, released(p)));
        assertTrue(
                PolicyIntent.governs(
                        Children.desired(p, "111122223333", DesiredState.of(p.getSpec()), false)));
    }

    @Test
    void anEditClosesTheFenceUntilTheChildrenCarryIt() {
        RootAccessPolicy before = policy(3, 3L, Mode.Enforce);
        MemberAccountRootStateSpec actingOn = released(before);
        // the user switched to DryRun: generation 4 accepted, the children not rewritten yet
        RootAccessPolicy edited = policy(4, 3L, Mode.DryRun);
        assertTrue(
                PolicyIntent.refusal(edited, actingOn).orElseThrow().contains("generation 4"),
                () -> PolicyIntent.refusal(edited, actingOn).toString());
        // rewritten: a pass still holding the Enforce spec is refused all the same
        RootAccessPolicy rewritten = policy(4, 4L, Mode.DryRun);
        assertTrue(PolicyIntent.refusal(rewritten, actingOn).isPresent());
    }

    @Test
    void heldSuspendedDryRunOrAnotherDesiredStateOrNoticeIsRefused() {
        RootAccessPolicy p = policy(2, 2L, Mode.Enforce);
        assertTrue(PolicyIntent.refusal(policy(2, null, Mode.Enforce), released(p)).isPresent());
        assertTrue(PolicyIntent.refusal(null, released(p)).isPresent());

        MemberAccountRootStateSpec suspended = released(p);
        suspended.suspend = true;
        assertTrue(PolicyIntent.refusal(p, suspended).isPresent());

        RootAccessPolicy dryRun = policy(2, 2L, Mode.DryRun);
        assertTrue(PolicyIntent.refusal(dryRun, released(dryRun)).isPresent());

        RootAccessPolicy more = policy(2, 2L, Mode.Enforce);
        more.getSpec().rootCredentials.credentialTypes =
                List.of(CredentialType.Password, CredentialType.AccessKeys);
        assertTrue(PolicyIntent.refusal(more, released(p)).isPresent());

        RootAccessPolicy noticed = policy(2, 2L, Mode.Enforce);
        noticed.getSpec().rollout = new RolloutSpec();
        noticed.getSpec().rollout.notice = "7d";
        assertTrue(PolicyIntent.refusal(noticed, released(p)).isPresent());
        assertEquals(Optional.empty(), PolicyIntent.refusal(noticed, released(noticed)));
    }
}
