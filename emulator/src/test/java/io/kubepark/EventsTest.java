package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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

    @Test
    void eventsOfTheEventsApiAreSelectedByTheirOwnFieldNames() {
        for (String[] e : new String[][] {{"a", "Pod", "web-0", "Scheduled", "default-scheduler"},
                {"b", "Pod", "web-1", "Scheduled", "default-scheduler"}, {"c", "Node", "node-1", "Ready", "kubelet"}}) {
            client.events().v1().events().inNamespace("default").resource(new EventBuilder().withNewMetadata().withName(e[0]).endMetadata()
                    .withNewRegarding().withKind(e[1]).withName(e[2]).withNamespace("default").endRegarding()
                    .withReason(e[3]).withType("Normal").withAction("Act").withNote("note")
                    .withReportingController(e[4]).withReportingInstance(e[4] + "-1")
                    .withEventTime(new MicroTime("2025-01-01T00:00:00.000000Z"))
                    .build()).create();
        }
        var events = client.events().v1().events().inNamespace("default");
        assertThat(events.withField("regarding.kind", "Pod").withField("regarding.name", "web-1").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("b");
        assertThat(events.withField("reportingController", "kubelet").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("c");
        assertThat(events.withField("source", "default-scheduler").withField("reason", "Scheduled").list().getItems())
                .hasSize(2);
        // the core API's names are not labels of events.k8s.io
        var rejected = catchThrowableOfType(KubernetesClientException.class,
                () -> events.withField("involvedObject.name", "web-1").list());
        assertThat(rejected.getCode()).isEqualTo(400);
        assertThat(rejected.getMessage()).contains("field label not supported: involvedObject.name");
    }
}
