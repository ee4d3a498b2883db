package io.rootaccess.operator.aws;

/**
 * A failed AWS call, classified. {@link #action()} is the IAM action name ("iam:DeleteAccessKey"),
 * so status can say exactly what was denied. Messages never contain credentials.
 */
public class AwsException extends RuntimeException {
    private final AwsErrorKind kind;
    private final String action;
    private final String errorCode;

    public AwsException(
            AwsErrorKind kind, String action, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.action = action;
        this.errorCode = errorCode;
    }

    public AwsException(AwsErrorKind kind, String action, String errorCode, String message) {
        this(kind, action, errorCode, message, null);
    }

    public AwsErrorKind kind() {
        return kind;
    }

    public String action() {
        return action;
    }

    public String errorCode() {
        return errorCode;
    }

    public boolean retryable() {
        return kind.retryable();
    }

    @Override
    public String toString() {
        return "AwsException[" + kind + " " + action + " " + errorCode + ": " + getMessage() + "]";
    }
}
