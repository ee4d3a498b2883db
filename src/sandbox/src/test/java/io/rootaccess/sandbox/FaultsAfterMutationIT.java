package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Faults after the mutation (SANDBOX_ERRORS_5XX_AFTER, SANDBOX_TIMEOUTS_AFTER): the change is made,
 * the caller (a real SDK client) sees a 5xx or a timeout. The one retry of the same request that
 * then finds nothing is not a duplicate; a second one is.
 */
class FaultsAfterMutationIT {
    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    String prod;
    String dev;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.enableCentralRootAccess();
        prod = org.accountIdByName("prod-app").orElseThrow();
        dev = org.accountIdByName("dev-app").orElseThrow();
        clients = new SdkClients(sb);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    private AwsCredentials session(String account, TaskPolicy policy) {
        StsClient sts = clients.managementSts();
        return SdkClients.of(
                sts.assumeRoot(
                        r -> r.targetPrincipal(account).taskPolicyArn(p -> p.arn(policy.arn()))));
    }

    @Test
    void aDeleteAnswered5xxAfterItWasAppliedIsDoneAndItsOneRetryIsNoDuplicate() {
        IamClient iam = clients.iam(session(prod, TaskPolicy.DELETE));
        assertTrue(org.rootUser(prod).hasPassword());
        sb.faults().serverErrorsAfter("iam:DeleteLoginProfile", 1.0);

        IamException failed =
                assertThrows(IamException.class, () -> iam.deleteLoginProfile(r -> {}));
        assertTrue(failed.statusCode() == 500 || failed.statusCode() == 503, failed.toString());
        assertFalse(org.rootUser(prod).hasPassword(), "the change was not applied");
        assertEquals(1, sb.calls().okCount("iam:DeleteLoginProfile", prod));
        assertEquals(Map.of(CallLog.FAULT_5XX_AFTER, 1L), sb.calls().injectedFaults());

        sb.faults().clear();
        // the caller retries the same request: it finds nothing, and could not have known
        assertThrows(NoSuchEntityException.class, () -> iam.deleteLoginProfile(r -> {}));
        assertEquals(0, sb.calls().duplicateDestructiveCalls());
        assertEquals(1, sb.calls().retriesAfterLostResponse());
        // once per lost answer: another delete of what is gone is a duplicate
        assertThrows(NoSuchEntityException.class, () -> iam.deleteLoginProfile(r -> {}));
        assertEquals(1, sb.calls().duplicateDestructiveCalls());
    }

    @Test
    void aDeleteLeftWithoutAnAnswerIsDoneAndTheCallerTimesOut() {
        AwsCredentials creds = session(prod, TaskPolicy.DELETE);
        String key = org.rootUser(prod).accessKeyIds().get(0);
        sb.faults().timeoutsAfter("iam:DeleteAccessKey", 1.0).timeoutHold(Duration.ofSeconds(2));
        try (IamClient impatient =
                IamClient.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(creds))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(r -> r.maxAttempts(1))
                                                .apiCallAttemptTimeout(Duration.ofMillis(400)))
                        .build()) {
            assertThrows(
                    ApiCallAttemptTimeoutException.class,
                    () -> impatient.deleteAccessKey(r -> r.accessKeyId(key)));
        }
        assertFalse(org.rootUser(prod).accessKeyIds().contains(key), "the key is still there");
        assertEquals(1, sb.calls().okCount("iam:DeleteAccessKey", prod));
        assertEquals(Map.of(CallLog.FAULT_TIMEOUT_AFTER, 1L), sb.calls().injectedFaults());
    }

    @Test
    void aBucketPolicyDeleteAnswered5xxAfterwardsIsGoneAndReadsAreNeverAffected() {
        org.createBucket(dev, "locked", "{\"Statement\":[]}");
        var s3 = clients.s3(session(dev, TaskPolicy.S3_UNLOCK));
        sb.faults().serverErrorsAfter("*", 1.0).timeoutsAfter("*", 0.0);
        // a read under the same rule is answered normally
        assertEquals("{\"Statement\":[]}", s3.getBucketPolicy(r -> r.bucket("locked")).policy());
        S3Exception failed =
                assertThrows(
                        S3Exception.class, () -> s3.deleteBucketPolicy(r -> r.bucket("locked")));
        assertTrue(failed.statusCode() >= 500, failed.toString());
        assertTrue(org.bucketPolicy(dev, "locked").isEmpty(), "the policy is still there");
        assertEquals(1, sb.calls().okCount("s3:DeleteBucketPolicy", dev));
        // the retry finds nothing, is answered 204 (as AWS does) and is neither a duplicate nor a
        // second change
        sb.faults().clear();
        s3.deleteBucketPolicy(r -> r.bucket("locked"));
        assertEquals(0, sb.calls().duplicateDestructiveCalls());
        assertEquals(1, sb.calls().okCount("s3:DeleteBucketPolicy", dev));
    }

    @Test
    void theSharesComeFromTheEnvironment() {
        SandboxConfig c =
                SandboxConfig.builder()
                        .environment(
                                Map.of(
                                        "SANDBOX_ERRORS_5XX_AFTER", "0.03",
                                        "SANDBOX_TIMEOUTS_AFTER", "0.01"))
                        .build();
        assertEquals(0.03, c.serverErrorAfterShare());
        assertEquals(0.01, c.timeoutAfterShare());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SandboxConfig.builder()
                                .environment(Map.of("SANDBOX_ERRORS_5XX_AFTER", "2"))
                                .build());
    }
}
