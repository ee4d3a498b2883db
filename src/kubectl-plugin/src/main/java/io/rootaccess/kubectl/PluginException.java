package io.rootaccess.kubectl;

/** A failure the user can act on: one line of message and the exit code that classifies it. */
public final class PluginException extends RuntimeException {
    private final ExitCode exitCode;

    public PluginException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
