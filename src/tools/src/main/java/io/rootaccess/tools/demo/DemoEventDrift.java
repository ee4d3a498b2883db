package io.rootaccess.tools.demo;

import io.rootaccess.operator.api.CredentialType;
import io.rootaccess.operator.api.Mode;
import io.rootaccess.operator.api.RootCredentialsState;
import io.rootaccess.operator.api.account.AccountPhase;
import io.rootaccess.sandbox.Sandbox;
import io.rootaccess.sandbox.SecondPrincipal;
import io.rootaccess.tools.lab.ClusterProgress;
import io.rootaccess.tools.lab.LabCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's look at the event source (docs/events.md): once the organization converged, a second
 * principal of the management account allows password recovery for one compliant account behind the
 * operator's back and creates a login profile there. The sandbox puts the AssumeRoot into the
 * management account's event queue; the operator reads it and removes the password. Waits until the
 * sandbox shows the password gone and the account's resource says Compliant, then reads the
 * operator's event counters.
 */
final class DemoEventDrift {
    static final String PRINCIPAL = "second-admin";

    /**
     * The second principal's recovery session: short, since the operator audits the account again 5
     * s after the session expires (a login profile created after its first audit goes then).
     */
    static final int SESSION_SECONDS = 5;

    /** Repaired within this much after the event, or the demo fails. */
    static final Duration REPAIR_TIMEOUT = Duration.ofSeconds(45);

    private static final Set<String> NAMED =
            Set.of(
                    DemoOrganization.BREAK_GLASS_ACCOUNT,
                    DemoOrganization.LOCKED_ACCOUNT,
                    DemoOrganization.HAND_MANAGED_ACCOUNT);
    private static final Pattern RECEIVED =
            Pattern.compile("(?m)^rootaccess_events_received_total(?:\\{[^}]*})? ([0-9.Ee+-]+)$");
    private static final Pattern HANDLED =
            Pattern.compile(
                    "(?m)^rootaccess_events_total\\{([^}]*outcome=\"handled\"[^}]*)}"
                            + " ([0-9.Ee+-]+)$");

    /**
     * What happened: the account, the seconds from the event (the second principal's AssumeRoot) to
     * repaired (empty: not repaired in time), and the operator's event counters afterwards.
     */
    record Result(
            String accountId,
            Optional<Double> repairSeconds,
            long eventsReceived,
            long eventsHandled,
            long recoveriesHandled) {
        boolean repaired() {
            return repairSeconds.isPresent();
        }

        String line() {
            return repaired()
                    ? String.format(
                            Locale.ROOT,
                            "demo: event source: password recovery allowed in %s behind the"
                                    + " operator's back, repaired %.1fs after the event; events"
                                    + " received %d, handled %d (recovery_allowed %d)",
                            accountId,
                            repairSeconds.get(),
                            eventsReceived,
                            eventsHandled,
                            recoveriesHandled)
                    : String.format(
                            Locale.ROOT,
                            "demo: FAILED: event source: password recovery allowed in %s behind"
                                    + " the operator's back was not repaired within %ds; events"
                                    + " received %d, handled %d (recovery_allowed %d)",
                            accountId,
                            REPAIR_TIMEOUT.toSeconds(),
                            eventsReceived,
                            eventsHandled,
                            recoveriesHandled);
        }
    }

    private DemoEventDrift() {}

    /** Empty when no account qualifies (nothing compliant under an enforcing Absent state). */
    static Optional<Result> run(LabCluster cluster, URI metrics, PrintStream out)
            throws IOException, InterruptedException {
        Sandbox sandbox = cluster.sandbox();
        Optional<String> target = target(cluster.observe());
        if (target.isEmpty()) {
            out.println("demo: FAILED: event source: no compliant account to drift");
            return Optional.empty();
        }
        String account = target.get();
        long event =
                new SecondPrincipal(sandbox, PRINCIPAL)
                        .allowPasswordRecovery(account, SESSION_SECONDS);
        long deadline = event + REPAIR_TIMEOUT.toNanos();
        Optional<Double> repaired = Optional.empty();
        while (System.nanoTime() < deadline) {
            if (!sandbox.organization().rootUser(account).hasPassword()
                    && compliant(cluster, account)) {
                repaired = Optional.of(Math.round((System.nanoTime() - event) / 1e8) / 10.0);
                break;
            }
            Thread.sleep(100);
        }
        // the recovery's message is handled (and deleted) once its second audit ran, after the
        // session's expiry: wait for the counter, bounded by the same deadline
        String scrape = scrape(metrics);
        while (repaired.isPresent()
                && handled(scrape, "recovery_allowed") < 1
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
            scrape = scrape(metrics);
        }
        return Optional.of(
                new Result(
                        account,
                        repaired,
                        received(scrape),
                        handled(scrape, null),
                        handled(scrape, "recovery_allowed")));
    }

    /**
     * A generated account (not one the examples name) whose resource is Compliant under an
     * enforcing Absent state that covers the password, the first by id.
     */
    static Optional<String> target(ClusterProgress progress) {
        return progress.accounts().stream()
                .filter(a -> a.getStatus() != null && a.getStatus().phase == AccountPhase.Compliant)
                .filter(a -> a.getSpec().mode == Mode.Enforce && !a.getSpec().suspend)
                .filter(a -> a.getSpec().rootCredentials.state == RootCredentialsState.Absent)
                .filter(a -> coversPassword(a.getSpec().rootCredentials.credentialTypes))
                .map(a -> a.getSpec().accountId)
                .filter(id -> !NAMED.contains(id))
                .sorted()
                .findFirst();
    }

    /** No types listed means all four. */
    private static boolean coversPassword(java.util.List<CredentialType> types) {
        return types == null || types.isEmpty() || types.contains(CredentialType.Password);
    }

    private static boolean compliant(LabCluster cluster, String account) {
        return cluster.observe().accounts().stream()
                .anyMatch(
                        a ->
                                account.equals(a.getSpec().accountId)
                                        && a.getStatus() != null
                                        && a.getStatus().phase == AccountPhase.Compliant);
    }

    private static String scrape(URI endpoint) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(endpoint)
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(endpoint + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Events handled, of one kind (label value) or of every kind (null). */
    static long handled(String scrape, String kind) {
        Matcher m = HANDLED.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            if (kind == null || m.group(1).contains("kind=\"" + kind + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return Math.round(sum);
    }

    /** Messages the operator received from the event queue. */
    static long received(String scrape) {
        Matcher m = RECEIVED.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return Math.round(sum);
    }
}
