package io.rootaccess.tools.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's view of the operator's /q/metrics: the final scrape, saved beside the report as
 * metrics.prom once it shows the final state (the operator recounts its resource gauges every few
 * seconds, so the scrape is repeated until its compliant count is the demo's, for at most 15 s).
 */
final class DemoMetrics {
    private static final Pattern COMPLIANT =
            Pattern.compile(
                    "(?m)^rootaccess_accounts\\{[^}]*phase=\"Compliant\"[^}]*} ([0-9.Ee+-]+)$");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private DemoMetrics() {}

    static Path saveFinalScrape(URI endpoint, long compliantAccounts, Path dir)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body;
        while (true) {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(endpoint)
                                    .timeout(Duration.ofSeconds(30))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(endpoint + " answered " + response.statusCode());
            }
            body = response.body();
            if (compliant(body) == compliantAccounts || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        Files.createDirectories(dir);
        Path file = dir.resolve("metrics.prom");
        Files.writeString(file, body);
        return file;
    }

    /** The sum of the compliant-accounts gauge over every policy and namespace in a scrape. */
    static long compliant(String scrape) {
        Matcher m = COMPLIANT.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return Math.round(sum);
    }
}
