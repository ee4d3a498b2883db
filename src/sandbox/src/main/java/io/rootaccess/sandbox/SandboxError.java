package io.rootaccess.sandbox;

/** An AWS error the sandbox answers with: code, HTTP status, message. */
final class SandboxError extends RuntimeException {
    private final String code;
    private final int status;

    SandboxError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static SandboxError of(String code, int status, String message) {
        return new SandboxError(code, status, message);
    }
}
