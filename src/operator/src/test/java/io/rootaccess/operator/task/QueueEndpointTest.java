package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The queue URL rule of {@link QueueEndpoint}: the operator's region, or its SQS endpoint. */
class QueueEndpointTest {
    private static final QueueEndpoint US_EAST_1 = QueueEndpoint.of("us-east-1", Optional.empty());

    @Test
    void onAwsTheQueueMustBeInTheOperatorsRegion() {
        assertEquals(
                Optional.empty(),
                US_EAST_1.problem("https://sqs.us-east-1.amazonaws.com/111122223333/q"));
        assertEquals(
                Optional.empty(), US_EAST_1.problem("https://queue.amazonaws.com/111122223333/q"));
        assertEquals(
                Optional.empty(),
                US_EAST_1.problem("https://us-east-1.queue.amazonaws.com/111122223333/q"));
        String other =
                US_EAST_1.problem("https://sqs.eu-west-1.amazonaws.com/111122223333/q").get();
        assertTrue(other.contains("sqs.eu-west-1.amazonaws.com"), other);
        assertTrue(other.contains("rootaccess.aws.region=us-east-1"), other);
        assertTrue(
                US_EAST_1.problem("http://sqs.us-east-1.amazonaws.com/111122223333/q").isPresent());
        assertTrue(
                US_EAST_1
                        .problem("https://sqs.us-east-1.amazonaws.com:8443/111122223333/q")
                        .isPresent());
        assertTrue(US_EAST_1.problem("https://sqs.us-east-1.evil.com/111122223333/q").isPresent());
        assertTrue(
                QueueEndpoint.of("eu-west-1", Optional.empty())
                        .problem("https://queue.amazonaws.com/111122223333/q")
                        .isPresent(),
                "the legacy global host is us-east-1's");
        assertEquals(
                Optional.empty(),
                QueueEndpoint.of("cn-north-1", Optional.empty())
                        .problem("https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q"));
    }

    @Test
    void withAnEndpointOverrideTheQueueMustBeOnIt() {
        QueueEndpoint sandbox =
                QueueEndpoint.of("us-east-1", Optional.of(URI.create("http://127.0.0.1:4566")));
        assertEquals(Optional.empty(), sandbox.problem("http://127.0.0.1:4566/111122223333/q"));
        assertTrue(sandbox.problem("http://127.0.0.1:4567/111122223333/q").isPresent());
        assertTrue(sandbox.problem("https://127.0.0.1:4566/111122223333/q").isPresent());
        assertTrue(sandbox.problem("http://10.0.0.1:4566/111122223333/q").isPresent());
        assertTrue(
                sandbox.problem("https://sqs.us-east-1.amazonaws.com/111122223333/q").isPresent());
    }

    @Test
    void anyChecksNothing() {
        assertEquals(
                Optional.empty(),
                QueueEndpoint.ANY.problem("https://sqs.eu-west-1.amazonaws.com/111122223333/q"));
    }
}
