package io.rootaccess.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsSpec;
import io.rootaccess.operator.api.RootCredentialsState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConflictsTest {
    static final DesiredState ABSENT = state(RootCredentialsState.Absent, Mode.Enforce);
    static final DesiredState RECOVERY = state(RootCredentialsState.RecoveryAllowed, Mode.Enforce);

    static DesiredState state(RootCredentialsState s, Mode mode) {
        RootCredentialsSpec spec = new RootCredentialsSpec();
        spec.state = s;
        return DesiredState.of(spec, mode);
    }

    static Conflicts.Claim claim(String key, int priority, DesiredState d, String... accounts) {
        return new Conflicts.Claim(key, priority, d, Set.of(accounts));
    }

    @Test
    void aloneOwnsEverything() {
        var d =
                Conflicts.resolve(
                        claim("ns/a", 0, ABSENT, "1", "2"),
                        List.of(claim("ns/b", 5, RECOVERY, "3")));
        assertEquals(Conflicts.Outcome.OWN, d.get("1").outcome());
        assertEquals(Conflicts.Outcome.OWN, d.get("2").outcome());
    }

    @Test
    void equalPriorityDifferentStateTiesOnBothSides() {
        var a = claim("ns/a", 0, ABSENT, "1", "2");
        var b = claim("ns/b", 0, RECOVERY, "2");
        Map<String, Conflicts.Decision> forA = Conflicts.resolve(a, List.of(b));
        Map<String, Conflicts.Decision> forB = Conflicts.resolve(b, List.of(a));
        assertEquals(Conflicts.Outcome.OWN, forA.get("1").outcome());
        assertEquals(Conflicts.Outcome.TIE, forA.get("2").outcome());
        assertEquals("ns/b", forA.get("2").others().get(0).key());
        assertEquals(Conflicts.Outcome.TIE, forB.get("2").outcome());
        assertEquals("ns/a", forB.get("2").others().get(0).key());
    }

    @Test
    void higherPriorityWinsOnBothSides() {
        var a = claim("ns/a", 10, ABSENT, "2");
        var b = claim("ns/b", 0, RECOVERY, "2");
        assertEquals(Conflicts.Outcome.OWN, Conflicts.resolve(a, List.of(b)).get("2").outcome());
        var forB = Conflicts.resolve(b, List.of(a)).get("2");
        assertEquals(Conflicts.Outcome.YIELD, forB.outcome());
        assertEquals("ns/a", forB.others().get(0).key());
    }

    @Test
    void modeIsPartOfTheDesiredState() {
        var a = claim("ns/a", 0, ABSENT, "2");
        var b = claim("ns/b", 0, state(RootCredentialsState.Absent, Mode.DryRun), "2");
        assertEquals(Conflicts.Outcome.TIE, Conflicts.resolve(a, List.of(b)).get("2").outcome());
    }

    @Test
    void sameStateAtEqualPriorityIsSharedWithExactlyOneActor() {
        var a = claim("ns/a", 0, ABSENT, "2");
        var b = claim("ns/b", 0, state(RootCredentialsState.Absent, Mode.Enforce), "2");
        assertEquals(Conflicts.Outcome.OWN, Conflicts.resolve(a, List.of(b)).get("2").outcome());
        var forB = Conflicts.resolve(b, List.of(a)).get("2");
        assertEquals(Conflicts.Outcome.SHARED, forB.outcome());
        assertEquals("ns/a", forB.others().get(0).key());
    }

    @Test
    void aTieAtTheTopStillOverridesLowerPolicies() {
        var low = claim("ns/low", 0, ABSENT, "2");
        var top1 = claim("ns/t1", 5, ABSENT, "2");
        var top2 = claim("ns/t2", 5, RECOVERY, "2");
        assertEquals(
                Conflicts.Outcome.YIELD,
                Conflicts.resolve(low, List.of(top1, top2)).get("2").outcome());
        assertEquals(
                Conflicts.Outcome.TIE,
                Conflicts.resolve(top1, List.of(low, top2)).get("2").outcome());
    }
}
