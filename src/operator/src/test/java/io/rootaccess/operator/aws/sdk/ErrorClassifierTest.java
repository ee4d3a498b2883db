package io.rootaccess.operator.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.AccountNotManagementOrDelegatedAdministratorException;
import software.amazon.awssdk.services.iam.model.CallerIsNotManagementAccountException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OrganizationNotInAllFeaturesModeException;
import software.amazon.awssdk.services.iam.model.ServiceAccessNotEnabledException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;

class ErrorClassifierTest {

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
    }

    @Test
    void typedExceptionsWinOverTheirCodes() {
        assertKind(
                AwsErrorKind.FEATURE_NOT_ENABLED,
                ServiceAccessNotEnabledException.builder()
                        .statusCode(400)
                        .awsErrorDetails(
                                details("ServiceAccessNotEnabled", "trusted access is off"))
                        .build());
        assertKind(
                AwsErrorKind.WRONG_CALLER,
                AccountNotManagementOrDelegatedAdministratorException.builder()
                        .statusCode(400)
                        .build());
        assertKind(
                AwsErrorKind.WRONG_CALLER,
                CallerIsNotManagementAccountException.builder().statusCode(400).build());
        assertKind(
                AwsErrorKind.NOT_ALL_FEATURES,
                OrganizationNotInAllFeaturesModeException.builder().statusCode(400).build());
        assertKind(
                AwsErrorKind.NO_ORGANIZATION,
                AwsOrganizationsNotInUseException.builder().statusCode(400).build());
        assertKind(
                AwsErrorKind.ACCESS_DENIED,
                AccessDeniedException.builder().statusCode(400).build());
        assertKind(
                AwsErrorKind.THROTTLED, TooManyRequestsException.builder().statusCode(400).build());
        assertKind(AwsErrorKind.NOT_FOUND, NoSuchEntityException.builder().statusCode(404).build());
        assertKind(
                AwsErrorKind.ALREADY_EXISTS,
                EntityAlreadyExistsException.builder().statusCode(409).build());
        assertKind(
                AwsErrorKind.EXPIRED_SESSION,
                ExpiredTokenException.builder().statusCode(400).build());
        assertKind(AwsErrorKind.INVALID, RegionDisabledException.builder().statusCode(403).build());
        assertKind(AwsErrorKind.NOT_FOUND, NoSuchBucketException.builder().statusCode(404).build());
        assertKind(
                AwsErrorKind.NOT_FOUND,
                QueueDoesNotExistException.builder().statusCode(400).build());
    }

    @ParameterizedTest
    @CsvSource({
        "Throttling, 400, THROTTLED",
        "ThrottlingException, 400, THROTTLED",
        "TooManyRequestsException, 400, THROTTLED",
        "AccessDenied, 403, ACCESS_DENIED",
        "AccessDeniedException, 400, ACCESS_DENIED",
        "ServiceAccessNotEnabled, 400, FEATURE_NOT_ENABLED",
        "ServiceAccessNotEnabledException, 400, FEATURE_NOT_ENABLED",
        "AccountNotManagementOrDelegatedAdministrator, 400, WRONG_CALLER",
        "CallerIsNotManagementAccount, 400, WRONG_CALLER",
        "OrganizationNotInAllFeaturesMode, 400, NOT_ALL_FEATURES",
        "AWSOrganizationsNotInUseException, 400, NO_ORGANIZATION",
        "NoSuchEntity, 404, NOT_FOUND",
        "NoSuchBucketPolicy, 404, NOT_FOUND",
        "AWS.SimpleQueueService.NonExistentQueue, 400, NOT_FOUND",
        "EntityAlreadyExists, 409, ALREADY_EXISTS",
        "ExpiredToken, 400, EXPIRED_SESSION",
        "InternalFailure, 500, TRANSIENT",
        "SomethingNew, 503, TRANSIENT",
        "SomethingNew, 429, THROTTLED",
        "ValidationError, 400, INVALID"
    })
    void untypedExceptionsAreClassifiedByCodePrefixThenStatus(
            String code, int status, AwsErrorKind kind) {
        AwsServiceException e =
                IamException.builder()
                        .statusCode(status)
                        .awsErrorDetails(details(code, "m"))
                        .build();
        AwsException classified = ErrorClassifier.classify(e, "iam:Something");
        assertEquals(kind, classified.kind());
        assertEquals(code, classified.errorCode());
    }

    @Test
    void carriesTheActionTheCodeAndAwsMessageButNoRequestData() {
        AwsServiceException e =
                StsException.builder()
                        .statusCode(403)
                        .awsErrorDetails(
                                details(
                                        "AccessDenied",
                                        "User is not authorized to perform sts:AssumeRoot"))
                        .build();
        AwsException classified = ErrorClassifier.classify(e, "sts:AssumeRoot");
        assertEquals("sts:AssumeRoot", classified.action());
        assertEquals("AccessDenied", classified.errorCode());
        assertEquals(
                "sts:AssumeRoot failed: AccessDenied: User is not authorized to perform sts:AssumeRoot",
                classified.getMessage());
        assertFalse(classified.retryable());
    }

    @Test
    void connectFailuresAreUnreachableAndTimeoutsTransient() {
        assertKind(
                AwsErrorKind.UNREACHABLE,
                SdkClientException.create(
                        "Unable to execute HTTP request",
                        new ConnectException("Connection refused")));
        assertKind(
                AwsErrorKind.UNREACHABLE,
                SdkClientException.create(
                        "Unable to execute HTTP request",
                        new RuntimeException(new UnknownHostException("organizations.example"))));
        assertKind(
                AwsErrorKind.UNREACHABLE,
                SdkClientException.create(
                        "x",
                        new org.apache.http.conn.HttpHostConnectException(
                                new ConnectException("refused"), null)));
        assertKind(
                AwsErrorKind.TRANSIENT,
                SdkClientException.create(
                        "Unable to execute HTTP request",
                        new SocketTimeoutException("Read timed out")));
        assertKind(AwsErrorKind.TRANSIENT, ApiCallAttemptTimeoutException.create(1000));
        assertKind(
                AwsErrorKind.INVALID,
                SdkClientException.create("Unable to load credentials from any provider"));
        assertTrue(
                ErrorClassifier.classify(
                                SdkClientException.create("x", new ConnectException("r")), "a")
                        .retryable());
    }

    @Test
    void unwrapsCompletionExceptionsAndKeepsAlreadyClassifiedOnes() {
        AwsException original =
                new AwsException(AwsErrorKind.NOT_FOUND, "iam:X", "NoSuchEntity", "gone");
        assertSame(original, ErrorClassifier.classify(original, "iam:Y"));
        AwsException wrapped =
                ErrorClassifier.classify(
                        new CompletionException(
                                S3Exception.builder()
                                        .statusCode(404)
                                        .awsErrorDetails(details("NoSuchBucket", "nope"))
                                        .build()),
                        "s3:GetBucketPolicy");
        assertEquals(AwsErrorKind.NOT_FOUND, wrapped.kind());
        assertEquals("NoSuchBucket", wrapped.errorCode());
    }

    private static void assertKind(AwsErrorKind expected, Throwable e) {
        assertEquals(expected, ErrorClassifier.classify(e, "x:Y").kind(), e.toString());
    }
}
