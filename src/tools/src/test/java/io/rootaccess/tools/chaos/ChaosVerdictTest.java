package io.rootaccess.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
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
        var r = new MemberAccountRootState();
        r.setMetadata(new ObjectMetaBuilder().withName("account-" + id).build());
        var spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = id;
        spec.mode = mode;
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = s;
        spec.rootCredentials.credentialTypes = new java.util.ArrayList<>(types);
        r.setSpec(spec);
        r.setStatus(new MemberAccountRootStateStatus());
        return r;
    }
}
