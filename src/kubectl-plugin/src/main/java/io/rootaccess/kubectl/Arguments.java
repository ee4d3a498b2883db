package io.rootaccess.kubectl;

import io.rootaccess.kubectl.report.ReportFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: a command, its operands and kubectl-style options, in any order ({@code --opt
 * value} or {@code --opt=value}). Malformed lines are a {@link ExitCode#USAGE} error before
 * anything connects to the cluster.
 */
record Arguments(
        String command,
        List<String> operands,
        String namespace,
        boolean allNamespaces,
        String kubeconfig,
        String context,
        ReportFormat format,
        String output,
        boolean help,
        boolean version) {

    static final List<String> COMMANDS =
            List.of("status", "why", "plan", "report", "help", "version");

    static Arguments parse(String... args) {
        String command = null;
        List<String> operands = new ArrayList<>();
        String namespace = null;
        boolean all = false;
        String kubeconfig = null;
        String context = null;
        String format = null;
        String output = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            }
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--version" -> version = true;
                case "-A", "--all-namespaces" -> all = true;
                case "-n",
                        "--namespace",
                        "--kubeconfig",
                        "--context",
                        "--format",
                        "-o",
                        "--output" -> {
                    if (value == null) {
                        if (i + 1 >= args.length || args[i + 1].isEmpty()) {
                            throw usage(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "-n", "--namespace" -> namespace = value;
                        case "--kubeconfig" -> kubeconfig = value;
                        case "--context" -> context = value;
                        case "--format" -> format = value;
                        default -> output = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw usage("unknown option " + arg);
                    }
                    if (command == null) {
                        command = arg;
                    } else {
                        operands.add(arg);
                    }
                }
            }
        }
        if (namespace != null && all) {
            throw usage("-n and -A exclude each other");
        }
        if (command == null || command.equals("help")) {
            help = help || command != null || !version;
        } else if (!COMMANDS.contains(command)) {
            throw usage("unknown command '" + command + "'");
        }
        ReportFormat reportFormat = ReportFormat.CSV;
        if (format != null) {
            reportFormat = ReportFormat.parse(format);
            if (reportFormat == null) {
                throw usage("--format must be csv, json or md, got '" + format + "'");
            }
        }
        boolean isReport = "report".equals(command);
        if (!help && !isReport && (format != null || output != null)) {
            throw usage("--format and --output are options of report");
        }
        if (!help && command != null) {
            int wanted =
                    switch (command) {
                        case "why", "plan" -> 1;
                        default -> 0;
                    };
            if (operands.size() != wanted) {
                throw usage(
                        switch (command) {
                            case "why" -> "why needs one ACCOUNT_ID";
                            case "plan" -> "plan needs one POLICY";
                            default -> command + " takes no operands, got " + operands;
                        });
            }
        }
        return new Arguments(
                command,
                List.copyOf(operands),
                namespace,
                all,
                kubeconfig,
                context,
                reportFormat,
                output,
                help,
                version);
    }

    private static PluginException usage(String message) {
        return new PluginException(ExitCode.USAGE, message + " (kubectl rootaccess --help)");
    }
}
