package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;

class SandboxSeedIT {

    @Test
    void smallOrgExampleBuildsTheDescribedTree() throws Exception {
        SandboxSeed seed = SandboxSeed.load(Path.of("examples/sandbox/small-org.yaml"));
        try (Sandbox sb =
                Sandbox.start(seed.configure(SandboxConfig.builder().rateLimits(false)).build())) {
            seed.applyTo(sb);
            SandboxOrganization org = sb.organization();
            assertEquals(6, org.accountIds().size()); // management + 5
            String payments = org.accountIdByName("prod-payments").orElseThrow();
            assertEquals("222233334444", payments);
            assertEquals("ou-ab12-prod0001", org.organizationalUnitIdByName("Prod").orElseThrow());
            SandboxRootUser root = org.rootUser(payments);
            assertTrue(root.hasPassword());
            assertEquals(2, root.accessKeyIds().size());
            assertEquals(1, root.activeMfaSerials().size());
            assertFalse(
                    org.rootUser(org.accountIdByName("security-tooling").orElseThrow())
                            .hasPassword());
            assertTrue(
                    org.rootUser(org.accountIdByName("dev-sandbox").orElseThrow()).hasPassword());
            String legacy = org.accountIdByName("legacy-billing").orElseThrow();
            assertEquals("SUSPENDED", org.accountState(legacy));
            assertEquals(org.rootId(), org.parentOf(legacy));
            String prod = org.organizationalUnitIdByName("Prod").orElseThrow();
            assertEquals(prod, org.parentOf(payments));
            assertEquals(
                    org.organizationalUnitIdByName("Workloads").orElseThrow(), org.parentOf(prod));
            assertFalse(org.trustedAccessForIam());
            assertEquals(
                    2, org.policiesFor(org.organizationalUnitIdByName("Dev").orElseThrow()).size());

            // Same seed, same ids.
            SandboxSeed again = SandboxSeed.load(Path.of("examples/sandbox/small-org.yaml"));
            try (Sandbox sb2 = Sandbox.start(again.configure(SandboxConfig.builder()).build())) {
                again.applyTo(sb2);
                assertEquals(org.accountIds(), sb2.organization().accountIds());
                assertEquals(sb.managementCredentials(), sb2.managementCredentials());
            }
        }
    }

    @Test
    void lockedDownExampleEnforcesItsScps() throws Exception {
        SandboxSeed seed = SandboxSeed.load(Path.of("examples/sandbox/locked-down.yaml"));
        try (Sandbox sb =
                        Sandbox.start(
                                seed.configure(SandboxConfig.builder().rateLimits(false)).build());
                SdkClients clients = new SdkClients(sb)) {
            seed.applyTo(sb);
            SandboxOrganization org = sb.organization();
            assertEquals(
                    Set.of("RootCredentialsManagement", "RootSessions"), org.enabledFeatures());
            assertEquals(org.accountIdByName("security-tooling"), org.delegatedAdministrator());
            String dataLake = org.accountIdByName("data-lake").orElseThrow();
            assertTrue(
                    org.bucketPolicy(dataLake, "data-lake-raw").orElseThrow().contains("\"Deny\""));

            StsClient sts =
                    clients.sts(
                            SdkClients.of(
                                    sb.credentialsFor(org.delegatedAdministrator().orElseThrow())));
            IamClient ok =
                    clients.iam(
                            SdkClients.of(
                                    sts.assumeRoot(
                                            r ->
                                                    r.targetPrincipal(dataLake)
                                                            .taskPolicyArn(
                                                                    p ->
                                                                            p.arn(
                                                                                    TaskPolicy.AUDIT
                                                                                            .arn())))));
            assertEquals(
                    1,
                    ok.getAccountSummary(r -> {}).summaryMapAsStrings().get("AccountMFAEnabled"));
            String oldApp = org.accountIdByName("old-app").orElseThrow();
            IamClient blocked =
                    clients.iam(
                            SdkClients.of(
                                    sts.assumeRoot(
                                            r ->
                                                    r.targetPrincipal(oldApp)
                                                            .taskPolicyArn(
                                                                    p ->
                                                                            p.arn(
                                                                                    TaskPolicy.AUDIT
                                                                                            .arn())))));
            var e = assertThrows(IamException.class, () -> blocked.getAccountSummary(r -> {}));
            assertTrue(
                    e.awsErrorDetails()
                            .errorMessage()
                            .contains("explicit deny in a service control policy"));
        }
    }

    @Test
    void badSeedsFailWithTheField() {
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SandboxSeed.parse("organisation: {}"));
        assertTrue(e.getMessage().contains("organisation"), e.getMessage());
        try (Sandbox sb = Sandbox.start(SandboxConfig.builder().build())) {
            var scp =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    SandboxSeed.parse(
                                                    """
                    serviceControlPolicies:
                      - name: x
                        targets: [Nowhere]
                        document: {Statement: []}
                    """)
                                            .applyTo(sb));
            assertTrue(scp.getMessage().contains("Nowhere"), scp.getMessage());
            var root =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    SandboxSeed.parse(
                                                    """
                    accounts:
                      - name: a
                        root: {passwd: true}
                    """)
                                            .applyTo(sb));
            assertTrue(root.getMessage().contains("passwd"), root.getMessage());
        }
    }

    @Test
    void generatorIsDeterministicAndMixesCredentials() {
        try (Sandbox a = Sandbox.start(SandboxConfig.builder().build());
                Sandbox b = Sandbox.start(SandboxConfig.builder().build())) {
            List<String> ids = SandboxSeed.generate(a.organization(), 500, 3);
            assertEquals(ids, SandboxSeed.generate(b.organization(), 500, 3));
            SandboxOrganization org = a.organization();
            long clean = ids.stream().filter(id -> !org.rootUser(id).hasCredentials()).count();
            long keys =
                    ids.stream().filter(id -> !org.rootUser(id).accessKeyIds().isEmpty()).count();
            long mfa =
                    ids.stream()
                            .filter(id -> !org.rootUser(id).activeMfaSerials().isEmpty())
                            .count();
            long certs =
                    ids.stream()
                            .filter(id -> !org.rootUser(id).signingCertificateIds().isEmpty())
                            .count();
            long suspended =
                    ids.stream().filter(id -> !org.accountState(id).equals("ACTIVE")).count();
            assertTrue(clean > 100 && clean < 230, "clean " + clean);
            assertTrue(
                    keys > 30 && mfa > 20 && certs > 5 && suspended > 0 && suspended < 30,
                    keys + " " + mfa + " " + certs + " " + suspended);
            assertEquals(
                    List.of("FullAWSAccess"),
                    org.policiesFor(org.rootId()).stream().map(p -> p.name()).toList());
        }
    }

    @Test
    void generatedExampleSeedsTenThousandAccounts() throws Exception {
        SandboxSeed seed = SandboxSeed.load(Path.of("examples/sandbox/generated-10k.yaml"));
        try (Sandbox sb = Sandbox.start(seed.configure(SandboxConfig.builder()).build())) {
            seed.applyTo(sb);
            assertEquals(10_001, sb.organization().accountIds().size());
            assertEquals(
                    Set.of("RootCredentialsManagement", "RootSessions"),
                    sb.organization().enabledFeatures());
        }
    }

    @Test
    void tenThousandAccountsSeedInUnderFiveSeconds() {
        try (Sandbox sb = Sandbox.start(SandboxConfig.builder().build())) {
            long t0 = System.nanoTime();
            SandboxSeed.generate(sb.organization(), 10_000, 2026);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(10_001, sb.organization().accountIds().size());
            assertTrue(ms < 5000, "seeding 10k accounts took " + ms + " ms");
            System.out.println("sandbox: seeded 10,000 accounts in " + ms + " ms");
        }
    }
}
