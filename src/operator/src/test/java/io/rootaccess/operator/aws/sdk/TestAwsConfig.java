package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.config.OperatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** OperatorConfig.Aws for tests that build the aws beans by hand. */
public record TestAwsConfig(URI endpointUri, Duration callTimeout, String keyId, String secret)
        implements OperatorConfig.Aws {

    public TestAwsConfig(URI endpointUri, Duration callTimeout) {
        this(endpointUri, callTimeout, "AKIATESTOPERATOR0001", "operator-secret-not-real");
    }

    public TestAwsConfig withCredentials(String accessKeyId, String secretAccessKey) {
        return new TestAwsConfig(endpointUri, callTimeout, accessKeyId, secretAccessKey);
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public Optional<String> roleArn() {
        return Optional.empty();
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpointUri);
    }

    @Override
    public Map<String, URI> endpoints() {
        return Map.of();
    }

    @Override
    public Optional<String> accessKeyId() {
        return Optional.of(keyId);
    }

    @Override
    public Optional<String> secretAccessKey() {
        return Optional.of(secret);
    }

    @Override
    public int sessionDurationSeconds() {
        return 900;
    }

    @Override
    public Duration sessionRenewBefore() {
        return Duration.ofSeconds(120);
    }

    @Override
    public int maxAttempts() {
        return 4;
    }

    @Override
    public Map<String, OperatorConfig.RateLimit> rateLimits() {
        return Map.of();
    }
}
