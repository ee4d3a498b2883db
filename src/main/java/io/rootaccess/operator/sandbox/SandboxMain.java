package io.rootaccess.operator.sandbox;

/** Placeholder: `make sandbox` entry point, replaced by the sandbox implementation. */
public final class SandboxMain {
    public static void main(String... args) {
        System.err.println("sandbox: not built yet");
        System.exit(1);
    }
}
