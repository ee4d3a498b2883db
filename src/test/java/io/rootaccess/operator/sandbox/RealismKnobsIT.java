package io.rootaccess.operator.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.TaskPolicy;
import io.rootaccess.operator.testing.SandboxResource;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Rate limits, injected faults and latency. */
class RealismKnobsIT {
    Sandbox sb;
    SdkClients clients;

    void start(SandboxConfig config) {
        sb = Sandbox.start(config);
        SandboxResource.seedDefaultOrganization(sb.organization());
        clients = new SdkClients(sb);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    @Test
    void organizationsThrottlesWithTooManyRequests() {
        start(SandboxConfig.builder().rateLimit("organizations:DescribeAccount", 0.01, 2).build());
        OrganizationsClient orgs = clients.managementOrganizations();
        String id = sb.organization().managementAccountId();
        orgs.describeAccount(r -> r.accountId(id));
        orgs.describeAccount(r -> r.accountId(id));
        var e = assertThrows(TooManyRequestsException.class, () -> orgs.describeAccount(r -> r.accountId(id)));
        assertEquals(400, e.statusCode());
        assertTrue(e.isThrottlingException());
        // Other operations have their own buckets.
        assertNotNull(orgs.describeOrganization(r -> { }).organization());
        assertEquals(3, sb.calls().count("organizations:DescribeAccount"));
    }

    @Test
    void inSessionCallsShareTheMemberAccountsBucket() {
        start(SandboxConfig.builder().rateLimit("iam:GetAccountSummary", 0.01, 2).build());
        SandboxOrganization org = sb.organization();
        org.setTrustedAccessForIam(true);
        org.setFeatureEnabled("RootCredentialsManagement", true);
        String prod = org.accountIdByName("prod-app").orElseThrow();
        String dev = org.accountIdByName("dev-app").orElseThrow();
        StsClient sts = clients.managementSts();
        IamClient a = clients.iam(SdkClients.of(sts.assumeRoot(r -> r.targetPrincipal(prod).taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT.arn())))));
        IamClient b = clients.iam(SdkClients.of(sts.assumeRoot(r -> r.targetPrincipal(prod).taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT.arn())))));
        IamClient other = clients.iam(SdkClients.of(sts.assumeRoot(r -> r.targetPrincipal(dev).taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT.arn())))));
        a.getAccountSummary(r -> { });
        b.getAccountSummary(r -> { });
        var e = assertThrows(IamException.class, () -> b.getAccountSummary(r -> { }));
        assertEquals("Throttling", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertNotNull(other.getAccountSummary(r -> { }).summaryMap()); // another account is not affected
    }

    @Test
    void injectedFaults() {
        start(SandboxConfig.builder().rateLimits(false).build());
        StsClient sts = clients.managementSts();
        sb.faults().throttle("sts:GetCallerIdentity", 1.0);
        assertEquals("Throttling", assertThrows(StsException.class, () -> sts.getCallerIdentity(r -> { })).awsErrorDetails().errorCode());
        sb.faults().clear().serverErrors("*", 1.0, 503);
        var unavailable = assertThrows(StsException.class, () -> sts.getCallerIdentity(r -> { }));
        assertEquals(503, unavailable.statusCode());
        OrganizationsClient orgs = clients.managementOrganizations();
        sb.faults().clear().serverErrors("organizations:ListRoots", 1.0, 500);
        assertEquals("ServiceException", assertThrows(software.amazon.awssdk.services.organizations.model.OrganizationsException.class,
                () -> orgs.listRoots(r -> { })).awsErrorDetails().errorCode());
        assertNotNull(orgs.describeOrganization(r -> { }));

        // A throttling burst is absorbed by the SDK's standard retries.
        sb.faults().clear().throttleNext("sts:GetCallerIdentity", 2);
        sb.calls().reset();
        StsClient retrying = StsClient.builder().endpointOverride(sb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(SdkClients.of(sb.managementCredentials())))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(3))).build();
        try (retrying) {
            assertEquals(sb.organization().managementAccountId(), retrying.getCallerIdentity(r -> { }).account());
        }
        assertEquals(3, sb.calls().count("sts:GetCallerIdentity"));
    }

    @Test
    void latencyAndTimeouts() {
        start(SandboxConfig.builder().rateLimits(false).build());
        StsClient sts = clients.managementSts();
        sts.getCallerIdentity(r -> { }); // warm up the connection
        sb.faults().latency(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        sts.getCallerIdentity(r -> { });
        assertTrue(System.nanoTime() - t0 >= 150_000_000L);
        sb.faults().clear().latency("sts:GetCallerIdentity", Duration.ofMillis(200));
        long tOne = System.nanoTime();
        sts.getCallerIdentity(r -> { });
        assertTrue(System.nanoTime() - tOne >= 200_000_000L);

        sb.faults().clear().timeouts("sts:GetCallerIdentity", 1.0).timeoutHold(Duration.ofSeconds(2));
        StsClient impatient = StsClient.builder().endpointOverride(sb.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(SdkClients.of(sb.managementCredentials())))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)).apiCallAttemptTimeout(Duration.ofMillis(300)))
                .build();
        try (impatient) {
            assertThrows(ApiCallAttemptTimeoutException.class, () -> impatient.getCallerIdentity(r -> { }));
        }

        // After the hold the connection is dropped without an answer: a patient client sees it fail, not hang.
        sb.faults().timeoutHold(Duration.ofMillis(300));
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(sb.endpoint().resolve("/")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + sb.managementCredentials().accessKeyId()
                        + "/20261122/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build();
        long t1 = System.nanoTime();
        var dropped = assertThrows(java.io.IOException.class, () -> http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()));
        long ms = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(ms >= 250 && ms < 5000, ms + " ms");
        assertFalse(dropped instanceof java.net.http.HttpTimeoutException, dropped.toString());
    }
}
