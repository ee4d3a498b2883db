package io.rootaccess.tools;

import io.rootaccess.sandbox.SandboxMain;
import io.rootaccess.tools.chaos.ChaosMain;
import io.rootaccess.tools.demo.DemoMain;
import io.rootaccess.tools.steady.SteadyMain;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lab's entry point ({@code java -jar src/tools/target/root-access-tools.jar MODE}): {@code
 * demo}, {@code chaos}, {@code steady} and {@code sandbox}. The operator is not in here: demo and
 * chaos start the packaged operator (src/operator/target/quarkus-app) as a process of its own.
 */
public final class Main {
    // JUL keeps loggers weakly: held here so the level set below stays
    private static final Logger MOCK_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

    private Main() {}

    public static void main(String... args) throws Exception {
        MOCK_SERVER.setLevel(Level.WARNING); // one INFO line per request otherwise
        String mode = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (mode) {
            case "demo" -> DemoMain.main(rest);
            case "chaos" -> ChaosMain.main(rest);
            case "sandbox" -> SandboxMain.main(rest);
            case "steady" -> SteadyMain.main(rest);
            default -> {
                System.err.println("usage: root-access-tools demo|chaos|steady|sandbox");
                System.exit(2);
            }
        }
    }
}
