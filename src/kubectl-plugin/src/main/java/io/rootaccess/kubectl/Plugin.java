package io.rootaccess.kubectl;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rootaccess.kubectl.cluster.Cluster;
import io.rootaccess.kubectl.cluster.Connection;
import io.rootaccess.kubectl.cluster.OperatorVersion;
import io.rootaccess.kubectl.cluster.ResourceReader;
import io.rootaccess.kubectl.model.Snapshot;
import io.rootaccess.kubectl.plan.PlanView;
import io.rootaccess.kubectl.report.RootCredentialsReport;
import io.rootaccess.kubectl.status.StatusView;
import io.rootaccess.kubectl.why.WhyView;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * `kubectl rootaccess`: parses the line, reads the three kinds with the user's kubeconfig, prints
 * the view and returns the exit code ({@link ExitCode}). Every failure is one line on stderr,
 * "error: ...", and nothing on stdout.
 */
public final class Plugin {
    static final String USAGE =
            """
            kubectl rootaccess: the root access operator's resources, explained.

            Usage:
              kubectl rootaccess status [-n NAMESPACE | -A]
                  the organization at a glance: policies with mode and counts, accounts by phase,
                  what needs a person and why, tasks in flight
              kubectl rootaccess why ACCOUNT_ID [-n NAMESPACE | -A]
                  which policies select the account and which one acts, its state, plan, blockers,
                  hold, tasks and last actions (with session key ids for CloudTrail)
              kubectl rootaccess plan POLICY [-n NAMESPACE]
                  what the policy would change if it were enforced; exit 0 when nothing would
                  change, 2 when something would (or the plan is not complete)
              kubectl rootaccess report [--format csv|json|md] [--output FILE] [-n NAMESPACE | -A]
                  one row per account for an auditor's evidence folder, with the body's SHA-256

            Options:
              -n, --namespace NAMESPACE   the namespace (default: the kubeconfig context's)
              -A, --all-namespaces        every namespace
                  --kubeconfig FILE       the kubeconfig (default: $KUBECONFIG, ~/.kube/config)
                  --context NAME          a context of the kubeconfig
                  --format csv|json|md    report only (default csv)
              -o, --output FILE           report only: write to FILE instead of stdout
              -h, --help                  this text
                  --version               the plugin's version

            Exit codes:
            """;

    /** Set (to anything) for the stack trace of an unexpected error. */
    static final String DEBUG = "KUBECTL_ROOTACCESS_DEBUG";

    private final Clock clock;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    public Plugin(Clock clock, Map<String, String> env, PrintStream out, PrintStream err) {
        this.clock = clock;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        try {
            Arguments a = Arguments.parse(args);
            if (a.help()) {
                out.print(usage());
                return ExitCode.OK.code;
            }
            if (a.version() || "version".equals(a.command())) {
                out.println("kubectl-rootaccess " + version());
                return ExitCode.OK.code;
            }
            return execute(a).code;
        } catch (PluginException e) {
            err.println("error: " + e.getMessage());
            return e.exitCode().code;
        } catch (KubernetesClientException e) {
            // a call outside ResourceReader's translation: still one line
            err.println("error: the Kubernetes API failed: " + e.getMessage());
            return ExitCode.ERROR.code;
        } catch (IOException | RuntimeException e) {
            if (env.containsKey(DEBUG)) {
                e.printStackTrace(err);
            }
            err.println("error: " + e + " (" + DEBUG + "=1 prints the stack trace)");
            return ExitCode.ERROR.code;
        }
    }

    private ExitCode execute(Arguments a) throws IOException {
        // checked before connecting: a malformed id is a usage error, whatever the cluster
        if ("why".equals(a.command())
                && !WhyView.ACCOUNT_ID.matcher(a.operands().get(0)).matches()) {
            throw new PluginException(
                    ExitCode.USAGE,
                    "ACCOUNT_ID must be a 12-digit AWS account id, got '"
                            + a.operands().get(0)
                            + "'");
        }
        try (Cluster cluster = Connection.open(a.kubeconfig(), a.context(), env)) {
            String namespace =
                    a.allNamespaces()
                            ? null
                            : a.namespace() != null ? a.namespace() : cluster.defaultNamespace();
            Snapshot snapshot = new ResourceReader(cluster.client()).read(namespace);
            switch (a.command()) {
                case "status" -> out.print(StatusView.render(snapshot, clock.instant()));
                case "why" ->
                        out.print(WhyView.render(snapshot, a.operands().get(0), clock.instant()));
                case "plan" -> {
                    PlanView.Result r =
                            PlanView.render(snapshot, a.operands().get(0), clock.instant());
                    out.print(r.text());
                    return r.exitCode();
                }
                case "report" -> {
                    String operatorVersion =
                            OperatorVersion.find(
                                    cluster.client(),
                                    namespace != null ? namespace : cluster.defaultNamespace());
                    RootCredentialsReport report =
                            RootCredentialsReport.build(snapshot, clock.instant(), operatorVersion);
                    if (a.output() == null) {
                        out.print(report.render(a.format()));
                    } else {
                        String sha = report.write(Path.of(a.output()), a.format());
                        err.println(
                                "report written to "
                                        + a.output()
                                        + " ("
                                        + report.rows().size()
                                        + " accounts, body sha256 "
                                        + sha
                                        + ")");
                    }
                }
                default -> throw new IllegalStateException("command " + a.command());
            }
            return ExitCode.OK;
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder(USAGE);
        for (ExitCode c : ExitCode.values()) {
            b.append("  ").append(c.code).append("  ").append(c.meaning).append('\n');
        }
        return b.toString();
    }

    /** The jar's Implementation-Version (set by the build), or "development". */
    static String version() {
        String v = Plugin.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
