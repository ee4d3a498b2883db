package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.AccountStates.accountState;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.7: two hand-written MemberAccountRootStates for one account (one Absent, one
 * RecoveryAllowed) act on neither: both Stalled with Conflict naming the other, no credential call;
 * deleting one lets the other act.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class DuplicateAccountStatesIT {
    static final String NS = "duplicate-accounts";

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    private MemberAccountRootState create(String name, String account, RootCredentialsState state) {
        return client.resource(
                        accountState(account)
                                .named(name)
                                .inNamespace(NS)
                                .state(state)
                                .enforce()
                                .build())
                .create();
    }

    private Condition awaitConflict(String name) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            var m =
                                    client.resources(MemberAccountRootState.class)
                                            .inNamespace(NS)
                                            .withName(name)
                                            .get();
                            return m == null || m.getStatus() == null
                                    ? null
                                    : m.getStatus().conditions.stream()
                                            .filter(
                                                    c ->
                                                            "Stalled".equals(c.getType())
                                                                    && "True".equals(c.getStatus())
                                                                    && DuplicateAccountStates.REASON
                                                                            .equals(c.getReason()))
                                            .findFirst()
                                            .orElse(null);
                        },
                        c -> c != null);
    }

    @Test
    void twoHandWrittenStatesForOneAccountActOnNeither() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        String account =
                org.createAccount(
                        "dup-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
        org.rootUser(account).setPassword(true);

        create("absent", account, RootCredentialsState.Absent);
        create("recovery", account, RootCredentialsState.RecoveryAllowed);
        Condition a = awaitConflict("absent");
        Condition b = awaitConflict("recovery");
        assertTrue(a.getMessage().contains(NS + "/recovery"), a.getMessage());
        assertTrue(b.getMessage().contains(NS + "/absent"), b.getMessage());
        // neither acts: no root session is opened in the account (every path that reads or
        // deletes its credentials starts with sts:AssumeRoot targeting it), nothing changes there,
        // and the password stays, over two more recheck-free seconds of both reconcilers running
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () ->
                                assumeRootsInto(account) == 0
                                        && mutatingCallsIn(account) == 0
                                        && org.rootUser(account).hasPassword());

        client.resources(MemberAccountRootState.class)
                .inNamespace(NS)
                .withName("recovery")
                .delete();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            var m =
                                    client.resources(MemberAccountRootState.class)
                                            .inNamespace(NS)
                                            .withName("absent")
                                            .get();
                            return m.getStatus() != null
                                    && m.getStatus().phase == AccountPhase.Compliant;
                        });
        assertFalse(org.rootUser(account).hasPassword(), "the remaining one acts");
        // and the calls counted above are the ones the delete path makes
        assertTrue(assumeRootsInto(account) > 0, "the delete opened no root session");
        assertEquals(1, sandbox().calls().okCount("iam:DeleteLoginProfile", account));
    }

    private static long assumeRootsInto(String account) {
        return sandbox().calls().assumeRootCountByAccount().getOrDefault(account, 0L);
    }

    /** State-changing calls in the account (AssumeRoot into it included). */
    private static long mutatingCallsIn(String account) {
        return sandbox().calls().mutatingCountByAccount().getOrDefault(account, 0L);
    }
}
