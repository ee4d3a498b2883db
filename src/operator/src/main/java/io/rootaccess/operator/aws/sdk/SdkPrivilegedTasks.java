package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import io.rootaccess.operator.aws.PrivilegedTasks;
import io.rootaccess.operator.aws.RootSession;
import io.rootaccess.operator.aws.RootSessions;
import io.rootaccess.operator.aws.pacing.ApiFamily;
import io.rootaccess.operator.aws.pacing.AwsCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The S3 and SQS unlock tasks, inside S3UnlockBucketPolicy / SQSUnlockQueuePolicy root sessions.
 */
@ApplicationScoped
public class SdkPrivilegedTasks implements PrivilegedTasks {
    private final AwsClients clients;
    private final InSession in;

    @Inject
    public SdkPrivilegedTasks(AwsClients clients, AwsCalls calls, RootSessions sessions) {
        this.clients = clients;
        this.in = new InSession(calls, sessions);
    }

    @Override
    public Optional<String> bucketPolicy(RootSession session, String bucket) {
        try {
            return Optional.ofNullable(
                    in.call(
                            session,
                            ApiFamily.S3,
                            "s3:GetBucketPolicy",
                            o ->
                                    clients.s3()
                                            .getBucketPolicy(
                                                    r -> r.bucket(bucket).overrideConfiguration(o))
                                            .policy()));
        } catch (AwsException e) {
            if (e.kind() == AwsErrorKind.NOT_FOUND && "NoSuchBucketPolicy".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void deleteBucketPolicy(RootSession session, String bucket) {
        in.call(
                session,
                ApiFamily.S3,
                "s3:DeleteBucketPolicy",
                o ->
                        clients.s3()
                                .deleteBucketPolicy(
                                        r -> r.bucket(bucket).overrideConfiguration(o)));
    }

    @Override
    public String queueUrl(RootSession session, String queueUrlOrName) {
        if (queueUrlOrName.startsWith("https://") || queueUrlOrName.startsWith("http://")) {
            return queueUrlOrName;
        }
        return in.call(
                session,
                ApiFamily.SQS,
                "sqs:GetQueueUrl",
                o ->
                        clients.sqs()
                                .getQueueUrl(
                                        r -> r.queueName(queueUrlOrName).overrideConfiguration(o))
                                .queueUrl());
    }

    @Override
    public Optional<String> queuePolicy(RootSession session, String queueUrl) {
        Map<QueueAttributeName, String> attributes =
                in.call(
                        session,
                        ApiFamily.SQS,
                        "sqs:GetQueueAttributes",
                        o ->
                                clients.sqs()
                                        .getQueueAttributes(
                                                r ->
                                                        r.queueUrl(queueUrl)
                                                                .attributeNames(
                                                                        QueueAttributeName.POLICY)
                                                                .overrideConfiguration(o))
                                        .attributes());
        String policy = attributes.get(QueueAttributeName.POLICY);
        return policy == null || policy.isBlank() ? Optional.empty() : Optional.of(policy);
    }

    @Override
    public void clearQueuePolicy(RootSession session, String queueUrl) {
        in.call(
                session,
                ApiFamily.SQS,
                "sqs:SetQueueAttributes",
                o ->
                        clients.sqs()
                                .setQueueAttributes(
                                        r ->
                                                r.queueUrl(queueUrl)
                                                        .attributes(
                                                                Map.of(
                                                                        QueueAttributeName.POLICY,
                                                                        ""))
                                                        .overrideConfiguration(o)));
    }
}
