package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.PrivilegedRootTaskSpec;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.testing.AccountStates;
import io.rootaccess.sandbox.CallLog;
import io.rootaccess.tools.lab.SecretScanner;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chaos run's judge: truth against what the resource asks, and the lost-policy check. */
class ChaosVerdictTest {
    private static final RootTruth NONE = new RootTruth(false, List.of(), List.of(), List.of());
    private static final RootTruth FULL =
            new RootTruth(true, List.of("AKIA1"), List.of("CERT1"), List.of("arn:mfa"));

    @Test
    void absentAccountConvergesOnlyWhenNothingIsLeftAndItSaysCompliant() {
        var state = state("111111111111", RootCredentialsState.Absent, Mode.Enforce, List.of());
        assertNull(judge("111111111111", FULL, NONE, state, AccountPhase.Compliant));
        assertEquals(
                "Absent, but AccessKeys left",
                judge(
                        "111111111111",
                        FULL,
                        new RootTruth(false, List.of("AKIA1"), List.of(), List.of()),
                        state,
                        AccountPhase.Compliant));
        assertTrue(
                judge("111111111111", FULL, NONE, state, AccountPhase.InProgress)
                        .startsWith("phase InProgress"));
    }

    @Test
    void undeclaredTypesAndDryRunAccountsMustBeUntouched() {
        var partial =
                state(
                        "222222222222",
                        RootCredentialsState.Absent,
                        Mode.Enforce,
                        List.of(CredentialType.Password, CredentialType.SigningCertificates));
        RootTruth keptKeysAndMfa =
                new RootTruth(false, List.of("AKIA1"), List.of(), List.of("arn:mfa"));
        assertNull(judge("222222222222", FULL, keptKeysAndMfa, partial, AccountPhase.Compliant));
        assertEquals(
                "Absent, but MfaDevices changed although not declared",
                judge(
                        "222222222222",
                        FULL,
                        new RootTruth(false, List.of("AKIA1"), List.of(), List.of()),
                        partial,
                        AccountPhase.Compliant));
        var dryRun = state("333333333333", RootCredentialsState.Absent, Mode.DryRun, List.of());
        assertNull(judge("333333333333", FULL, FULL, dryRun, AccountPhase.NonCompliant));
        assertTrue(
                judge("333333333333", FULL, NONE, dryRun, AccountPhase.NonCompliant)
                        .contains("changed"));
    }

    @Test
    void aMemberAccountWithoutItsResourceIsNotConverged() {
        var verdicts =
                ChaosVerdict.accounts(
                        Map.of("444444444444", NONE, "999999999999", FULL),
                        Map.of("444444444444", NONE, "999999999999", FULL),
                        List.of(),
                        List.of(),
                        "999999999999",
                        id -> true);
        assertEquals("no MemberAccountRootState", verdicts.get("444444444444").problem());
        assertNull(verdicts.get("999999999999").problem(), "the management account: untouched");
    }

    @Test
    void aRemovedPolicyWithoutAStoredCopyIsLost() {
        var copy =
                new ConfigMapBuilder()
                        .withMetadata(new ObjectMetaBuilder().withName("c").build())
                        .withData(Map.of("policy.json", "{\"a\":1}"))
                        .build();
        assertEquals(
                List.of("queue/q"),
                ChaosVerdict.lostPolicies(
                        Map.of("bucket/b", "{\"a\":1}", "queue/q", "{\"b\":2}"), List.of(copy)));
    }

    private static CallLog.Destruction destroyed(String account, String what, String doc) {
        return new CallLog.Destruction("op", account, "app/replica-a", what, doc);
    }

    @Test
    void aDestructionTheDesiredStateDidNotAskForIsADuplicate() {
        var passwordOnly =
                state(
                        "111111111111",
                        RootCredentialsState.Absent,
                        Mode.Enforce,
                        List.of(CredentialType.Password));
        var all = state("222222222222", RootCredentialsState.Absent, Mode.Enforce, List.of());
        var dryRun = state("333333333333", RootCredentialsState.Absent, Mode.DryRun, List.of());
        var recovery =
                state(
                        "444444444444",
                        RootCredentialsState.RecoveryAllowed,
                        Mode.Enforce,
                        List.of());
        var states = List.of(passwordOnly, all, dryRun, recovery);
        PrivilegedRootTask unlock = new PrivilegedRootTask();
        unlock.setSpec(new PrivilegedRootTaskSpec());
        unlock.getSpec().accountId = "555555555555";
        unlock.getSpec().type = TaskType.UnlockS3BucketPolicy;
        unlock.getSpec().bucketName = "locked";
        var tasks = List.of(unlock);

        // what was asked: nothing to report
        assertEquals(
                List.of(),
                ChaosVerdict.unwantedDestructions(
                        List.of(
                                destroyed("111111111111", "password", null),
                                destroyed("222222222222", "access-key:AKIA1", null),
                                destroyed("222222222222", "mfa:arn:mfa", null),
                                destroyed("555555555555", "bucket-policy:locked", "{}")),
                        states,
                        tasks));
        // each rule on its own
        assertEquals(
                List.of("op of access-key:AKIA1 in 111111111111: AccessKeys is not declared"),
                ChaosVerdict.unwantedDestructions(
                        List.of(destroyed("111111111111", "access-key:AKIA1", null)),
                        states,
                        tasks));
        assertEquals(
                List.of("op of password in 333333333333: the account is DryRun or suspended"),
                ChaosVerdict.unwantedDestructions(
                        List.of(destroyed("333333333333", "password", null)), states, tasks));
        assertEquals(
                List.of(
                        "op of certificate:C1 in 444444444444: the account asks RecoveryAllowed,"
                                + " which removes nothing"),
                ChaosVerdict.unwantedDestructions(
                        List.of(destroyed("444444444444", "certificate:C1", null)), states, tasks));
        assertEquals(
                List.of(
                        "op of password in 666666666666: no MemberAccountRootState manages the"
                                + " account"),
                ChaosVerdict.unwantedDestructions(
                        List.of(destroyed("666666666666", "password", null)), states, tasks));
        assertEquals(
                List.of("op of queue-policy:q in 555555555555: no Unlock task names it"),
                ChaosVerdict.unwantedDestructions(
                        List.of(destroyed("555555555555", "queue-policy:q", "{}")), states, tasks));
    }

    @Test
    void everyUnlockedDocumentNeedsItsStoredCopy() {
        var copy =
                new ConfigMapBuilder()
                        .withMetadata(new ObjectMetaBuilder().withName("c").build())
                        .withData(Map.of("policy.json", "{\"a\":1}"))
                        .build();
        // a document that was put back mid run and removed again is checked too
        assertEquals(
                List.of("bucket-policy:b in 555555555555 (#2)"),
                ChaosVerdict.unlockedDocumentsLost(
                        List.of(
                                destroyed("555555555555", "bucket-policy:b", "{\"a\":1}"),
                                destroyed("555555555555", "bucket-policy:b", "{\"a\":2}"),
                                destroyed("555555555555", "password", null)),
                        List.of(copy)));
    }

    @Test
    void secretScannerFindsSecretsInsideLongTokensAndNothingElse() {
        String secret = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123+/";
        String token = "IQoJb3JpZ2luX2VjE" + "x".repeat(280);
        SecretScanner scanner = new SecretScanner(List.of(secret, token));
        assertEquals(Set.of(), scanner.find("nothing here " + secret.substring(1)));
        assertEquals(Set.of(secret), scanner.find("key=\"" + secret + "\" and more"));
        assertEquals(Set.of(secret, token), scanner.find("X" + secret + "Y" + token + "Z"));
    }

    private static String judge(
            String id,
            RootTruth before,
            RootTruth after,
            MemberAccountRootState state,
            AccountPhase phase) {
        state.getStatus().phase = phase;
        return ChaosVerdict.accounts(
                        Map.of(id, before),
                        Map.of(id, after),
                        List.of(state),
                        List.of(),
                        "999999999999",
                        x -> true)
                .get(id)
                .problem();
    }

    private static MemberAccountRootState state(
            String id, RootCredentialsState s, Mode mode, List<CredentialType> types) {
        var r =
                AccountStates.accountState(id)
                        .state(s)
                        .mode(mode)
                        .credentialTypes(new java.util.ArrayList<>(types))
                        .build();
        r.setStatus(new MemberAccountRootStateStatus());
        return r;
    }

    @Test
    void aFaultClassThatNeverFiredFailsTheRun() {
        Set<String> injected = Set.of("5xx", "5xx-after", "status-write", "timeout-after");
        assertEquals(
                List.of("status-write", "timeout-after"),
                ChaosVerdict.faultsNeverFired(
                        injected, Map.of("5xx", 3L, "5xx-after", 1L, "timeout-after", 0L)));
        assertEquals(
                List.of(),
                ChaosVerdict.faultsNeverFired(
                        injected,
                        Map.of(
                                "5xx",
                                3L,
                                "5xx-after",
                                1L,
                                "timeout-after",
                                2L,
                                "status-write",
                                9L)));
        ChaosRun.Result missing =
                new ChaosRun.Result(
                        5,
                        5,
                        0,
                        0,
                        0,
                        1,
                        0,
                        1,
                        0,
                        Map.of("5xx", 3L),
                        List.of("timeout-after"),
                        1,
                        null);
        assertTrue(!missing.passed(), missing.line());
        assertTrue(missing.line().contains("never fired: [timeout-after]"), missing.line());
        ChaosRun.Result resumedLeaderActed =
                new ChaosRun.Result(
                        5, 5, 0, 0, 0, 1, 0, 1, 2, Map.of("5xx", 3L), List.of(), 1, null);
        assertTrue(!resumedLeaderActed.passed(), resumedLeaderActed.line());
        ChaosRun.Result clean =
                new ChaosRun.Result(
                        5, 5, 0, 0, 0, 1, 0, 1, 0, Map.of("5xx", 3L), List.of(), 1, null);
        assertTrue(clean.passed(), clean.line());
    }

    @Test
    void theSettingsNameEveryInjectedFaultClassAndThePlanHasTheFreezes() {
        ChaosSettings settings = ChaosSettings.fromEnvironment(Map.of("CHAOS_ACCOUNTS", "10"));
        assertEquals(
                Set.of("throttle", "5xx", "timeout", "5xx-after", "timeout-after", "status-write"),
                settings.injectedFaultClasses());
        ChaosSettings quiet =
                ChaosSettings.fromEnvironment(
                        Map.of(
                                "CHAOS_ACCOUNTS", "10",
                                "CHAOS_STATUS_FAULTS", "0",
                                "SANDBOX_TIMEOUTS_AFTER", "0%"));
        assertTrue(!quiet.injectedFaultClasses().contains("status-write"));
        assertTrue(!quiet.injectedFaultClasses().contains("timeout-after"));
        var plan = ChaosRun.plan(13, 3, 1, 1);
        assertEquals(5, plan.size());
        assertEquals(1, plan.stream().filter(d -> d.kind() == ChaosRun.Kind.FREEZE).count());
        assertEquals(1, plan.stream().filter(d -> d.kind() == ChaosRun.Kind.FAILOVER).count());
    }
}
