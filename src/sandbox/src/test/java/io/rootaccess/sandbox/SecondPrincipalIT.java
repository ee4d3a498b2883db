package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The helper the events tests, the demo and `make steady` share: a second principal's recovery is
 * its own AssumeRoot (one event in the management account's queue) and a login profile created in
 * that session.
 */
class SecondPrincipalIT {
    Sandbox sb;
    SandboxOrganization org;
    String prod;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).events(true).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.enableCentralRootAccess();
        prod = org.accountIdByName("prod-app").orElseThrow();
        org.rootUser(prod).setPassword(false);
        sb.events().orElseThrow().purge(); // seeding created accounts: those events are not ours
    }

    @AfterEach
    void stop() {
        sb.close();
    }

    @Test
    void allowsPasswordRecoveryAsItsOwnPrincipal() {
        long before = System.nanoTime();
        long event = new SecondPrincipal(sb, "someone-else").allowPasswordRecovery(prod, 5);

        assertTrue(event >= before && event <= System.nanoTime(), "the time of the AssumeRoot");
        assertTrue(org.rootUser(prod).hasPassword(), "a login profile was created");
        String key = sb.principal("someone-else").accessKeyId();
        assertEquals(1, sb.calls().callsBy(key, "sts:AssumeRoot"), "its own AssumeRoot");
        assertEquals(1, sb.calls().callsBy(key, "iam:CreateLoginProfile"), "in that session");
        assertEquals(1, sb.calls().okCount("iam:CreateLoginProfile", prod));
        assertEquals(0, sb.calls().callsBy(sb.managementCredentials().accessKeyId()));
        assertEquals(1, sb.events().orElseThrow().inQueue(), "one event: the AssumeRoot");
        assertEquals(2, sb.calls().mutatingCount(), "nothing else: the AssumeRoot and the profile");
    }
}
