package io.rootaccess.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.account.MemberAccountRootStateStatus;
import io.rootaccess.operator.testing.AccountStates;
import io.rootaccess.tools.lab.ClusterProgress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoEventDriftTest {
    private static final String SCRAPE =
            """
            # TYPE rootaccess_events_received_total counter
            rootaccess_events_received_total 7.0
            rootaccess_events_total{kind="recovery_allowed",outcome="handled"} 1.0
            rootaccess_events_total{kind="switch_changed",outcome="handled"} 3.0
            rootaccess_events_total{kind="own_session",outcome="ignored"} 2.0
            rootaccess_events_total{kind="recovery_allowed",outcome="failed"} 4.0
            """;

    @Test
    void readsTheOperatorsEventCounters() {
        assertEquals(7, DemoEventDrift.received(SCRAPE));
        assertEquals(4, DemoEventDrift.handled(SCRAPE, null));
        assertEquals(1, DemoEventDrift.handled(SCRAPE, "recovery_allowed"));
        assertEquals(0, DemoEventDrift.handled("", "recovery_allowed"));
    }

    @Test
    void driftsTheFirstGeneratedCompliantAccountThatAnEnforcedAbsentStateCovers() {
        List<MemberAccountRootState> accounts =
                List.of(
                        account("100000000009", AccountPhase.Compliant, Mode.Enforce, null),
                        // named by the examples: left alone
                        account(
                                DemoOrganization.LOCKED_ACCOUNT,
                                AccountPhase.Compliant,
                                Mode.Enforce,
                                null),
                        // DryRun would not repair it
                        account("100000000001", AccountPhase.Compliant, Mode.DryRun, null),
                        // not compliant yet
                        account("100000000002", AccountPhase.NonCompliant, Mode.Enforce, null),
                        // the password is not among the declared types
                        account(
                                "100000000003",
                                AccountPhase.Compliant,
                                Mode.Enforce,
                                CredentialType.AccessKeys),
                        account(
                                "100000000005",
                                AccountPhase.Compliant,
                                Mode.Enforce,
                                CredentialType.Password));
        assertEquals(
                Optional.of("100000000005"),
                DemoEventDrift.target(new ClusterProgress(List.of(), accounts, List.of())));
        assertEquals(
                Optional.empty(),
                DemoEventDrift.target(
                        new ClusterProgress(List.of(), accounts.subList(1, 4), List.of())));
    }

    private static MemberAccountRootState account(
            String id, AccountPhase phase, Mode mode, CredentialType only) {
        var spec = AccountStates.accountState(id).named("acct-" + id).mode(mode);
        if (only != null) {
            spec.credentialTypes(List.of(only));
        }
        MemberAccountRootState a = spec.build();
        MemberAccountRootStateStatus status = new MemberAccountRootStateStatus();
        status.phase = phase;
        a.setStatus(status);
        return a;
    }
}
