package io.rootaccess.operator.aws.sdk;

import static io.rootaccess.operator.testing.SandboxResource.DEV_APP;
import static io.rootaccess.operator.testing.SandboxResource.LEGACY;
import static io.rootaccess.operator.testing.SandboxResource.PROD_APP;
import static io.rootaccess.operator.testing.SandboxResource.SECURITY_TOOLING;
import static io.rootaccess.operator.testing.SandboxResource.accountId;
import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.aws.AccountSummary;
import io.rootaccess.operator.aws.AccountTags;
import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.DenialExplainer;
import io.rootaccess.operator.aws.OrgFeature;
import io.rootaccess.operator.aws.OrganizationCache;
import io.rootaccess.operator.aws.OrganizationDirectory;
import io.rootaccess.operator.aws.OrganizationFeatures;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.PolicyDenial;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootAccessKey;
import io.rootaccess.operator.aws.RootCredentials;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aws beans as the operator injects them, through the real SDK clients, against the sandbox. It
 * flips organization switches and advances the sandbox clock: a fresh organization before and after
 * the class, so no other class sees what it changed.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class AwsLayerSandboxIT {

    @Inject OrganizationCache cache;
    @Inject io.rootaccess.operator.config.OperatorConfig config;
    @Inject OrganizationDirectory directory;
    @Inject OrganizationFeatures features;
    @Inject RootSessions sessions;
    @Inject RootCredentials credentials;
    @Inject DenialExplainer explainer;
    @Inject PrivilegedTasks tasks;
    @Inject AwsClients clients;
    @Inject AwsCalls calls;
    @Inject ApiRateLimiter limiter;

    private Sandbox sb;
    private SandboxOrganization org;

    @BeforeEach
    void centralizedRootAccessOn() {
        sb = sandbox();
        org = sb.organization();
        sb.faults().clear();
        org.enableCentralRootAccess();
    }

    /** AssumeRoot calls into one account: the operator's own passes may open others. */
    private long assumeRoots(String account) {
        return sb.calls().assumeRootCountByAccount().getOrDefault(account, 0L);
    }

    @Test
    void rateLimitsComeFromConfiguration() {
        // a limiter as the operator's is built: the injected one is shared with every class of
        // this application, and its rates adapt to what they throttled
        ApiRateLimiter built = new AwsBeans().rateLimiter(config);
        assertEquals(50, built.currentRate(ApiFamily.ORGANIZATIONS_WRITE), 1e-9, "from %test");
        assertEquals(
                ApiFamily.SQS.defaultRate(),
                built.currentRate(ApiFamily.SQS),
                1e-9,
                "an unconfigured family starts at its built-in rate");
        // the injected one runs on the configured rates: throttling cuts it to half at most
        assertTrue(
                limiter.currentRate(ApiFamily.ORGANIZATIONS_WRITE) >= 25,
                "configured 50/s, built-in "
                        + ApiFamily.ORGANIZATIONS_WRITE.defaultRate()
                        + "/s: "
                        + limiter.currentRate(ApiFamily.ORGANIZATIONS_WRITE));
    }

    @Test
    void snapshotHasAccountsOuTreeAndTags() {
        // the shape comes at once, the tags follow from the background sweep
        cache.currentWithTags();
        await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> cache.currentWithTags().tagsPending().isEmpty());
        OrganizationSnapshot snapshot = cache.currentWithTags();
        assertEquals(org.id(), snapshot.organization().id());
        assertEquals(org.managementAccountId(), snapshot.organization().managementAccountId());
        assertTrue(snapshot.organization().allFeatures());
        assertEquals(org.rootId(), snapshot.rootId());
        assertEquals(Set.copyOf(org.accountIds()), snapshot.accounts().keySet());

        String prodApp = accountId(PROD_APP);
        String prodOu = org.organizationalUnitIdByName(SandboxResource.PROD_OU).orElseThrow();
        String workloadsOu =
                org.organizationalUnitIdByName(SandboxResource.WORKLOADS_OU).orElseThrow();
        assertEquals(List.of(prodOu, workloadsOu, org.rootId()), snapshot.path(prodApp));
        assertEquals(List.of(org.rootId()), snapshot.path(accountId(LEGACY)));
        assertEquals(3, snapshot.organizationalUnits().size());
        assertEquals(Map.of("env", "prod"), snapshot.tags().get(prodApp));
        assertEquals(Map.of("env", "dev"), snapshot.tags().get(accountId(DEV_APP)));
        assertFalse(snapshot.tags().containsKey(accountId(LEGACY)));
        assertTrue(snapshot.accounts().get(prodApp).active());
    }

    @Test
    void oneAccountsFailedTagReadDoesNotEndTheSweep() {
        var fresh = new SdkOrganizationDirectory(clients, calls, java.time.Clock.systemUTC(), 0);
        java.util.Set<String> accounts = java.util.Set.copyOf(org.accountIds());
        String first = accounts.stream().sorted().findFirst().orElseThrow();
        var published = new java.util.concurrent.atomic.AtomicReference<AccountTags>();
        long before = sb.calls().count("organizations:ListTagsForResource");
        // every attempt (the operator's retries included) of the first account's read is throttled
        sb.faults().throttleNext("organizations:ListTagsForResource", config.aws().maxAttempts());
        try {
            AwsException failed =
                    assertThrows(
                            AwsException.class, () -> fresh.readTags(accounts, published::set));
            assertEquals(AwsErrorKind.THROTTLED, failed.kind());
        } finally {
            sb.faults().clear();
        }
        AccountTags sofar = published.get();
        assertEquals(accounts.size() - 1, sofar.read().size(), "every other account was read");
        assertFalse(sofar.read().contains(first), "the throttled one stays pending");
        assertEquals(
                accounts.size() - 1 + config.aws().maxAttempts(),
                sb.calls().count("organizations:ListTagsForResource") - before);

        AccountTags next = fresh.readTags(accounts, t -> {});
        assertEquals(accounts, next.read(), "the next sweep reads the pending one");
    }

    @Test
    void tagsAreReadOnlyWhenAskedAndThenIncrementally() {
        int accounts = org.accountIds().size();
        var directoryWithBudget =
                new SdkOrganizationDirectory(clients, calls, java.time.Clock.systemUTC(), 1);
        long tagsBefore = sb.calls().count("organizations:ListTagsForResource");
        long listAccountsBefore = sb.calls().count("organizations:ListAccounts");

        OrganizationSnapshot untagged = directoryWithBudget.snapshot(false);
        assertEquals(accounts, untagged.accounts().size());
        assertTrue(untagged.tags().isEmpty());
        assertEquals(
                untagged.accounts().keySet(),
                untagged.tagsPending(),
                "no account's tags known yet");
        assertEquals(
                tagsBefore,
                sb.calls().count("organizations:ListTagsForResource"),
                "no tag call without tags");

        OrganizationSnapshot first = directoryWithBudget.snapshot(true);
        assertEquals(
                accounts,
                sb.calls().count("organizations:ListTagsForResource") - tagsBefore,
                "first read: all");
        assertEquals(Map.of("env", "prod"), first.tags().get(accountId(PROD_APP)));
        assertTrue(first.tagsPending().isEmpty());

        String joined = org.createAccount("tag-newcomer-" + System.nanoTime(), org.rootId());
        org.tagAccount(joined, "team", "newcomers");
        long tagsMid = sb.calls().count("organizations:ListTagsForResource");
        OrganizationSnapshot second = directoryWithBudget.snapshot(true);
        assertEquals(
                2,
                sb.calls().count("organizations:ListTagsForResource") - tagsMid,
                "the new account plus a budget of one re-read");
        assertEquals(Map.of("team", "newcomers"), second.tags().get(joined));
        assertEquals(
                Map.of("env", "prod"),
                second.tags().get(accountId(PROD_APP)),
                "kept from the first read");
        assertEquals(
                listAccountsBefore,
                sb.calls().count("organizations:ListAccounts"),
                "the OU walk lists accounts");
        org.removeAccount(joined);
    }

    @Test
    void concurrentAndRepeatedOpensShareOneAssumeRoot() throws Exception {
        String legacy = accountId(LEGACY);
        long before = assumeRoots(legacy);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<RootSession>> opens =
                    IntStream.range(0, 8)
                            .<Callable<RootSession>>mapToObj(
                                    i -> () -> sessions.open(legacy, TaskPolicy.AUDIT))
                            .toList();
            Set<RootSession> distinct = new java.util.HashSet<>();
            for (var f : pool.invokeAll(opens)) {
                distinct.add(f.get());
            }
            assertEquals(1, distinct.size());
            RootSession session = distinct.iterator().next();
            assertSame(session, sessions.open(legacy, TaskPolicy.AUDIT));
            assertEquals(1, assumeRoots(legacy) - before);
            assertTrue(session.accessKeyId().startsWith("ASIA"), session.accessKeyId());
            assertFalse(
                    session.toString().contains(session.signingCredentials().secretAccessKey()));

            AccountSummary summary = credentials.accountSummary(session);
            assertEquals(new AccountSummary(true, 0, 0, 1), summary);
            assertEquals(1, sb.calls().count("iam:GetAccountSummary", legacy));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sessionIsRenewedBeforeItExpiresBySandboxTime() {
        // the sandbox's clock drives expiry, so this instance reads the same clock
        var byTheSandboxClock =
                new SdkRootSessions(clients, calls, sb.clock(), 900, Duration.ofSeconds(120));
        String dev = accountId(DEV_APP);
        long before = assumeRoots(dev);
        RootSession first = byTheSandboxClock.open(dev, TaskPolicy.AUDIT);
        sb.advanceClock(Duration.ofSeconds(700));
        assertSame(
                first, byTheSandboxClock.open(dev, TaskPolicy.AUDIT), "still 200 s left: reused");
        sb.advanceClock(Duration.ofSeconds(100));
        RootSession second = byTheSandboxClock.open(dev, TaskPolicy.AUDIT);
        assertNotEquals(first.accessKeyId(), second.accessKeyId(), "under 120 s left: renewed");
        assertEquals(2, assumeRoots(dev) - before);
        assertTrue(credentials.loginProfileExists(second));
    }

    @Test
    void expiredSessionIsReportedAndDroppedSoTheNextOpenRenews() {
        String tooling = accountId(SECURITY_TOOLING);
        RootSession session = sessions.open(tooling, TaskPolicy.AUDIT);
        sb.advanceClock(
                Duration.ofSeconds(
                        1000)); // expired for the sandbox, not yet for the operator's clock
        AwsException e =
                assertThrows(AwsException.class, () -> credentials.accountSummary(session));
        assertEquals(AwsErrorKind.EXPIRED_SESSION, e.kind());
        assertTrue(e.retryable());
        RootSession renewed = sessions.open(tooling, TaskPolicy.AUDIT);
        assertNotEquals(session.accessKeyId(), renewed.accessKeyId());
        assertFalse(credentials.accountSummary(renewed).anyPresent());
    }

    @Test
    void injectedThrottlingIsRetriedAndSucceeds() {
        String prodApp = accountId(PROD_APP);
        RootSession session = sessions.open(prodApp, TaskPolicy.AUDIT);
        long before = sb.calls().count("iam:GetAccountSummary", prodApp);
        sb.faults().throttleNext("iam:GetAccountSummary", 2);
        AccountSummary summary = credentials.accountSummary(session);
        assertEquals(new AccountSummary(true, 1, 1, 0), summary);
        assertEquals(
                3,
                sb.calls().count("iam:GetAccountSummary", prodApp) - before,
                "two throttled, one answered");

        sb.faults().throttle("organizations:DescribeOrganization", 1.0);
        AwsException e = assertThrows(AwsException.class, directory::describeOrganization);
        assertEquals(
                AwsErrorKind.THROTTLED,
                e.kind(),
                "throttled on every attempt: gives up as THROTTLED");
        assertEquals("organizations:DescribeOrganization", e.action());
    }

    @Test
    void accessDeniedNamesTheActionAndTheScpExplainsIt() {
        String prodApp = accountId(PROD_APP);
        // the delete task policy does not allow GetAccountSummary
        RootSession delete = sessions.open(prodApp, TaskPolicy.DELETE);
        AwsException outsideTask =
                assertThrows(AwsException.class, () -> credentials.accountSummary(delete));
        assertEquals(AwsErrorKind.ACCESS_DENIED, outsideTask.kind());
        assertEquals("iam:GetAccountSummary", outsideTask.action());

        String prodOu = org.organizationalUnitIdByName(SandboxResource.PROD_OU).orElseThrow();
        String scp =
                org.createServiceControlPolicy(
                        "deny-root",
                        """
                {"Version":"2012-10-17","Statement":[{"Sid":"DenyRootUser","Effect":"Deny","Action":"*","Resource":"*",
                  "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}""");
        org.attachPolicy(scp, prodOu);
        try {
            RootSession audit = sessions.open(prodApp, TaskPolicy.AUDIT);
            AwsException byScp =
                    assertThrows(AwsException.class, () -> credentials.accountSummary(audit));
            assertEquals(AwsErrorKind.ACCESS_DENIED, byScp.kind());

            PolicyDenial denial = explainer.explain(prodApp, byScp.action());
            assertEquals(scp, denial.policyId());
            assertEquals("deny-root", denial.policyName());
            assertEquals(prodOu, denial.targetId());
            assertTrue(denial.message().contains("aws:AssumedRoot"), denial.message());
            assertNull(explainer.explain(accountId(DEV_APP), "iam:GetAccountSummary").policyId());
        } finally {
            org.detachPolicy(scp, prodOu);
        }
    }

    @Test
    void deletingWhatIsAlreadyGoneReturnsFalse() {
        String dev = accountId(DEV_APP);
        RootSession delete = sessions.open(dev, TaskPolicy.DELETE);
        assertFalse(credentials.deleteAccessKey(delete, "AKIAXXXXXXXXXXXXXXXX"));
        assertFalse(
                credentials.deleteSigningCertificate(delete, "NOSUCHCERTIFICATE0000000000000000"));
        assertTrue(credentials.deleteLoginProfile(delete));
        assertFalse(credentials.deleteLoginProfile(delete), "second delete: already gone");
        assertFalse(org.rootUser(dev).hasPassword());

        RootSession create = sessions.open(dev, TaskPolicy.CREATE_PASSWORD);
        assertTrue(credentials.createLoginProfile(create));
        assertFalse(credentials.createLoginProfile(create), "already exists");
        assertTrue(org.rootUser(dev).hasPassword());
    }

    @Test
    void organizationSwitchesRoundTrip() {
        org.setFeatureEnabled("RootCredentialsManagement", false);
        org.setFeatureEnabled("RootSessions", false);
        org.setTrustedAccessForIam(false);
        assertFalse(features.trustedAccessForIam());

        features.setTrustedAccessForIam(true);
        assertTrue(org.trustedAccessForIam());
        assertTrue(features.trustedAccessForIam());
        assertEquals(EnumSet.noneOf(OrgFeature.class), features.enabledFeatures());
        features.setFeature(OrgFeature.RootCredentialsManagement, true);
        features.setFeature(OrgFeature.RootSessions, true);
        assertEquals(EnumSet.allOf(OrgFeature.class), features.enabledFeatures());
        features.setFeature(OrgFeature.RootSessions, false);
        assertEquals(Set.of("RootCredentialsManagement"), org.enabledFeatures());

        String tooling = accountId(SECURITY_TOOLING);
        assertEquals(Optional.empty(), features.delegatedAdministrator());
        features.registerDelegatedAdministrator(tooling);
        assertEquals(Optional.of(tooling), features.delegatedAdministrator());
        features.registerDelegatedAdministrator(tooling); // already registered: no error
        features.deregisterDelegatedAdministrator(tooling);
        assertEquals(Optional.empty(), org.delegatedAdministrator());
    }

    @Test
    void featureErrorsAreTyped() {
        org.setTrustedAccessForIam(false);
        AwsException e = assertThrows(AwsException.class, features::enabledFeatures);
        assertEquals(AwsErrorKind.FEATURE_NOT_ENABLED, e.kind());
        assertEquals("iam:ListOrganizationsFeatures", e.action());
    }

    @Test
    void serverErrorsAreRetriedThenReportedAsTransient() {
        String legacy = accountId(LEGACY);
        RootSession session = sessions.open(legacy, TaskPolicy.AUDIT);
        long before = sb.calls().count("iam:ListMFADevices", legacy);
        sb.faults().serverErrors("iam:ListMFADevices", 1.0, 503);
        AwsException e =
                assertThrows(AwsException.class, () -> credentials.mfaSerialNumbers(session));
        assertEquals(AwsErrorKind.TRANSIENT, e.kind());
        assertTrue(e.retryable());
        assertEquals(
                4,
                sb.calls().count("iam:ListMFADevices", legacy) - before,
                "rootaccess.aws.max-attempts, default 4");
    }

    @Test
    void credentialDetailsInsideAnAuditSession() {
        String prodApp = accountId(PROD_APP);
        RootSession audit = sessions.open(prodApp, TaskPolicy.AUDIT);
        var keys = credentials.accessKeys(audit);
        assertEquals(
                org.rootUser(prodApp).accessKeyIds(),
                keys.stream().map(RootAccessKey::accessKeyId).toList());
        assertTrue(keys.get(0).lastUsedDate() != null, "the seeded key was used three days ago");
        assertEquals(org.rootUser(prodApp).activeMfaSerials(), credentials.mfaSerialNumbers(audit));
        assertEquals(List.of(), credentials.signingCertificateIds(audit));
        assertTrue(credentials.loginProfileExists(audit));
        credentials.passwordLastUsed(
                audit); // answered without error; the sandbox may or may not know a last use
    }

    @Test
    void unlockBucketAndQueuePoliciesInsideTaskSessions() {
        String dev = accountId(DEV_APP);
        String locked =
                """
                {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}""";
        org.createBucket(dev, "locked-bucket", locked);
        org.createBucket(dev, "open-bucket", null);
        RootSession s3 = sessions.open(dev, TaskPolicy.S3_UNLOCK);
        assertEquals(
                Optional.of(locked), tasks.bucketPolicy(s3, "locked-bucket").map(String::strip));
        assertEquals(Optional.empty(), tasks.bucketPolicy(s3, "open-bucket"));
        AwsException missing =
                assertThrows(AwsException.class, () -> tasks.bucketPolicy(s3, "no-such-bucket"));
        assertEquals(AwsErrorKind.NOT_FOUND, missing.kind());
        tasks.deleteBucketPolicy(s3, "locked-bucket");
        assertEquals(Optional.empty(), org.bucketPolicy(dev, "locked-bucket"));

        String queueUrl = org.createQueue(dev, "locked-queue", locked);
        RootSession sqs = sessions.open(dev, TaskPolicy.SQS_UNLOCK);
        assertEquals(queueUrl, tasks.queueUrl(sqs, "locked-queue"));
        assertEquals(queueUrl, tasks.queueUrl(sqs, queueUrl));
        assertTrue(tasks.queuePolicy(sqs, queueUrl).isPresent());
        tasks.clearQueuePolicy(sqs, queueUrl);
        assertEquals(Optional.empty(), tasks.queuePolicy(sqs, queueUrl));
        AwsException noQueue =
                assertThrows(AwsException.class, () -> tasks.queueUrl(sqs, "no-such-queue"));
        assertEquals(AwsErrorKind.NOT_FOUND, noQueue.kind());
    }

    @Test
    void unreachableEndpointIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (AwsClients nowhere =
                new AwsClients(
                        new TestAwsConfig(
                                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)))) {
            var directoryNowhere =
                    new SdkOrganizationDirectory(
                            nowhere, calls, java.time.Clock.systemUTC(), Integer.MAX_VALUE);
            AwsException e =
                    assertThrows(AwsException.class, directoryNowhere::describeOrganization);
            assertEquals(AwsErrorKind.UNREACHABLE, e.kind());
            assertEquals("organizations:DescribeOrganization", e.action());
        }
    }
}
