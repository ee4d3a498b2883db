package io.rootaccess.operator.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.SandboxResource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the chart's and kustomize base's liveness and readiness probes call answer UP once
 * the controllers run.
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class HealthEndpointsIT {

    @TestHTTPResource("/q/health/live")
    URL live;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void livenessIsUp() throws Exception {
        JsonNode body = get(live);
        assertEquals("UP", body.path("status").asText(), body.toString());
    }

    @Test
    void readinessIsUpAndIncludesTheControllers() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> {
                            JsonNode body = get(ready);
                            assertEquals("UP", body.path("status").asText(), body.toString());
                            List<String> checks = new ArrayList<>();
                            body.path("checks").forEach(c -> checks.add(c.path("name").asText()));
                            // QOSDK's check reports every registered controller: a readiness
                            // without it would be hollow.
                            assertEquals(
                                    true,
                                    checks.stream()
                                            .anyMatch(n -> n.toLowerCase().contains("operator")),
                                    "checks: " + checks);
                        });
    }

    private JsonNode get(URL url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url.toString()))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + " answered " + response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
