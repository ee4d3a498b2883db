package io.rootaccess.operator.aws;

import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Short-lived sts:AssumeRoot credentials for one member account and one task policy. The access key
 * id is safe to show (it links CloudTrail events); the secret and token are never rendered: {@link
 * #toString()} omits them and only the SDK adapters ({@code aws.sdk}) read {@link
 * #signingCredentials()}.
 */
public final class RootSession {
    private final String accountId;
    private final TaskPolicy taskPolicy;
    private final AwsSessionCredentials credentials;
    private final Instant expiration;
    private final CallPriority priority;

    public RootSession(
            String accountId,
            TaskPolicy taskPolicy,
            AwsSessionCredentials credentials,
            Instant expiration) {
        this(accountId, taskPolicy, credentials, expiration, CallPriority.FOREGROUND);
    }

    private RootSession(
            String accountId,
            TaskPolicy taskPolicy,
            AwsSessionCredentials credentials,
            Instant expiration,
            CallPriority priority) {
        this.accountId = accountId;
        this.taskPolicy = taskPolicy;
        this.credentials = credentials;
        this.expiration = expiration;
        this.priority = priority;
    }

    /**
     * The same session, its calls made with the given priority (sessions are shared; the priority
     * is the caller's).
     */
    public RootSession withPriority(CallPriority priority) {
        return priority == this.priority
                ? this
                : new RootSession(accountId, taskPolicy, credentials, expiration, priority);
    }

    /** The priority of every call made inside this session handle. */
    public CallPriority priority() {
        return priority;
    }

    public String accountId() {
        return accountId;
    }

    public TaskPolicy taskPolicy() {
        return taskPolicy;
    }

    public String accessKeyId() {
        return credentials.accessKeyId();
    }

    public Instant expiration() {
        return expiration;
    }

    /** For the SDK adapters only, to sign requests made inside the session: never log or store. */
    public AwsSessionCredentials signingCredentials() {
        return credentials;
    }

    @Override
    public String toString() {
        return "RootSession["
                + accountId
                + " "
                + taskPolicy.policyName()
                + " "
                + credentials.accessKeyId()
                + " until "
                + expiration
                + "]";
    }
}
