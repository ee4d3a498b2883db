package io.rootaccess.operator.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rootaccess.operator.api.task.PrivilegedRootTask;
import io.rootaccess.operator.api.task.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests in examples/tasks/ (applied by `make demo`) are valid tasks of the kinds they
 * claim.
 */
class TaskExamplesTest {
    static final Path DIR = Path.of("examples", "tasks");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static PrivilegedRootTask load(String file) throws IOException {
        return SERIALIZATION.unmarshal(
                Files.readString(DIR.resolve(file)), PrivilegedRootTask.class);
    }

    @Test
    void oneValidManifestPerTaskKind() throws IOException {
        Map<String, TaskType> files =
                Map.of(
                        "unlock-s3-bucket-policy.yaml", TaskType.UnlockS3BucketPolicy,
                        "unlock-sqs-queue-policy.yaml", TaskType.UnlockSqsQueuePolicy,
                        "allow-password-recovery.yaml", TaskType.AllowPasswordRecovery);
        try (var listed = Files.list(DIR)) {
            assertEquals(files.size(), listed.count(), "one manifest per kind");
        }
        for (var e : files.entrySet()) {
            PrivilegedRootTask task = load(e.getKey());
            // no namespace of its own: `kubectl apply -n` puts it where the operator looks
            assertEquals(null, task.getMetadata().getNamespace(), e.getKey());
            var validation = TaskRequest.validate(task.getSpec());
            assertTrue(validation.valid(), e.getKey() + ": " + validation.problem());
            assertEquals(e.getValue(), validation.request().type());
            assertEquals("999900000002", validation.request().accountId());
        }
        assertEquals("locked-bucket", load("unlock-s3-bucket-policy.yaml").getSpec().bucketName);
        assertEquals("locked-queue", load("unlock-sqs-queue-policy.yaml").getSpec().queue);
        assertEquals(
                Duration.ofHours(1),
                TaskRequest.validate(load("allow-password-recovery.yaml").getSpec())
                        .request()
                        .holdDuration());
    }
}
