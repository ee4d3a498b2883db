package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;

/** The S3 and SQS unlock tasks through root sessions. */
class PrivilegedTaskApiIT {
    static final String LOCKED =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    Sandbox sb;
    SdkClients clients;
    SandboxOrganization org;
    StsClient sts;
    String prod;

    @BeforeEach
    void start() {
        sb = Sandbox.start(SandboxConfig.builder().rateLimits(false).build());
        org = sb.organization();
        DefaultOrganization.seed(org);
        org.enableCentralRootAccess();
        clients = new SdkClients(sb);
        sts = clients.managementSts();
        prod = org.accountIdByName("prod-app").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        sb.close();
    }

    <T> T session(
            TaskPolicy policy,
            java.util.function.Function<software.amazon.awssdk.auth.credentials.AwsCredentials, T>
                    client) {
        return client.apply(
                SdkClients.of(
                        sts.assumeRoot(
                                r ->
                                        r.targetPrincipal(prod)
                                                .taskPolicyArn(p -> p.arn(policy.arn())))));
    }

    @Test
    void unlocksAnS3BucketPolicy() {
        org.createBucket(prod, "locked-bucket", LOCKED);
        org.createBucket(prod, "open-bucket", null);
        S3Client s3 = session(TaskPolicy.S3_UNLOCK, clients::s3);
        assertEquals(
                List.of("locked-bucket", "open-bucket"),
                s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
        assertEquals(LOCKED, s3.getBucketPolicy(r -> r.bucket("locked-bucket")).policy());
        s3.deleteBucketPolicy(r -> r.bucket("locked-bucket"));
        assertEquals(Optional.empty(), org.bucketPolicy(prod, "locked-bucket"));
        var none =
                assertThrows(
                        S3Exception.class,
                        () -> s3.getBucketPolicy(r -> r.bucket("locked-bucket")));
        assertEquals("NoSuchBucketPolicy", none.awsErrorDetails().errorCode());
        assertEquals(404, none.statusCode());
        s3.putBucketPolicy(r -> r.bucket("open-bucket").policy(LOCKED));
        assertEquals(Optional.of(LOCKED), org.bucketPolicy(prod, "open-bucket"));
        assertEquals(
                "NoSuchBucket",
                assertThrows(
                                S3Exception.class,
                                () -> s3.deleteBucketPolicy(r -> r.bucket("missing")))
                        .awsErrorDetails()
                        .errorCode());
        assertEquals(
                2,
                sb.calls()
                        .count(
                                "s3:DeleteBucketPolicy",
                                prod)); // the NoSuchBucket attempt counts too

        // Another task policy cannot touch buckets.
        S3Client wrong = session(TaskPolicy.SQS_UNLOCK, clients::s3);
        var denied =
                assertThrows(
                        S3Exception.class,
                        () -> wrong.deleteBucketPolicy(r -> r.bucket("open-bucket")));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals(403, denied.statusCode());
    }

    @Test
    void unimplementedS3CallsAreNamed() {
        org.createBucket(prod, "b1", null);
        S3Client s3 = session(TaskPolicy.S3_UNLOCK, clients::s3);
        var e = assertThrows(S3Exception.class, () -> s3.getBucketAcl(r -> r.bucket("b1")));
        assertEquals("NotImplemented", e.awsErrorDetails().errorCode());
        assertTrue(
                e.awsErrorDetails().errorMessage().contains("GET /b1?acl"),
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void unlocksAnSqsQueuePolicy() {
        String url = org.createQueue(prod, "locked-queue", LOCKED);
        org.createQueue(prod, "other", null);
        SqsClient sqs = session(TaskPolicy.SQS_UNLOCK, clients::sqs);
        assertEquals(List.of(url), sqs.listQueues(r -> r.queueNamePrefix("locked")).queueUrls());
        assertEquals(2, sqs.listQueues(r -> {}).queueUrls().size());
        assertEquals(url, sqs.getQueueUrl(r -> r.queueName("locked-queue")).queueUrl());
        Map<QueueAttributeName, String> attrs =
                sqs.getQueueAttributes(
                                r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                        .attributes();
        assertEquals(LOCKED, attrs.get(QueueAttributeName.POLICY));
        sqs.setQueueAttributes(
                r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, "")));
        assertEquals(Optional.empty(), org.queuePolicy(url));
        assertTrue(
                sqs.getQueueAttributes(
                                r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                        .attributes()
                        .isEmpty());

        assertThrows(
                QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName("nope")));
        SqsClient audit = session(TaskPolicy.AUDIT, clients::sqs);
        var denied = assertThrows(SqsException.class, () -> audit.listQueues(r -> {}));
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals(1, sb.calls().count("sqs:SetQueueAttributes"));
    }

    @Test
    void listQueuesPaginates() {
        for (int i = 0; i < 5; i++) {
            org.createQueue(prod, "q" + i, null);
        }
        SqsClient sqs = session(TaskPolicy.SQS_UNLOCK, clients::sqs);
        var first = sqs.listQueues(r -> r.maxResults(3));
        assertEquals(3, first.queueUrls().size());
        var rest = sqs.listQueues(r -> r.maxResults(3).nextToken(first.nextToken()));
        assertEquals(2, rest.queueUrls().size());
        assertEquals(null, rest.nextToken());
        assertTrue(rest.queueUrls().get(1).endsWith("/" + prod + "/q4"));
    }
}
