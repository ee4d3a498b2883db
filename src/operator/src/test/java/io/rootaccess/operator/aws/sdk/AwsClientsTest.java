package io.rootaccess.operator.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rootaccess.operator.config.OperatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    /** Only region and endpoints matter here. */
    private static OperatorConfig.Aws config(String region, URI all, Map<String, URI> perService) {
        TestAwsConfig base = new TestAwsConfig(all, Duration.ofSeconds(1));
        return new OperatorConfig.Aws() {
            public String region() {
                return region;
            }

            public Optional<String> roleArn() {
                return Optional.empty();
            }

            public Optional<URI> endpoint() {
                return base.endpoint();
            }

            public Map<String, URI> endpoints() {
                return perService;
            }

            public Optional<String> accessKeyId() {
                return base.accessKeyId();
            }

            public Optional<String> secretAccessKey() {
                return base.secretAccessKey();
            }

            public int sessionDurationSeconds() {
                return 900;
            }

            public Duration sessionRenewBefore() {
                return Duration.ofSeconds(120);
            }

            public Duration callTimeout() {
                return Duration.ofSeconds(1);
            }

            public int maxAttempts() {
                return 4;
            }

            public Map<String, OperatorConfig.RateLimit> rateLimits() {
                return Map.of();
            }
        };
    }

    @Test
    void perServiceEndpointWinsOverTheSharedOne() {
        URI all = URI.create("http://127.0.0.1:4566");
        URI sts = URI.create("http://127.0.0.1:9999");
        try (AwsClients clients = new AwsClients(config("eu-west-1", all, Map.of("sts", sts)))) {
            assertEquals(Optional.of(sts), clients.endpointFor("sts"));
            assertEquals(Optional.of(all), clients.endpointFor("iam"));
        }
        try (AwsClients clients = new AwsClients(config("eu-west-1", null, Map.of()))) {
            assertEquals(Optional.empty(), clients.endpointFor("organizations"));
        }
    }

    @Test
    void theGlobalPseudoRegionIsReplacedByARegionalOne() {
        try (AwsClients clients = new AwsClients(config("aws-global", null, Map.of()))) {
            assertEquals(Region.US_EAST_1, clients.region());
        }
        try (AwsClients clients = new AwsClients(config("eu-central-1", null, Map.of()))) {
            assertEquals(Region.EU_CENTRAL_1, clients.region());
        }
    }
}
