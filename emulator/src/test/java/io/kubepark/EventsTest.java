package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.controllers.runtime.EventRecorder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events recorded by controllers, found with the field selectors {@code kubectl describe} sends. */
class EventsTest {
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        park = KubePark.builder().start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    @Test
    void recordedEventsAreFoundByInvolvedObjectAndRepeatsAreCounted() {
        ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("noted").endMetadata().build()).create();
        var type = park.api().type("", "v1", "configmaps");
        var stored = park.api().get(type, "default", "noted");
        EventRecorder recorder = new EventRecorder(park.api(), "test-controller");
        recorder.normal(type, stored, "Seen", "looked at it");
        recorder.normal(type, stored, "Seen", "looked at it");
        recorder.warning(type, stored, "Odd", "something odd");
        List<Event> events = client.v1().events().inNamespace("default")
                .withField("involvedObject.kind", "ConfigMap")
                .withField("involvedObject.uid", cm.getMetadata().getUid())
                .withField("involvedObject.name", "noted")
                .withField("involvedObject.namespace", "default").list().getItems();
        assertThat(events).extracting(e -> e.getType() + " " + e.getReason() + " x" + e.getCount())
                .containsExactlyInAnyOrder("Normal Seen x2", "Warning Odd x1");
        assertThat(client.v1().events().inNamespace("default").withField("reason", "Odd").list().getItems()).hasSize(1);
        assertThat(client.v1().events().inNamespace("default").withField("source", "test-controller").list().getItems())
                .hasSize(2);
    }
}
