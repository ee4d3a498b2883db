package io.rootaccess.operator.logging;

import static io.rootaccess.operator.testing.SandboxResource.sandbox;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.MemberAccountRootState;
import io.rootaccess.operator.api.policy.RootAccessPolicy;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskPhase;
import io.rootaccess.operator.api.task.TaskType;
import io.rootaccess.operator.testing.MockApiServer;
import io.rootaccess.operator.testing.Namespaces;
import io.rootaccess.operator.testing.Policies;
import io.rootaccess.operator.testing.SandboxResource;
import io.rootaccess.operator.testing.Tasks;
import io.rootaccess.sandbox.SandboxOrganization;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * Issue 12.8: no secret access key or session token the sandbox issued during a run appears in any
 * operator log line (io.rootaccess and the whole AWS SDK at DEBUG, so only the pinned
 * signer/request/wire categories keep headers and bodies out), any Event, any resource (status
 * included) or any ConfigMap. (`make demo` and `make chaos` scan their reports and the operator's
 * own log the same way.)
 */
@QuarkusTest
@QuarkusTestResource(MockApiServer.class)
@QuarkusTestResource(SandboxResource.class)
class SecretsNeverLeakIT {
    static final String NS = "secrets";
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every log record of the process, formatted as a handler would print it (message, parameters,
     * stack). JBoss Logging's printf-style calls ({@code Log.infof}, {@code LOG.debugf}) leave a
     * record whose message is the format and whose parameters are the arguments: the JUL formatter
     * knows only {@code {0}} placeholders and would return the bare format, so the final message is
     * taken from the record itself, and every parameter is scanned as well.
     */
    static final class Capture extends Handler {
        final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message(record));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    line.append(" | ").append(p);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }

        /** The message as the console handler prints it (printf and {0} styles alike). */
        String message(LogRecord record) {
            if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
                return ext.getFormattedMessage();
            }
            return formatter.formatMessage(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Inject KubernetesClient client;

    @Test
    void noIssuedSecretAppearsInLogsEventsOrResources() throws Exception {
        Capture capture = new Capture();
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        // io.rootaccess and the whole AWS SDK at DEBUG for this run (the pinned categories keep
        // their
        // own levels), set on the running application rather than in a profile of its own
        Logger sdk = Logger.getLogger("software.amazon.awssdk");
        Logger operator = Logger.getLogger("io.rootaccess");
        Level sdkLevel = sdk.getLevel();
        Level operatorLevel = operator.getLevel();
        sdk.setLevel(Level.FINE);
        operator.setLevel(Level.FINE);
        root.addHandler(capture);
        try {
            run();
        } finally {
            root.removeHandler(capture);
            sdk.setLevel(sdkLevel);
            operator.setLevel(operatorLevel);
        }
        assertTrue(
                capture.lines.stream().anyMatch(l -> l.startsWith("software.amazon.awssdk")),
                "the AWS SDK's DEBUG lines were captured");

        Set<String> secrets = new TreeSet<>(sandbox().issuedSecrets());
        secrets.add(sandbox().managementCredentials().secretAccessKey());
        long sessions = sandbox().calls().count("sts:AssumeRoot");
        assertTrue(sessions >= 3, "the run opened root sessions: " + sessions);
        assertTrue(
                secrets.size() >= sessions,
                "every session's secret and token collected: " + secrets.size());
        assertTrue(capture.lines.size() > 100, "DEBUG logs were captured: " + capture.lines.size());
        assertTrue(
                capture.lines.stream().anyMatch(l -> l.startsWith("software.amazon.awssdk")),
                "the SDK logged at DEBUG, so the pins are what keeps secrets out");
        // the capture sees the arguments of printf-style calls, not only their format
        assertTrue(
                capture.lines.stream()
                        .noneMatch(l -> l.matches("(?s)io\\.rootaccess\\S* [^|]*%[sd].*")),
                "a printf-style record was captured unformatted");

        Map<String, String> haystacks = new java.util.LinkedHashMap<>();
        haystacks.put("logs", String.join("\n", capture.lines));
        haystacks.put(
                "events",
                JSON.writeValueAsString(client.v1().events().inAnyNamespace().list().getItems()));
        haystacks.put(
                "policies",
                JSON.writeValueAsString(
                        client.resources(RootAccessPolicy.class)
                                .inAnyNamespace()
                                .list()
                                .getItems()));
        haystacks.put(
                "account states",
                JSON.writeValueAsString(
                        client.resources(MemberAccountRootState.class)
                                .inAnyNamespace()
                                .list()
                                .getItems()));
        haystacks.put(
                "tasks",
                JSON.writeValueAsString(
                        client.resources(PrivilegedRootTask.class)
                                .inAnyNamespace()
                                .list()
                                .getItems()));
        haystacks.put(
                "configmaps",
                JSON.writeValueAsString(client.configMaps().inAnyNamespace().list().getItems()));

        List<String> found = new ArrayList<>();
        haystacks.forEach(
                (where, text) -> {
                    for (String secret : secrets) {
                        if (text.contains(secret)) {
                            found.add(where + " contains a secret of length " + secret.length());
                        }
                    }
                });
        assertEquals(List.of(), found);
    }

    private void run() {
        Namespaces.ensure(client, NS);
        SandboxOrganization org = sandbox().organization();
        org.enableCentralRootAccess();
        String workloads =
                org.organizationalUnitIdByName(SandboxResource.WORKLOADS_OU).orElseThrow();
        String security = org.organizationalUnitIdByName(SandboxResource.SECURITY_OU).orElseThrow();
        String prodApp = SandboxResource.accountId(SandboxResource.PROD_APP);
        String legacy = SandboxResource.accountId(SandboxResource.LEGACY);
        org.createBucket(legacy, "leak-locked", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");

        client.resource(policy("absent", RootCredentialsState.Absent, Mode.Enforce, workloads))
                .create();
        client.resource(policy("dry", RootCredentialsState.Absent, Mode.DryRun, security)).create();
        PrivilegedRootTask unlock = task("unlock", legacy, TaskType.UnlockS3BucketPolicy);
        unlock.getSpec().bucketName = "leak-locked";
        client.resource(unlock).create();
        PrivilegedRootTask recovery = task("recovery", prodApp, TaskType.AllowPasswordRecovery);
        recovery.getSpec().duration = "1m";
        client.resource(recovery).create();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                client
                                                .resources(PrivilegedRootTask.class)
                                                .inNamespace(NS)
                                                .list()
                                                .getItems()
                                                .stream()
                                                .allMatch(
                                                        t ->
                                                                t.getStatus() != null
                                                                        && t.getStatus().phase
                                                                                == TaskPhase
                                                                                        .Succeeded)
                                        && client
                                                .resources(RootAccessPolicy.class)
                                                .inNamespace(NS)
                                                .list()
                                                .getItems()
                                                .stream()
                                                .allMatch(
                                                        p ->
                                                                p.getStatus() != null
                                                                        && p
                                                                                .getStatus()
                                                                                .conditions
                                                                                .stream()
                                                                                .anyMatch(
                                                                                        c ->
                                                                                                "Ready"
                                                                                                                .equals(
                                                                                                                        c
                                                                                                                                .getType())
                                                                                                        && "True"
                                                                                                                .equals(
                                                                                                                        c
                                                                                                                                .getStatus()))));
    }

    private static RootAccessPolicy policy(
            String name, RootCredentialsState state, Mode mode, String ou) {
        return Policies.policy(name)
                .inNamespace(NS)
                .mode(mode)
                .state(state)
                .targetingOu(ou)
                .build();
    }

    private static PrivilegedRootTask task(String name, String account, TaskType type) {
        return Tasks.task(account, type).named(name).inNamespace(NS).build();
    }
}
