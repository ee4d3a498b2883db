package io.rootaccess.operator.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.OrganizationInfo;
import io.rootaccess.operator.aws.OrganizationSnapshot;
import io.rootaccess.operator.aws.pacing.ApiRateLimiter;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import io.rootaccess.operator.aws.pacing.Pacing;
import io.rootaccess.operator.config.OperatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in, read-only checks against a real AWS Organization with the default credential chain (run
 * from the management account or the IAM delegated administrator): {@code ROOTACCESS_REAL_AWS=true
 * AWS_PROFILE=... mvn test -Dtest=RealAwsReadOnlyIT}. It calls only Describe/List operations: no
 * root session is opened and nothing is changed.
 */
@EnabledIfEnvironmentVariable(named = "ROOTACCESS_REAL_AWS", matches = "true")
class RealAwsReadOnlyIT {

    private static OperatorConfig.Aws realAws() {
        return new OperatorConfig.Aws() {
            public String region() {
                return Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1");
            }

            public Optional<String> roleArn() {
                return Optional.ofNullable(System.getenv("ROOTACCESS_AWS_ROLE_ARN"));
            }

            public Optional<URI> endpoint() {
                return Optional.empty();
            }

            public Map<String, URI> endpoints() {
                return Map.of();
            }

            public Optional<String> accessKeyId() {
                return Optional.empty();
            }

            public Optional<String> secretAccessKey() {
                return Optional.empty();
            }

            public int sessionDurationSeconds() {
                return 900;
            }

            public Duration sessionRenewBefore() {
                return Duration.ofSeconds(120);
            }

            public Duration callTimeout() {
                return Duration.ofSeconds(10);
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
    void readsTheOrganizationAndItsSwitches() {
        try (AwsClients clients = new AwsClients(realAws())) {
            AwsCalls calls =
                    new AwsCalls(
                            new ApiRateLimiter(Map.of(), Pacing.SYSTEM),
                            Pacing.SYSTEM,
                            4,
                            Duration.ofSeconds(10));
            var directory =
                    new SdkOrganizationDirectory(
                            clients, calls, java.time.Clock.systemUTC(), Integer.MAX_VALUE);
            OrganizationInfo org = directory.describeOrganization();
            assertTrue(org.id().startsWith("o-"), org.id());
            assertEquals(12, org.managementAccountId().length());

            OrganizationSnapshot snapshot = directory.snapshot();
            assertTrue(snapshot.accounts().containsKey(org.managementAccountId()));
            assertTrue(snapshot.rootId().startsWith("r-"), snapshot.rootId());
            snapshot.accounts()
                    .keySet()
                    .forEach(id -> assertFalse(snapshot.path(id).isEmpty(), id + " has no parent"));

            var features = new SdkOrganizationFeatures(clients, calls);
            if (features.trustedAccessForIam()) {
                features.enabledFeatures(); // answers without error once trusted access is on
            }
            features.delegatedAdministrator();
        }
    }
}
