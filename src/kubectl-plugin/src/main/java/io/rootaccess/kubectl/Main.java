package io.rootaccess.kubectl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The executable: {@code kubectl-rootaccess} on PATH makes {@code kubectl rootaccess} work. */
public final class Main {
    private Main() {}

    public static void main(String... args) {
        PrintStream out =
                new PrintStream(
                        new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err =
                new PrintStream(
                        new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Plugin(Clock.systemUTC(), System.getenv(), out, err).run(args);
        out.flush();
        System.exit(code);
    }
}
