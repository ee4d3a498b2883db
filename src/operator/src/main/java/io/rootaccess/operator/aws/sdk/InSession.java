package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * Runs calls inside a root session on the shared clients, with the session's credentials as a
 * per-request override. An expired session is dropped from the cache so the next open() renews it.
 */
final class InSession {
    private final AwsCalls calls;
    private final RootSessions sessions;

    InSession(AwsCalls calls, RootSessions sessions) {
        this.calls = calls;
        this.sessions = sessions;
    }

    /**
     * The request override that signs with the session: pass it to the request builder's
     * overrideConfiguration.
     */
    static AwsRequestOverrideConfiguration as(RootSession session) {
        return AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(StaticCredentialsProvider.create(session.signingCredentials()))
                .build();
    }

    <T> T call(
            RootSession session,
            ApiFamily family,
            String action,
            Function<AwsRequestOverrideConfiguration, T> call) {
        AwsRequestOverrideConfiguration override = as(session);
        Supplier<T> supplier = () -> call.apply(override);
        try {
            return calls.call(family, action, session.grant(), supplier);
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.EXPIRED_SESSION) {
                sessions.invalidate(session);
            }
            throw e;
        }
    }

    /** For deletions: NOT_FOUND means already gone, reported as false. */
    boolean delete(
            RootSession session,
            ApiFamily family,
            String action,
            Function<AwsRequestOverrideConfiguration, ?> call) {
        try {
            call(session, family, action, call);
            return true;
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
