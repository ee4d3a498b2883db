package io.rootaccess.sandbox;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * What a person with another IAM user of the management account ({@link Sandbox#principal}) does
 * behind the operator's back, with the real SDK clients (default retries, as a person's CLI has):
 * the events the sandbox then puts in the management account's queue are that user's, not the
 * operator's.
 */
public final class SecondPrincipal {
    private final Sandbox sandbox;
    private final String userName;

    /** {@code userName}: the management account's IAM user, created on first use. */
    public SecondPrincipal(Sandbox sandbox, String userName) {
        this.sandbox = sandbox;
        this.userName = userName;
    }

    /**
     * Allows password recovery in {@code accountId}: AssumeRoot with IAMCreateRootUserPassword for
     * {@code sessionSeconds}, then CreateLoginProfile with that session at once. Returns
     * System.nanoTime() taken right before the AssumeRoot (the event the trail records).
     */
    public long allowPasswordRecovery(String accountId, int sessionSeconds) {
        SandboxCredentials own = sandbox.principal(userName);
        try (StsClient sts =
                StsClient.builder()
                        .endpointOverride(sandbox.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                own.accessKeyId(), own.secretAccessKey())))
                        .build()) {
            long event = System.nanoTime();
            Credentials c =
                    sts.assumeRoot(
                                    r ->
                                            r.targetPrincipal(accountId)
                                                    .durationSeconds(sessionSeconds)
                                                    .taskPolicyArn(
                                                            p ->
                                                                    p.arn(
                                                                            RootTaskPolicy
                                                                                    .IAM_CREATE_ROOT_USER_PASSWORD
                                                                                    .arn())))
                            .credentials();
            try (IamClient iam =
                    IamClient.builder()
                            .endpointOverride(sandbox.endpoint())
                            .region(Region.AWS_GLOBAL)
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(
                                            AwsSessionCredentials.create(
                                                    c.accessKeyId(),
                                                    c.secretAccessKey(),
                                                    c.sessionToken())))
                            .build()) {
                iam.createLoginProfile(r -> {});
            }
            return event;
        }
    }
}
