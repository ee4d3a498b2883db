package io.rootaccess.operator.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootStateSpec;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredRootStateTest {
    static MemberAccountRootStateSpec spec() {
        var spec = new MemberAccountRootStateSpec();
        spec.mode = Mode.Enforce; // the default is DryRun: this test means Enforce
        spec.accountId = "111122223333";
        spec.rootCredentials = new RootCredentialsSpec();
        spec.rootCredentials.state = RootCredentialsState.Absent;
        return spec;
    }

    @Test
    void defaultsResolve() {
        var v = DesiredRootState.validate(spec(), Duration.ofHours(1));
        assertTrue(v.valid());
        assertEquals(EnumSet.allOf(CredentialType.class), v.desired().credentialTypes());
        assertEquals(Duration.ofHours(1), v.desired().auditInterval());
        assertEquals(Mode.Enforce, v.desired().mode());
        assertTrue(v.desired().enforcing());
    }

    @Test
    void invalidDurationsAreReportedNotThrown() {
        var s = spec();
        s.rootCredentials.protectKeysUsedWithin = "30 days";
        var v = DesiredRootState.validate(s, Duration.ofHours(1));
        assertFalse(v.valid());
        assertTrue(
                v.problem()
                        .startsWith(
                                "spec.rootCredentials.protectKeysUsedWithin: invalid duration '30 days'"),
                v.problem());

        s = spec();
        s.rootCredentials.auditInterval = "soon";
        v = DesiredRootState.validate(s, Duration.ofHours(1));
        assertTrue(
                v.problem()
                        .startsWith("spec.rootCredentials.auditInterval: invalid duration 'soon'"),
                v.problem());

        s = spec();
        s.rootCredentials.auditInterval = "0s";
        assertFalse(DesiredRootState.validate(s, Duration.ofHours(1)).valid());
    }

    @Test
    void badAccountIdAndMissingStateAreInvalid() {
        var s = spec();
        s.accountId = "1234";
        assertTrue(
                DesiredRootState.validate(s, Duration.ofHours(1)).problem().contains("12-digit"));
        s = spec();
        s.rootCredentials.state = null;
        assertTrue(
                DesiredRootState.validate(s, Duration.ofHours(1))
                        .problem()
                        .contains("state is required"));
        assertFalse(DesiredRootState.validate(null, Duration.ofHours(1)).valid());
    }

    @Test
    void specIntervalOverridesTheDefault() {
        var s = spec();
        s.rootCredentials.auditInterval = "1h30m";
        assertEquals(
                Duration.ofMinutes(90),
                DesiredRootState.validate(s, Duration.ofHours(1)).desired().auditInterval());
    }

    @Test
    void hashChangesWithEverythingThatDecidesAPass() {
        var base = DesiredRootState.validate(spec(), Duration.ofHours(1)).desired();
        assertEquals(
                base.hash(null),
                DesiredRootState.validate(spec(), Duration.ofHours(1)).desired().hash(null));

        var dry = spec();
        dry.mode = Mode.DryRun;
        assertNotEquals(
                base.hash(null),
                DesiredRootState.validate(dry, Duration.ofHours(1)).desired().hash(null));

        var typed = spec();
        typed.rootCredentials.credentialTypes = List.of(CredentialType.Password);
        assertNotEquals(
                base.hash(null),
                DesiredRootState.validate(typed, Duration.ofHours(1)).desired().hash(null));

        var suspended = spec();
        suspended.suspend = true;
        assertNotEquals(
                base.hash(null),
                DesiredRootState.validate(suspended, Duration.ofHours(1)).desired().hash(null));

        assertNotEquals(base.hash(null), base.hash("recover@2026-11-22T12:00:00Z"));
    }

    @Test
    void explicitListOfAllTypesEqualsTheEmptyDefault() {
        var all = spec();
        all.rootCredentials.credentialTypes = List.of(CredentialType.values());
        assertEquals(
                DesiredRootState.validate(spec(), Duration.ofHours(1)).desired().hash(null),
                DesiredRootState.validate(all, Duration.ofHours(1)).desired().hash(null));
    }

    @Test
    void aNullCredentialTypeIsAnInvalidSpecNotAThrow() {
        // a cluster without schema validation can store credentialTypes: [null]
        MemberAccountRootStateSpec s = spec();
        s.rootCredentials.credentialTypes = new java.util.ArrayList<>();
        s.rootCredentials.credentialTypes.add(null);
        var v = DesiredRootState.validate(s, Duration.ofHours(1));
        assertFalse(v.valid());
        assertTrue(v.problem().contains("credentialTypes"), v.problem());
        s.rootCredentials.credentialTypes.add(CredentialType.Password);
        assertFalse(
                DesiredRootState.validate(s, Duration.ofHours(1)).valid(),
                "a null beside a real type is not silently dropped");
    }

    @Test
    void removingMfaDevicesButKeepingThePasswordNeedsTheExplicitField() {
        var s = spec();
        s.rootCredentials.credentialTypes = List.of(CredentialType.MfaDevices);
        var v = DesiredRootState.validate(s, Duration.ofHours(1));
        assertFalse(v.valid());
        assertTrue(v.problem().contains("allowMfaRemovalWithPassword"), v.problem());

        s.rootCredentials.allowMfaRemovalWithPassword = true;
        v = DesiredRootState.validate(s, Duration.ofHours(1));
        assertTrue(v.valid());
        assertTrue(v.desired().mfaRemovalWithPassword());

        s.rootCredentials.allowMfaRemovalWithPassword = null;
        s.rootCredentials.credentialTypes =
                List.of(CredentialType.MfaDevices, CredentialType.Password);
        assertTrue(DesiredRootState.validate(s, Duration.ofHours(1)).valid());
    }
}
