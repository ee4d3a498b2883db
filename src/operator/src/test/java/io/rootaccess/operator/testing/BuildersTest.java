package io.rootaccess.operator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.task.TaskType;
import org.junit.jupiter.api.Test;

/** The shared builders start from the product's defaults: nothing changes AWS unless asked. */
class BuildersTest {
    @Test
    void aPolicyIsDryRunSelectingNothingUntilTheTestSaysOtherwise() {
        var bare = Policies.policy("p").build();
        assertEquals("p", bare.getMetadata().getName());
        assertEquals(Mode.DryRun, bare.getSpec().mode);
        assertNull(bare.getSpec().rootCredentials, "switches only");
        assertTrue(bare.getSpec().targets.organizationalUnits.isEmpty());
        assertTrue(bare.getSpec().targets.accountIds.isEmpty());

        var meant =
                Policies.policy("p")
                        .inNamespace("ns")
                        .absent()
                        .enforce()
                        .targetingOu("ou-abcd-12345678")
                        .excludingAccounts("111122223333")
                        .maxInFlight(3)
                        .build();
        assertEquals("ns", meant.getMetadata().getNamespace());
        assertEquals(Mode.Enforce, meant.getSpec().mode);
        assertEquals(RootCredentialsState.Absent, meant.getSpec().rootCredentials.state);
        assertEquals("ou-abcd-12345678", meant.getSpec().targets.organizationalUnits.get(0).id);
        assertTrue(meant.getSpec().targets.organizationalUnits.get(0).includeDescendants);
        assertEquals(java.util.List.of("111122223333"), meant.getSpec().exclude.accountIds);
        assertEquals(3, meant.getSpec().rollout.maxInFlight);
        assertEquals(Mode.Enforce, Policies.enforcing("e", null, s -> {}).getSpec().mode);
    }

    @Test
    void anAccountStateIsAbsentInDryRunNamedAfterItsAccount() {
        var bare = AccountStates.accountState("111122223333").build();
        assertEquals("account-111122223333", bare.getMetadata().getName());
        assertEquals("111122223333", bare.getSpec().accountId);
        assertEquals(RootCredentialsState.Absent, bare.getSpec().rootCredentials.state);
        assertEquals(Mode.DryRun, bare.getSpec().mode);
        assertEquals(
                Mode.Enforce,
                AccountStates.accountState("111122223333").enforce().build().getSpec().mode);
    }

    @Test
    void aTaskGetsAValidTargetForItsType() {
        for (TaskType type : TaskType.values()) {
            var t = Tasks.task("111122223333", type).inNamespace("ns").build();
            assertEquals(type, t.getSpec().type);
            assertEquals("ns", t.getMetadata().getNamespace());
            String target =
                    switch (type) {
                        case UnlockS3BucketPolicy -> t.getSpec().bucketName;
                        case UnlockSqsQueuePolicy -> t.getSpec().queue;
                        case AllowPasswordRecovery -> t.getSpec().duration;
                    };
            assertEquals(Tasks.anyTarget(type), target);
        }
        assertEquals(
                "b",
                Tasks.task("1", TaskType.UnlockS3BucketPolicy)
                        .target("b")
                        .build()
                        .getSpec()
                        .bucketName);
    }
}
