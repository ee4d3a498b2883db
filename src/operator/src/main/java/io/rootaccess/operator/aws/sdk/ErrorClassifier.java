package io.rootaccess.operator.aws.sdk;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.AccountNotManagementOrDelegatedAdministratorException;
import software.amazon.awssdk.services.iam.model.CallerIsNotManagementAccountException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OrganizationNotFoundException;
import software.amazon.awssdk.services.iam.model.OrganizationNotInAllFeaturesModeException;
import software.amazon.awssdk.services.iam.model.ServiceAccessNotEnabledException;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedForDependencyException;
import software.amazon.awssdk.services.organizations.model.AccountAlreadyRegisteredException;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.AccountNotRegisteredException;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ServiceException;
import software.amazon.awssdk.services.organizations.model.TargetNotFoundException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.RequestThrottledException;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;

/**
 * The one place that reads AWS errors. Typed SDK exceptions first; then the error code by prefix
 * (AWS documents some codes without the "Exception" suffix); then the HTTP status; then client-side
 * failures (connect failures are UNREACHABLE, timeouts TRANSIENT). Messages carry AWS's error
 * message and never request data, so no credential can leak through them.
 */
public final class ErrorClassifier {

    private record Typed(Class<? extends Throwable> type, AwsErrorKind kind) {}

    private static final List<Typed> TYPED =
            List.of(
                    new Typed(
                            ServiceAccessNotEnabledException.class,
                            AwsErrorKind.FEATURE_NOT_ENABLED),
                    new Typed(
                            AccountNotManagementOrDelegatedAdministratorException.class,
                            AwsErrorKind.WRONG_CALLER),
                    new Typed(
                            CallerIsNotManagementAccountException.class, AwsErrorKind.WRONG_CALLER),
                    new Typed(
                            OrganizationNotInAllFeaturesModeException.class,
                            AwsErrorKind.NOT_ALL_FEATURES),
                    new Typed(OrganizationNotFoundException.class, AwsErrorKind.NO_ORGANIZATION),
                    new Typed(
                            AwsOrganizationsNotInUseException.class, AwsErrorKind.NO_ORGANIZATION),
                    new Typed(AccessDeniedException.class, AwsErrorKind.ACCESS_DENIED),
                    new Typed(AccessDeniedForDependencyException.class, AwsErrorKind.ACCESS_DENIED),
                    new Typed(TooManyRequestsException.class, AwsErrorKind.THROTTLED),
                    new Typed(RequestThrottledException.class, AwsErrorKind.THROTTLED),
                    new Typed(NoSuchEntityException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(AccountNotFoundException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(TargetNotFoundException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(AccountNotRegisteredException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(NoSuchBucketException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(QueueDoesNotExistException.class, AwsErrorKind.NOT_FOUND),
                    new Typed(EntityAlreadyExistsException.class, AwsErrorKind.ALREADY_EXISTS),
                    new Typed(AccountAlreadyRegisteredException.class, AwsErrorKind.ALREADY_EXISTS),
                    new Typed(ExpiredTokenException.class, AwsErrorKind.EXPIRED_SESSION),
                    new Typed(RegionDisabledException.class, AwsErrorKind.INVALID),
                    new Typed(ServiceFailureException.class, AwsErrorKind.TRANSIENT),
                    new Typed(ServiceException.class, AwsErrorKind.TRANSIENT));

    /**
     * Error-code prefixes, checked in order (so NoSuchBucketPolicy and NoSuchBucket both land on
     * NOT_FOUND).
     */
    private static final List<Map.Entry<String, AwsErrorKind>> CODE_PREFIXES =
            List.of(
                    Map.entry("Throttl", AwsErrorKind.THROTTLED),
                    Map.entry("TooManyRequests", AwsErrorKind.THROTTLED),
                    Map.entry("RequestLimitExceeded", AwsErrorKind.THROTTLED),
                    Map.entry("RequestThrottled", AwsErrorKind.THROTTLED),
                    Map.entry("SlowDown", AwsErrorKind.THROTTLED),
                    Map.entry("AccessDenied", AwsErrorKind.ACCESS_DENIED),
                    Map.entry("ExpiredToken", AwsErrorKind.EXPIRED_SESSION),
                    Map.entry("ServiceAccessNotEnabled", AwsErrorKind.FEATURE_NOT_ENABLED),
                    Map.entry("FeatureDisabled", AwsErrorKind.FEATURE_NOT_ENABLED),
                    Map.entry("FeatureEnabled", AwsErrorKind.ALREADY_EXISTS),
                    Map.entry(
                            "AccountNotManagementOrDelegatedAdministrator",
                            AwsErrorKind.WRONG_CALLER),
                    Map.entry("CallerIsNotManagementAccount", AwsErrorKind.WRONG_CALLER),
                    Map.entry("OrganizationNotInAllFeaturesMode", AwsErrorKind.NOT_ALL_FEATURES),
                    Map.entry("AWSOrganizationsNotInUse", AwsErrorKind.NO_ORGANIZATION),
                    Map.entry("OrganizationNotFound", AwsErrorKind.NO_ORGANIZATION),
                    Map.entry("NoSuch", AwsErrorKind.NOT_FOUND),
                    Map.entry("AWS.SimpleQueueService.NonExistentQueue", AwsErrorKind.NOT_FOUND),
                    Map.entry("QueueDoesNotExist", AwsErrorKind.NOT_FOUND),
                    Map.entry("AccountNotFound", AwsErrorKind.NOT_FOUND),
                    Map.entry("AccountNotRegistered", AwsErrorKind.NOT_FOUND),
                    Map.entry("TargetNotFound", AwsErrorKind.NOT_FOUND),
                    Map.entry("EntityAlreadyExists", AwsErrorKind.ALREADY_EXISTS),
                    Map.entry("AccountAlreadyRegistered", AwsErrorKind.ALREADY_EXISTS),
                    Map.entry("RegionDisabled", AwsErrorKind.INVALID),
                    Map.entry("ServiceFailure", AwsErrorKind.TRANSIENT),
                    Map.entry("ServiceUnavailable", AwsErrorKind.TRANSIENT),
                    Map.entry("InternalFailure", AwsErrorKind.TRANSIENT),
                    Map.entry("InternalError", AwsErrorKind.TRANSIENT),
                    Map.entry("ServiceException", AwsErrorKind.TRANSIENT),
                    Map.entry("ConcurrentModification", AwsErrorKind.TRANSIENT),
                    Map.entry("RequestTimeout", AwsErrorKind.TRANSIENT));

    private ErrorClassifier() {}

    /**
     * Maps any failure of the AWS call {@code action} ("iam:DeleteAccessKey") to an {@link
     * AwsException}.
     */
    public static AwsException classify(Throwable failure, String action) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof AwsException e) {
            return e;
        }
        if (t instanceof AwsServiceException e) {
            return classifyService(e, action);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return new AwsException(
                    AwsErrorKind.TRANSIENT, action, "Timeout", action + " timed out", t);
        }
        if (t instanceof SdkClientException) {
            return classifyClient(t, action);
        }
        return new AwsException(
                AwsErrorKind.INVALID,
                action,
                t.getClass().getSimpleName(),
                action + " failed: " + t.getClass().getSimpleName() + ": " + t.getMessage(),
                t);
    }

    private static AwsException classifyService(AwsServiceException e, String action) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String awsMessage = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        AwsErrorKind kind = kindOf(e, code);
        String shownCode = code != null ? code : String.valueOf(e.statusCode());
        String message =
                action
                        + " failed: "
                        + shownCode
                        + (awsMessage == null || awsMessage.isBlank() ? "" : ": " + awsMessage);
        return new AwsException(kind, action, shownCode, message, e);
    }

    private static AwsErrorKind kindOf(AwsServiceException e, String code) {
        for (Typed typed : TYPED) {
            if (typed.type().isInstance(e)) {
                return typed.kind();
            }
        }
        if (code != null) {
            for (Map.Entry<String, AwsErrorKind> prefix : CODE_PREFIXES) {
                if (code.startsWith(prefix.getKey())) {
                    return prefix.getValue();
                }
            }
        }
        if (e.statusCode() == 429 || e.isThrottlingException()) {
            return AwsErrorKind.THROTTLED;
        }
        if (e.statusCode() >= 500) {
            return AwsErrorKind.TRANSIENT;
        }
        if (e.statusCode() == 403) {
            return AwsErrorKind.ACCESS_DENIED;
        }
        return AwsErrorKind.INVALID;
    }

    private static AwsException classifyClient(Throwable e, String action) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException
                    || c.getClass()
                            .getName()
                            .equals("org.apache.http.conn.ConnectTimeoutException")) {
                return new AwsException(
                        AwsErrorKind.UNREACHABLE,
                        action,
                        "Unreachable",
                        action
                                + " failed: the endpoint cannot be reached ("
                                + c.getClass().getSimpleName()
                                + ": "
                                + c.getMessage()
                                + ")",
                        e);
            }
            if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
                return new AwsException(
                        AwsErrorKind.TRANSIENT, action, "Timeout", action + " timed out", e);
            }
            if (c instanceof IOException) {
                return new AwsException(
                        AwsErrorKind.TRANSIENT,
                        action,
                        "IOError",
                        action + " failed: " + c.getClass().getSimpleName() + ": " + c.getMessage(),
                        e);
            }
        }
        return new AwsException(
                AwsErrorKind.INVALID,
                action,
                "ClientError",
                action + " failed: " + e.getMessage(),
                e);
    }
}
