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
    private final Reservation.Granted grant;

    public RootSession(
            String accountId,
            TaskPolicy taskPolicy,
            AwsSessionCredentials credentials,
            Instant expiration) {
        this(accountId, taskPolicy, credentials, expiration, Reservation.FOREGROUND);
    }

    private RootSession(
            String accountId,
            TaskPolicy taskPolicy,
            AwsSessionCredentials credentials,
            Instant expiration,
            Reservation.Granted grant) {
        this.accountId = accountId;
        this.taskPolicy = taskPolicy;
        this.credentials = credentials;
        this.expiration = expiration;
        this.grant = grant;
    }

    /**
     * The same session, its calls made under the given grant (sessions are shared; the grant is the
     * caller's pass's).
     */
    public RootSession under(Reservation.Granted grant) {
        return grant == this.grant
                ? this
                : new RootSession(accountId, taskPolicy, credentials, expiration, grant);
    }

    /** The capacity every call made inside this session handle runs under. */
    public Reservation.Granted grant() {
        return grant;
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
