package io.rootaccess.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

class SandboxMainIT {

    @Test
    void printsTheEndpointAndCredentialsThatWork() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Sandbox sb =
                        SandboxMain.launch(
                                Map.of(
                                        "SANDBOX_PORT",
                                        "0",
                                        "SANDBOX_ACCOUNTS",
                                        "30",
                                        "SANDBOX_RATE_LIMITS",
                                        "false"),
                                new PrintStream(buf, true, StandardCharsets.UTF_8));
                SdkClients clients = new SdkClients(sb)) {
            String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(
                    "sandbox listening on http://127.0.0.1:" + sb.endpoint().getPort(), lines[0]);
            String keyId = lines[2].substring(lines[2].lastIndexOf(' ') + 1);
            String secret = lines[3].substring(lines[3].lastIndexOf(' ') + 1);
            var orgs = clients.organizations(AwsBasicCredentials.create(keyId, secret));
            assertEquals(
                    31,
                    orgs.listAccountsPaginator(r -> {}).stream()
                            .mapToInt(p -> p.accounts().size())
                            .sum());
        }
    }

    @Test
    void seedsFromAFileAndRejectsBadSettings() throws Exception {
        try (Sandbox sb =
                SandboxMain.launch(
                        Map.of(
                                "SANDBOX_PORT",
                                "0",
                                "SANDBOX_SEED",
                                "examples/sandbox/locked-down.yaml"),
                        new PrintStream(
                                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertTrue(sb.organization().trustedAccessForIam());
            assertTrue(sb.organization().accountIdByName("data-lake").isPresent());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> SandboxMain.launch(Map.of("SANDBOX_PORT", "many"), System.out));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        SandboxMain.launch(
                                Map.of("SANDBOX_PORT", "0", "SANDBOX_THROTTLE", "2"), System.out));
        assertThrows(
                java.io.IOException.class,
                () ->
                        SandboxMain.launch(
                                Map.of("SANDBOX_PORT", "0", "SANDBOX_SEED", "no/such.yaml"),
                                System.out));
    }

    @Test
    void realismKnobsFromTheEnvironmentApplyAndArePrinted() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Sandbox sb =
                        SandboxMain.launch(
                                Map.of(
                                        "SANDBOX_PORT",
                                        "0",
                                        "SANDBOX_ACCOUNTS",
                                        "3",
                                        "SANDBOX_THROTTLE",
                                        "1",
                                        "SANDBOX_LATENCY",
                                        "5ms",
                                        "SANDBOX_RATE_LIMITS",
                                        "iam:*=50"),
                                new PrintStream(buf, true, StandardCharsets.UTF_8));
                SdkClients clients = new SdkClients(sb)) {
            String out = buf.toString(StandardCharsets.UTF_8);
            assertTrue(
                    out.contains(
                            "realism: latency 5 ms (±25%), throttle 1.0, 5xx 0.0, timeouts 0.0"),
                    out);
            assertTrue(out.contains("rate limits defaults + {iam:*="), out);
            assertTrue(out.contains("call log: curl " + sb.endpoint() + "/_sandbox/calls"), out);
            var e =
                    assertThrows(
                            software.amazon.awssdk.services.sts.model.StsException.class,
                            () -> clients.managementSts().getCallerIdentity(r -> {}));
            assertEquals("Throttling", e.awsErrorDetails().errorCode());
        }
    }
}
