package io.rootaccess.operator.aws.organization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.organization.ConfigMapTagReadStore.Stored;
import io.rootaccess.operator.aws.organization.TagReadStore.TagRead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ConfigMapTagReadStoreTest {

    /** A ConfigMap holds at most 1 MiB; the cache must leave most of it free. */
    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void encodeThenDecodeGivesTheSameReads() throws IOException {
        Instant t = Instant.parse("2026-11-27T06:00:00.123Z");
        Map<String, TagRead> reads =
                Map.of(
                        "111111111111",
                        new TagRead(Map.of("env", "prod", "team", "blue \"quoted\" é"), t),
                        "222222222222",
                        new TagRead(Map.of(), t.plusSeconds(5)));

        Stored back = ConfigMapTagReadStore.decode(ConfigMapTagReadStore.encode("o-abc", reads));

        assertEquals("o-abc", back.organizationId());
        assertEquals(reads, back.reads());
    }

    @Test
    void readTimesKeepMilliseconds() throws IOException {
        Instant t = Instant.parse("2026-11-27T06:00:00.123456789Z");
        Stored back =
                ConfigMapTagReadStore.decode(
                        ConfigMapTagReadStore.encode(
                                "o-abc", Map.of("111111111111", new TagRead(Map.of(), t))));
        assertEquals(
                Instant.parse("2026-11-27T06:00:00.123Z"),
                back.reads().get("111111111111").readAt());
    }

    @Test
    void tenThousandAccountsWithFiveTagsFitWellUnderAConfigMapsLimit() throws IOException {
        Random random = new Random(7);
        Instant sweep = Instant.parse("2026-11-27T06:00:00Z");
        Map<String, TagRead> reads = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String id = String.format("%012d", Math.abs(random.nextLong()) % 1_000_000_000_000L);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("env", random.nextBoolean() ? "prod" : "dev");
            tags.put("team", "team-" + random.nextInt(200));
            tags.put("cost-center", "cc-" + (10_000 + random.nextInt(90_000)));
            tags.put("owner", "owner-" + random.nextInt(5_000) + "@example.com");
            tags.put("application", "app-" + Long.toString(random.nextLong() & 0xffffffL, 36));
            // one read every 200 ms, as organizations-read paces them
            reads.put(id, new TagRead(tags, sweep.plusMillis(200L * i + random.nextInt(50))));
        }

        byte[] gzipped = ConfigMapTagReadStore.encode("o-exampleorgid", reads);
        int stored = Base64.getEncoder().encodeToString(gzipped).length();
        System.out.printf(
                "tag cache of %d accounts x 5 tags: %d bytes stored (base64 of %d gzip bytes)%n",
                reads.size(), stored, gzipped.length);

        assertTrue(stored < ONE_MIB / 2, "stored " + stored + " bytes");
        assertTrue(stored < ConfigMapTagReadStore.MAX_STORED_BYTES);
        assertEquals(reads.size(), ConfigMapTagReadStore.decode(gzipped).reads().size());
        assertEquals(reads, ConfigMapTagReadStore.decode(gzipped).reads());
    }

    @Test
    void aDocumentOfAnotherFormatOrNoGzipIsRefused() throws IOException {
        assertThrows(
                IOException.class,
                () ->
                        ConfigMapTagReadStore.decode(
                                gzip("{\"format\":2,\"organizationId\":\"o-a\",\"accounts\":{}}")));
        assertThrows(
                IOException.class,
                () -> ConfigMapTagReadStore.decode(gzip("{\"format\":1,\"accounts\":{}}")));
        assertThrows(
                IOException.class,
                () ->
                        ConfigMapTagReadStore.decode(
                                gzip(
                                        "{\"format\":1,\"organizationId\":\"o-a\",\"accounts\":"
                                                + "{\"111111111111\":{\"tags\":{}}}}")));
        assertThrows(
                IOException.class,
                () -> ConfigMapTagReadStore.decode("not gzip".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] gzip(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
