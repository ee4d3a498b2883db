package io.rootaccess.operator.aws.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.aws.AwsErrorKind;
import io.rootaccess.operator.aws.AwsException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;

class AwsCallsTest {
    private final FakePacing pacing = new FakePacing();
    private final ApiRateLimiter limiter = new ApiRateLimiter(Map.of(), pacing);
    private final AwsCalls calls = new AwsCalls(limiter, pacing, 4, Duration.ofSeconds(10));

    private static RuntimeException throttle() {
        return TooManyRequestsException.builder()
                .statusCode(400)
                .awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("TooManyRequestsException").build())
                .build();
    }

    @Test
    void throttlingIsRetriedWithGrowingJitteredBackOffAndCutsTheRate() {
        AtomicInteger attempts = new AtomicInteger();
        String result =
                calls.call(
                        ApiFamily.ORGANIZATIONS_READ,
                        "organizations:ListAccounts",
                        () -> {
                            if (attempts.incrementAndGet() < 3) {
                                throw throttle();
                            }
                            return "ok";
                        });
        assertEquals("ok", result);
        assertEquals(3, attempts.get());
        // random()=0.5 of the caps 100 ms and 200 ms
        assertTrue(pacing.sleeps.contains(Duration.ofMillis(50)), pacing.sleeps.toString());
        assertTrue(pacing.sleeps.contains(Duration.ofMillis(100)), pacing.sleeps.toString());
        assertTrue(
                limiter.currentRate(ApiFamily.ORGANIZATIONS_READ)
                        < ApiFamily.ORGANIZATIONS_READ.defaultRate());
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheClassifiedError() {
        AtomicInteger attempts = new AtomicInteger();
        AwsException e =
                assertThrows(
                        AwsException.class,
                        () ->
                                calls.call(
                                        ApiFamily.IAM_ROOT,
                                        "iam:GetAccountSummary",
                                        () -> {
                                            attempts.incrementAndGet();
                                            throw IamException.builder()
                                                    .statusCode(503)
                                                    .awsErrorDetails(
                                                            AwsErrorDetails.builder()
                                                                    .errorCode("ServiceUnavailable")
                                                                    .build())
                                                    .build();
                                        }));
        assertEquals(4, attempts.get());
        assertEquals(AwsErrorKind.TRANSIENT, e.kind());
        assertEquals("iam:GetAccountSummary", e.action());
    }

    @Test
    void accessDeniedAndUnreachableAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        AwsException denied =
                assertThrows(
                        AwsException.class,
                        () ->
                                calls.call(
                                        ApiFamily.ORGANIZATIONS_READ,
                                        "organizations:ListAccounts",
                                        () -> {
                                            attempts.incrementAndGet();
                                            throw AccessDeniedException.builder()
                                                    .statusCode(400)
                                                    .message("no")
                                                    .build();
                                        }));
        assertEquals(AwsErrorKind.ACCESS_DENIED, denied.kind());
        AwsException unreachable =
                assertThrows(
                        AwsException.class,
                        () ->
                                calls.call(
                                        ApiFamily.STS_ASSUME_ROOT,
                                        "sts:AssumeRoot",
                                        () -> {
                                            attempts.incrementAndGet();
                                            throw SdkClientException.create(
                                                    "Unable to execute HTTP request",
                                                    new ConnectException("refused"));
                                        }));
        assertEquals(AwsErrorKind.UNREACHABLE, unreachable.kind());
        assertEquals(2, attempts.get());
        assertTrue(pacing.sleeps.isEmpty());
    }

    @Test
    void backOffIsCappedAndNeverZero() {
        pacing.random = 0.999;
        assertEquals(Duration.ofMillis(4995), calls.backOffDelay(30));
        pacing.random = 0;
        assertEquals(Duration.ofMillis(1), calls.backOffDelay(1));
    }
}
