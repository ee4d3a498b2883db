package io.rootaccess.operator.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The command-line tools the packaging tests run for real: helm and kubectl (kustomize).
 *
 * <p>{@code make test} installs them and sets {@code -Dpackaging.tools.required=true}, so there a
 * missing tool fails the build; a bare {@code mvn verify} on a machine without them skips those
 * tests and says why.
 */
final class Tools {
    static final boolean REQUIRED = Boolean.getBoolean("packaging.tools.required");

    record Result(int exitCode, String stdout, String stderr) {}

    static Path helm() {
        String configured = System.getProperty("packaging.helm", "");
        if (!configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        return onPath("helm")
                .or(() -> executable(Repo.ROOT.resolve("target/tools/helm/helm")))
                .orElseGet(
                        () -> missing("helm", "run `make tools-helm` (or install helm on PATH)"));
    }

    static Path kubectl() {
        String configured = System.getProperty("packaging.kubectl", "");
        if (!configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        return onPath("kubectl")
                .or(() -> executable(Repo.ROOT.resolve("target/tools/kubectl/kubectl")))
                .orElseGet(
                        () ->
                                missing(
                                        "kubectl",
                                        "run `make tools-helm` (or install kubectl on PATH)"));
    }

    static Result run(Path tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("packaging-tool", ".out");
            Path err = Files.createTempFile("packaging-tool", ".err");
            try {
                Process process =
                        new ProcessBuilder(command)
                                .directory(Repo.ROOT.toFile())
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile())
                                .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in 120 s");
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the tool and returns its standard output; fails the test with stderr when it exits
     * non-zero.
     */
    static String output(Path tool, String... args) {
        Result result = run(tool, args);
        if (result.exitCode() != 0) {
            fail(
                    tool.getFileName()
                            + " "
                            + String.join(" ", args)
                            + " exited "
                            + result.exitCode()
                            + ":\n"
                            + result.stderr());
        }
        return result.stdout();
    }

    private static Optional<Path> onPath(String name) {
        for (String dir :
                System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<Path> found = executable(Path.of(dir, name));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> executable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path)
                ? Optional.of(path)
                : Optional.empty();
    }

    private static Path missing(String name, String fix) {
        String message = name + " is not installed: " + fix;
        if (REQUIRED) {
            fail(message);
        }
        Assumptions.abort(message);
        return null;
    }

    private Tools() {}
}
