package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.config.OperatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients, built on first use from {@link OperatorConfig} (so the operator starts without
 * AWS reachable) and shared by every bean: one Apache HTTP client, the SDK's retries off (AwsCalls
 * retries), call timeouts from config, endpoint overrides for the sandbox or LocalStack.
 * Credentials: static keys when configured (sandbox only), otherwise the default chain (IRSA web
 * identity, EKS Pod Identity, environment, profile), optionally used to assume
 * rootaccess.aws.role-arn. Root-session calls reuse these clients with a per-request credentials
 * override.
 */
public class AwsClients implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AwsClients.class);
    static final String ROLE_SESSION_NAME = "root-access-operator";

    private final OperatorConfig.Aws config;
    private final Lazy<SdkHttpClient> http = new Lazy<>(this::buildHttp);
    private final Lazy<AwsCredentialsProvider> credentials = new Lazy<>(this::buildCredentials);
    private final Lazy<IamClient> iam =
            new Lazy<>(() -> configure(IamClient.builder(), "iam").build());
    private final Lazy<StsClient> sts =
            new Lazy<>(() -> configure(StsClient.builder(), "sts").build());
    private final Lazy<OrganizationsClient> organizations =
            new Lazy<>(() -> configure(OrganizationsClient.builder(), "organizations").build());
    private final Lazy<S3Client> s3 = new Lazy<>(this::buildS3);
    private final Lazy<SqsClient> sqs =
            new Lazy<>(() -> configure(SqsClient.builder(), "sqs").build());
    private volatile StsClient baseSts;

    public AwsClients(OperatorConfig.Aws config) {
        this.config = config;
    }

    public IamClient iam() {
        return iam.get();
    }

    public StsClient sts() {
        return sts.get();
    }

    public OrganizationsClient organizations() {
        return organizations.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public SqsClient sqs() {
        return sqs.get();
    }

    /**
     * Builds the clients every first convergence uses (Organizations, STS, IAM) without calling
     * AWS. Built on first use instead, their class loading and endpoint rules delayed the first AWS
     * call of a fresh operator by about half a second (`make bench`: 1.1-1.5 s from the apply, now
     * 0.7 s). A failure is left for the first use to report, on the resource.
     */
    /**
     * An SQS client of its own for long polling the management account's event queue: its reads
     * outlast a ReceiveMessage's wait (the shared clients time out after
     * rootaccess.aws.call-timeout), in the queue's region when its URL names one. The caller closes
     * it.
     */
    public SqsClient longPollingSqs(String queueUrl, Duration wait) {
        Duration timeout = wait.plus(config.callTimeout());
        var builder =
                configure(SqsClient.builder(), "sqs")
                        .httpClient(
                                ApacheHttpClient.builder()
                                        .maxConnections(4)
                                        .connectionTimeout(Duration.ofSeconds(5))
                                        .socketTimeout(timeout)
                                        .build())
                        .overrideConfiguration(
                                ClientOverrideConfiguration.builder()
                                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                                        .apiCallAttemptTimeout(timeout)
                                        .apiCallTimeout(timeout)
                                        .build());
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^https://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com/")
                        .matcher(queueUrl);
        if (m.find()) {
            builder.region(Region.of(m.group(1)));
        }
        return builder.build();
    }

    public void warmUp() {
        try {
            organizations();
            sts();
            iam();
        } catch (RuntimeException e) {
            LOG.debugf("AWS clients not built ahead of use: %s", e.getMessage());
        }
    }

    /** A concrete region: sts:AssumeRoot is refused by the global STS endpoint. */
    Region region() {
        String name = config.region();
        if (name == null || name.isBlank() || name.startsWith("aws-global")) {
            LOG.warnf(
                    "rootaccess.aws.region=%s is not a concrete region (sts:AssumeRoot needs a regional endpoint);"
                            + " using us-east-1",
                    name);
            return Region.US_EAST_1;
        }
        return Region.of(name);
    }

    Optional<URI> endpointFor(String service) {
        URI own = config.endpoints().get(service);
        return own != null ? Optional.of(own) : config.endpoint();
    }

    private <
                    B extends
                            AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder
                                                    .AwsSyncClientBuilder<
                                            B, C>,
                    C>
            B configure(B builder, String service) {
        return configure(builder, service, credentials.get());
    }

    private <
                    B extends
                            AwsClientBuilder<B, C>
                                    & software.amazon.awssdk.awscore.client.builder
                                                    .AwsSyncClientBuilder<
                                            B, C>,
                    C>
            B configure(B builder, String service, AwsCredentialsProvider provider) {
        builder.region(region())
                .credentialsProvider(provider)
                .httpClient(http.get())
                .overrideConfiguration(overrides());
        endpointFor(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private ClientOverrideConfiguration overrides() {
        Duration timeout = config.callTimeout();
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(timeout)
                .apiCallTimeout(timeout)
                .build();
    }

    private S3Client buildS3() {
        var builder =
                configure(S3Client.builder(), "s3")
                        // Only checksum when S3 requires it: LocalStack-style stand-ins and the
                        // sandbox stay compatible.
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpointFor("s3").isPresent()) {
            builder.forcePathStyle(true); // http://host:port/<bucket>, no DNS per bucket
        } else {
            builder.crossRegionAccessEnabled(true); // member buckets live in any region
        }
        return builder.build();
    }

    private SdkHttpClient buildHttp() {
        Duration timeout = config.callTimeout();
        Duration connect =
                timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        return ApacheHttpClient.builder()
                .maxConnections(64)
                .connectionTimeout(connect)
                .socketTimeout(timeout)
                .connectionAcquisitionTimeout(timeout)
                .build();
    }

    private AwsCredentialsProvider buildCredentials() {
        AwsCredentialsProvider base;
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            base =
                    StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(
                                    config.accessKeyId().get(), config.secretAccessKey().get()));
            LOG.debugf("AWS identity: static access key %s", config.accessKeyId().get());
        } else {
            base = DefaultCredentialsProvider.builder().build();
            LOG.debug("AWS identity: default credential chain");
        }
        if (config.roleArn().isEmpty()) {
            return base;
        }
        // The role is assumed with the base identity through its own STS client.
        baseSts = configure(StsClient.builder(), "sts", base).build();
        String roleArn = config.roleArn().get();
        LOG.debugf("AWS identity: assuming %s", roleArn);
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(baseSts)
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(ROLE_SESSION_NAME))
                .build();
    }

    @Override
    public void close() {
        for (Lazy<? extends SdkAutoCloseable> client :
                java.util.List.of(iam, sts, organizations, s3, sqs)) {
            client.ifBuilt(SdkAutoCloseable::close);
        }
        credentials.ifBuilt(
                c -> {
                    if (c instanceof SdkAutoCloseable closeable) {
                        closeable.close();
                    }
                });
        if (baseSts != null) {
            baseSts.close();
        }
        http.ifBuilt(SdkHttpClient::close);
    }

    /** Built once, on first use, thread-safe. */
    static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = factory.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        void ifBuilt(java.util.function.Consumer<T> action) {
            T v = value;
            if (v != null) {
                action.accept(v);
            }
        }
    }
}
