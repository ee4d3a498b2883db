package io.rootaccess.sandbox;

/** The wire protocol of a request; it decides how errors are spelled and rendered. */
enum Protocol {
    /** IAM and STS: AWS Query in, XML out. */
    QUERY,
    /** Organizations: JSON 1.1, errors with __type. */
    JSON_ORGANIZATIONS,
    /** SQS: JSON 1.0 (with the query-compatible error header). */
    JSON_SQS,
    /** S3: REST-XML. */
    S3;

    SandboxError throttled() {
        return switch (this) {
            case QUERY -> new SandboxError("Throttling", 400, "Rate exceeded");
            case JSON_ORGANIZATIONS ->
                    new SandboxError(
                            "TooManyRequestsException",
                            400,
                            "AWS Organizations can't complete your request because another request is already in progress or the rate limit was exceeded. Try again later.");
            case JSON_SQS -> new SandboxError("ThrottlingException", 400, "Rate exceeded");
            case S3 -> new SandboxError("SlowDown", 503, "Please reduce your request rate.");
        };
    }

    SandboxError accessDenied(String message) {
        return switch (this) {
            case QUERY, S3 -> new SandboxError("AccessDenied", 403, message);
            case JSON_ORGANIZATIONS -> new SandboxError("AccessDeniedException", 400, message);
            case JSON_SQS -> new SandboxError("AccessDenied", 403, message);
        };
    }

    SandboxError unknownAccessKey() {
        return switch (this) {
            case QUERY, JSON_SQS ->
                    new SandboxError(
                            "InvalidClientTokenId",
                            403,
                            "The security token included in the request is invalid.");
            case JSON_ORGANIZATIONS ->
                    new SandboxError(
                            "UnrecognizedClientException",
                            400,
                            "The security token included in the request is invalid.");
            case S3 ->
                    new SandboxError(
                            "InvalidAccessKeyId",
                            403,
                            "The AWS Access Key Id you provided does not exist in our records.");
        };
    }

    SandboxError expiredToken() {
        String message = "The security token included in the request is expired";
        return switch (this) {
            case QUERY, JSON_SQS -> new SandboxError("ExpiredToken", 403, message);
            case JSON_ORGANIZATIONS -> new SandboxError("ExpiredTokenException", 400, message);
            case S3 -> new SandboxError("ExpiredToken", 400, "The provided token has expired.");
        };
    }

    SandboxError serverError(int status) {
        boolean unavailable = status == 503;
        return switch (this) {
            case QUERY ->
                    new SandboxError(
                            unavailable ? "ServiceUnavailable" : "ServiceFailure",
                            status,
                            unavailable
                                    ? "Service is unavailable"
                                    : "We encountered an internal error. Please try again.");
            case JSON_ORGANIZATIONS ->
                    new SandboxError(
                            unavailable ? "ServiceUnavailableException" : "ServiceException",
                            status,
                            "AWS Organizations can't complete your request because of an internal service error. Try again later.");
            case JSON_SQS ->
                    new SandboxError(
                            unavailable ? "ServiceUnavailable" : "InternalFailure",
                            status,
                            "The request processing has failed because of an unknown error, exception or failure.");
            case S3 ->
                    new SandboxError(
                            unavailable ? "ServiceUnavailable" : "InternalError",
                            status,
                            "We encountered an internal error. Please try again.");
        };
    }

    SandboxError unknownOperation(String operation) {
        return switch (this) {
            case QUERY ->
                    new SandboxError(
                            "InvalidAction",
                            400,
                            "The sandbox does not implement the operation " + operation);
            case JSON_ORGANIZATIONS, JSON_SQS ->
                    new SandboxError(
                            "UnknownOperationException",
                            400,
                            "The sandbox does not implement the operation " + operation);
            case S3 ->
                    new SandboxError(
                            "NotImplemented",
                            501,
                            "The sandbox does not implement the operation " + operation);
        };
    }
}
