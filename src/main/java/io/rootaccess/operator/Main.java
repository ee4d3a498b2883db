package io.rootaccess.operator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * One artifact, three modes: {@code operator} (default), {@code sandbox} (the simulated AWS
 * Organization, standalone, without Quarkus) and {@code demo} (operator + embedded Kubernetes API +
 * sandbox in one process).
 */
@QuarkusMain
public class Main {
    public static void main(String... args) throws Exception {
        String mode = args.length == 0 ? "operator" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (mode) {
            case "sandbox" -> io.rootaccess.operator.sandbox.SandboxMain.main(rest);
            case "demo" -> io.rootaccess.operator.demo.DemoMain.main(rest);
            case "chaos" -> io.rootaccess.operator.chaos.ChaosMain.main(rest);
            case "operator" -> Quarkus.run(rest);
            default -> {
                System.err.println("usage: root-access-operator [operator|sandbox|demo|chaos]");
                System.exit(2);
            }
        }
    }
}
