package io.rootaccess.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Repeated Events are one object with a count and a series; a different message is a new Event
 * (Fabric8 mock, CRUD).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesEventsTest {
    static KubernetesClient client;

    @Test
    void aRepeatIsCountedOnTheSameEventAndADifferentMessageIsAnotherOne() {
        HasMetadata subject =
                new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("subject")
                        .withNamespace("ns")
                        .withUid("uid-1")
                        .endMetadata()
                        .build();
        KubernetesEvents first =
                new KubernetesEvents(
                        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        KubernetesEvents later =
                new KubernetesEvents(
                        Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC));
        first.emit(client, subject, KubernetesEvents.WARNING, "BlockedByPolicy", "denied by p-1");
        later.emit(client, subject, KubernetesEvents.WARNING, "BlockedByPolicy", "denied by p-1");
        later.emit(client, subject, KubernetesEvents.WARNING, "BlockedByPolicy", "denied by p-1");
        first.emit(client, subject, KubernetesEvents.WARNING, "BlockedByPolicy", "denied by p-2");

        List<Event> events =
                client.v1().events().inNamespace("ns").list().getItems().stream()
                        .sorted(Comparator.comparing(Event::getMessage))
                        .toList();
        assertEquals(
                2,
                events.size(),
                "three identical events are one object, the different one another");
        Event repeated = events.get(0);
        assertEquals("denied by p-1", repeated.getMessage());
        assertEquals(3, repeated.getCount());
        assertEquals(3, repeated.getSeries().getCount());
        assertEquals("2026-01-01T00:00:00Z", repeated.getFirstTimestamp());
        assertEquals("2026-01-01T00:05:00Z", repeated.getLastTimestamp());
        assertEquals("uid-1", repeated.getInvolvedObject().getUid());
        Event single = events.get(1);
        assertEquals(1, single.getCount());
        assertNull(single.getSeries());
        assertNotEquals(repeated.getMetadata().getName(), single.getMetadata().getName());
    }
}
