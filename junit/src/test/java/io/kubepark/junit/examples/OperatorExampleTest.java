package io.kubepark.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator test: the CRD comes from a manifest, the operator under test runs against the cluster through the
 * injected client, and the test checks what it made. (docs/junit.md, "An operator")
 */
@KubeParkTest(manifests = "crds/greeting.yaml")
class OperatorExampleTest {
    KubernetesClient client;

    /** The operator under test: for each Greeting, a ConfigMap with the greeting, named in the status. */
    static SharedIndexInformer<GenericKubernetesResource> greetingOperator(KubernetesClient client) {
        var greetings = client.genericKubernetesResources("example.com/v1", "Greeting");
        return greetings.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource g) {
                String name = "greeting-" + g.getMetadata().getName();
                String who = String.valueOf(((Map<?, ?>) g.getAdditionalProperties().get("spec")).get("name"));
                client.configMaps().inNamespace(g.getMetadata().getNamespace()).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(name).endMetadata()
                        .withData(Map.of("message", "Hello, " + who + "!")).build()).serverSideApply();
                g.getAdditionalProperties().put("status", Map.of("configMap", name));
                greetings.inNamespace(g.getMetadata().getNamespace()).resource(g).updateStatus();
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            }

            @Override
            public void onDelete(GenericKubernetesResource g, boolean unknownFinalState) {
            }
        });
    }

    @Test
    void aGreetingGetsItsConfigMap(KubePark park) {
        try (var operator = greetingOperator(client)) {
            client.genericKubernetesResources("example.com/v1", "Greeting").resource(
                    new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Greeting")
                            .withNewMetadata().withName("world").endMetadata()
                            .addToAdditionalProperties("spec", Map.of("name", "World")).build()).create();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.configMaps().withName("greeting-world").get()).isNotNull());
            assertThat(client.configMaps().withName("greeting-world").get().getData())
                    .containsEntry("message", "Hello, World!");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client
                    .genericKubernetesResources("example.com/v1", "Greeting").withName("world").get()
                    .getAdditionalProperties().get("status")).isEqualTo(Map.of("configMap", "greeting-world")));
            assertThat(park.namespace()).isEqualTo(client.getNamespace());
        }
    }
}
