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
import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.status.ConditionTypes;
import io.rootaccess.operator.status.Conditions;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.SandboxFaults;
import io.rootaccess.sandbox.SandboxOrganization;
import io.rootaccess.sandbox.SandboxRootUser;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Never a password without MFA. The sandbox's hook checks the invariant at the moment each
 * DeactivateMFADevice arrives: the root user has no password then (unless the spec explicitly
 * accepts it).
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class PasswordBeforeMfaIT {
    static final String NS = "password-before-mfa";

    @Inject KubernetesClient client;

    @AfterEach
    void cleanUp() {
        sandbox().faults().clear();
        client.resources(MemberAccountRootState.class).inNamespace(NS).delete();
    }

    private SandboxRootUser rootWithPasswordAndMfa(String account) {
        SandboxRootUser root = sandbox().organization().rootUser(account);
        root.setPassword(true);
        root.addMfaDevice();
        return root;
    }

    private String newAccount() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        return org.createAccount(
                "mfa-" + UUID.randomUUID().toString().substring(0, 6), org.rootId());
    }

    /** Counts DeactivateMFADevice calls that arrive while the account's root has a password. */
    private AtomicInteger watchInvariant(
            String account, SandboxRootUser root, SandboxFaults.CallHook also) {
        AtomicInteger violations = new AtomicInteger();
        sandbox()
                .faults()
                .hook(
                        (operation, accountId) -> {
                            also.arrived(operation, accountId);
                            if (operation.equals("iam:DeactivateMFADevice")
                                    && accountId.equals(account)
                                    && root.hasPassword()) {
                                violations.incrementAndGet();
                            }
                        });
        return violations;
    }

    private void create(String account, List<CredentialType> types, Boolean allow) {
        client.resource(
                        accountState(account)
                                .inNamespace(NS)
                                .enforce()
                                .credentialTypes(types)
                                .spec(s -> s.rootCredentials.allowMfaRemovalWithPassword = allow)
                                .build())
                .create();
    }

    private MemberAccountRootState awaitAccount(
            String account, Predicate<MemberAccountRootState> until) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () ->
                                client.resources(MemberAccountRootState.class)
                                        .inNamespace(NS)
                                        .withName("account-" + account)
                                        .get(),
                        a -> a != null && a.getStatus() != null && until.test(a));
    }

    @Test
    void removingMfaDevicesWhileKeepingThePasswordIsRefused() {
        String account = newAccount();
        SandboxRootUser root = rootWithPasswordAndMfa(account);
        create(account, List.of(CredentialType.MfaDevices), null);

        MemberAccountRootState refused =
                awaitAccount(
                        account,
                        a ->
                                Conditions.find(a.getStatus().conditions, ConditionTypes.STALLED)
                                        .filter(c -> "True".equals(c.getStatus()))
                                        .isPresent());
        assertEquals(
                AccountReasons.INVALID_SPEC,
                Conditions.find(refused.getStatus().conditions, ConditionTypes.STALLED)
                        .orElseThrow()
                        .getReason());
        assertEquals(0, sandbox().calls().count("iam:DeactivateMFADevice", account));
        assertEquals(1, root.activeMfaSerials().size(), "the MFA device stays active");
    }

    @Test
    void anExplicitSpecMayRemoveMfaDevicesAndKeepThePassword() {
        String account = newAccount();
        SandboxRootUser root = rootWithPasswordAndMfa(account);
        create(account, List.of(CredentialType.MfaDevices), true);

        awaitAccount(account, a -> a.getStatus().phase == AccountPhase.Compliant);
        assertTrue(root.activeMfaSerials().isEmpty());
        assertTrue(root.hasPassword(), "the password was not declared");
    }

    @Test
    void aPasswordBackBeforeTheMfaStepKeepsTheMfaDevice() {
        String account = newAccount();
        SandboxRootUser root = rootWithPasswordAndMfa(account);
        // the read of the MFA devices that follows the password's deletion (the second listing):
        // someone sets a password again at that moment
        AtomicInteger listings = new AtomicInteger();
        AtomicInteger violations =
                watchInvariant(
                        account,
                        root,
                        (operation, accountId) -> {
                            if (operation.equals("iam:ListMFADevices")
                                    && accountId.equals(account)
                                    && listings.incrementAndGet() == 2) {
                                root.setPassword(true);
                            }
                        });
        create(account, List.of(CredentialType.Password, CredentialType.MfaDevices), null);

        awaitAccount(account, a -> a.getStatus().phase == AccountPhase.Compliant);
        assertEquals(0, violations.get(), "no MFA device deactivated while a password existed");
        assertFalse(root.hasPassword());
        assertTrue(root.activeMfaSerials().isEmpty());
        assertEquals(
                2,
                sandbox().calls().count("iam:DeleteLoginProfile", account),
                "the password set again was deleted first");
    }

    @Test
    void aFailingPasswordDeleteKeepsTheMfaDevice() {
        String account = newAccount();
        SandboxRootUser root = rootWithPasswordAndMfa(account);
        AtomicInteger violations = watchInvariant(account, root, (operation, accountId) -> {});
        sandbox().faults().serverErrors("iam:DeleteLoginProfile", 1.0, 500);
        create(account, List.of(CredentialType.Password, CredentialType.MfaDevices), null);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> sandbox().calls().count("iam:DeleteLoginProfile", account) >= 3);
        assertEquals(0, sandbox().calls().count("iam:DeactivateMFADevice", account));
        assertEquals(0, violations.get());
        assertTrue(root.hasPassword());
        assertEquals(
                1, root.activeMfaSerials().size(), "the MFA device stays while the password does");
    }
}
