package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import io.kubepark.junit.Timeline;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user of KubePark writes: the project's own fabric8 talks to a KubePark cluster. */
@KubeParkTest(nodes = 2)
class WebTest {
    KubernetesClient client;

    @Test
    void theInjectedClientIsTheProjectsOwnFabric8() {
        String jar = KubernetesClient.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(jar.contains(System.getProperty("expected.fabric8.version")), jar);
    }

    @Test
    void aConfigMapRoundTripsInTheTestsNamespace(KubePark park) {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .withData(Map.of("color", "blue")).build()).create();
        assertEquals("blue", client.configMaps().inNamespace(park.namespace()).withName("settings").get()
                .getData().get("color"));
    }

    @Test
    void aStatefulSetStartsItsPodsInOrder(KubePark park) {
        StatefulSet web = new StatefulSetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withServiceName("web")
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().statefulSets().resource(web).create();
        client.apps().statefulSets().withName("web")
                .waitUntilCondition(s -> s.getStatus() != null && Integer.valueOf(2).equals(s.getStatus()
                        .getReadyReplicas()), 30, TimeUnit.SECONDS);
        Timeline timeline = park.timeline();
        assertTrue(timeline.happenedBefore(Timeline.ready("web-0"), Timeline.created("Pod", "web-1")),
                timeline::toString);
    }
}
