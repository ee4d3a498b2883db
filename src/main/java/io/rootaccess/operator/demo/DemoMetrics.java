package io.rootaccess.operator.demo;

import io.rootaccess.operator.metrics.ResourceMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The demo's view of /q/metrics: the URL to look at while it runs (the demo takes a free port, so
 * the real one is read after start), and the final scrape saved beside the report as metrics.prom.
 */
final class DemoMetrics {
    private DemoMetrics() {}

    /** The endpoint on the port Quarkus actually bound (quarkus.http.port=0 picks a free one). */
    static Optional<URI> endpoint() {
        String port = System.getProperty("quarkus.http.port");
        if (port == null || "0".equals(port)) {
            port =
                    ConfigProvider.getConfig()
                            .getOptionalValue("quarkus.http.port", String.class)
                            .orElse(null);
        }
        if (port == null || "0".equals(port)) {
            return Optional.empty();
        }
        return Optional.of(URI.create("http://127.0.0.1:" + port + "/q/metrics"));
    }

    /**
     * Recounts the resource gauges (so the file shows the final state), scrapes, writes {@code
     * dir}/metrics.prom.
     */
    static Path saveFinalScrape(URI endpoint, ResourceMetrics resources, Path dir)
            throws IOException, InterruptedException {
        resources.refresh();
        HttpResponse<String> response =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()
                        .send(
                                HttpRequest.newBuilder(endpoint)
                                        .timeout(Duration.ofSeconds(30))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(endpoint + " answered " + response.statusCode());
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("metrics.prom");
        Files.writeString(file, response.body());
        return file;
    }
}
