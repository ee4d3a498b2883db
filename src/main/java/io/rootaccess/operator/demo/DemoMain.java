package io.rootaccess.operator.demo;

/** Placeholder: `make demo` entry point. */
public final class DemoMain {
    public static void main(String... args) {
        System.err.println("demo: not built yet");
        System.exit(1);
    }
}
