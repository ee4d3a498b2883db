package io.rootaccess.operator.account;

import static io.rootaccess.operator.testing.AccountStates.accountState;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.ActionRecord;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxAccounts;
import io.rootaccess.operator.testing.SandboxFixture;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.6: every destructive call in account remediation is preceded by a read in the same root
 * session. A credential removed after the audit planned its deletion (by a person, or before an
 * operator restart) is not deleted again: the sandbox sees no DeleteLoginProfile at all, so it
 * never answers NoSuchEntity.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class ReadBeforeDeleteIT {
    @Inject KubernetesClient client;

    SandboxFixture fixture;

    @BeforeEach
    void setUp() {
        SandboxAccounts.centralizedRootAccessOn(sandbox().organization());
        fixture = SandboxFixture.create(client, "read-before-delete", 1);
    }

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        fixture.close();
    }

    @Test
    void aCredentialGoneBetweenAuditAndDeleteIsNotDeletedAgain() {
        String account = fixture.account(0);
        SandboxRootUser root = fixture.org().rootUser(account);
        root.setPassword(true);
        String key = root.addAccessKey(Instant.now().minus(Duration.ofDays(300)));
        // the audit's detail read is slow: a window between the audit (plan: delete the password
        // and the key)
        // and the deletes, in which the password goes away by other hands
        sandbox().faults().latency("iam:GetAccessKeyLastUsed", Duration.ofSeconds(2));

        MemberAccountRootState m = fixture.create(accountState(account).enforce().build());

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> sandbox().calls().count("iam:ListAccessKeys", account) >= 1);
        root.setPassword(false);

        MemberAccountRootState done =
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(
                                () ->
                                        client.resources(MemberAccountRootState.class)
                                                .inNamespace(fixture.namespace())
                                                .withName(m.getMetadata().getName())
                                                .get(),
                                a ->
                                        a.getStatus() != null
                                                && a.getStatus().phase == AccountPhase.Compliant);
        assertFalse(root.accessKeyIds().contains(key), "the key that was still there is deleted");
        assertEquals(1, sandbox().calls().count("iam:DeleteAccessKey", account));
        assertEquals(
                0,
                sandbox().calls().count("iam:DeleteLoginProfile", account),
                "the password, gone since the audit, is not deleted again");
        assertTrue(
                sandbox().calls().count("iam:GetLoginProfile", account) >= 1,
                "read right before the delete");
        ActionRecord passwordAction =
                done.getStatus().lastActions.stream()
                        .filter(a -> "iam:DeleteLoginProfile".equals(a.action))
                        .findFirst()
                        .orElseThrow();
        assertEquals(Remediator.ALREADY_GONE, passwordAction.result);
    }
}
