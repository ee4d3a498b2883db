package io.rootaccess.sandbox;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRootResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Real AWS SDK v2 clients pointed at a sandbox, without retries so tests see every error. */
public final class SdkClients implements AutoCloseable {
    private final Sandbox sb;
    private final List<AutoCloseable> open = new ArrayList<>();

    public SdkClients(Sandbox sb) {
        this.sb = sb;
    }

    public static AwsCredentials of(SandboxCredentials c) {
        return AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey());
    }

    public static AwsCredentials of(AssumeRootResponse r) {
        Credentials c = r.credentials();
        return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    }

    <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C build(
            B builder, AwsCredentials creds) {
        builder.endpointOverride(sb.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(creds));
        builder.overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)));
        C client = builder.build();
        open.add(client);
        return client;
    }

    public StsClient sts(AwsCredentials c) {
        return build(StsClient.builder(), c);
    }

    public IamClient iam(AwsCredentials c) {
        return build(IamClient.builder(), c);
    }

    public OrganizationsClient organizations(AwsCredentials c) {
        return build(OrganizationsClient.builder(), c);
    }

    public SqsClient sqs(AwsCredentials c) {
        return build(SqsClient.builder(), c);
    }

    public S3Client s3(AwsCredentials c) {
        S3Client client =
                S3Client.builder()
                        .endpointOverride(sb.endpoint())
                        .region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(c))
                        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
                        .build();
        open.add(client);
        return client;
    }

    public StsClient managementSts() {
        return sts(of(sb.managementCredentials()));
    }

    public IamClient managementIam() {
        return iam(of(sb.managementCredentials()));
    }

    public OrganizationsClient managementOrganizations() {
        return organizations(of(sb.managementCredentials()));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
