package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rootaccess.operator.api.task.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handlers are complete: one per task type, one spec field each, and their reasons are
 * explained on the troubleshooting page (a handler may name its own reasons, which the reason scan
 * of the sources would not find).
 */
class TaskHandlersTest {

    @Test
    void everyTypeHasItsOwnHandlerAndField() {
        Map<TaskRequest.Field, TaskType> owners = new EnumMap<>(TaskRequest.Field.class);
        for (TaskType type : TaskType.values()) {
            TaskHandler handler = TaskHandlers.of(type);
            assertEquals(type, handler.type(), "the handler of " + type);
            TaskType other = owners.put(handler.field(), type);
            assertEquals(null, other, handler.field() + " is the field of two types");
        }
        assertEquals(
                List.of(TaskRequest.Field.values()),
                List.copyOf(owners.keySet()),
                "every target field belongs to a type");
    }

    @Test
    void theReasonsAndEventsOfEveryHandlerAreOnTheTroubleshootingPage() throws Exception {
        String page = Files.readString(Path.of("docs/troubleshooting.md"));
        List<String> missing = new ArrayList<>();
        for (TaskType type : TaskType.values()) {
            TaskHandler handler = TaskHandlers.of(type);
            List<String> reasons = new ArrayList<>(List.of(handler.notFoundReason()));
            if (handler instanceof PolicyUnlock unlock) {
                reasons.add(unlock.eventReason());
            }
            for (String reason : reasons) {
                if (!page.contains("| `" + reason + "` |")) {
                    missing.add(type + ": " + reason);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void unlockTasksSayWhatTheirCallDoes() {
        var bucket = (PolicyUnlock) TaskHandlers.of(TaskType.UnlockS3BucketPolicy);
        var queue = (PolicyUnlock) TaskHandlers.of(TaskType.UnlockSqsQueuePolicy);
        assertEquals("deleted", bucket.verbs().past());
        assertEquals("cleared", queue.verbs().past());
        assertTrue(bucket.mutatingAction().startsWith("s3:"));
        assertTrue(queue.mutatingAction().startsWith("sqs:"));
    }
}
