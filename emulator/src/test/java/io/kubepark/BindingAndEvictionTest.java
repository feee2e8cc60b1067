package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pods/binding as the scheduler uses it (D6) and pods/eviction as kubectl drain uses it. */
class BindingAndEvictionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KubePark park;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        // no nodes: nothing else binds the pods these tests bind
        park = KubePark.builder().nodes(0).start();
        client = Clients.fabric8(park);
    }

    @AfterAll
    static void stop() {
        client.close();
        park.close();
    }

    private static Pod pod(String name) {
        return client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
    }

    private static HttpResponse<String> bind(String pod, String body) throws Exception {
        return Clients.send(park, "POST", "/api/v1/namespaces/default/pods/" + pod + "/binding", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static String binding(String pod, String node) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + pod
                + "\",\"annotations\":{\"note\":\"bound\"}},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\""
                + node + "\"}}";
    }

    @Test
    void aBindingAssignsTheNodeAndMarksThePodScheduled() throws Exception {
        pod("bound");
        HttpResponse<String> r = bind("bound", binding("bound", "node-9"));
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode status = JSON.readTree(r.body());
        assertThat(status.path("kind").asText() + " " + status.path("status").asText()).isEqualTo("Status Success");
        Pod pod = client.pods().inNamespace("default").withName("bound").get();
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-9");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "bound");
        PodCondition scheduled = pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        assertThat(scheduled.getStatus()).isEqualTo("True");
        assertThat(scheduled.getLastTransitionTime()).isNotNull();
    }

    @Test
    void aSecondBindingConflictsAndNamesTheNode() throws Exception {
        pod("twice");
        assertThat(bind("twice", binding("twice", "node-1")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = bind("twice", binding("twice", "node-2"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("message").asText()).isEqualTo(
                "Operation cannot be fulfilled on pods/binding \"twice\": pod twice is already assigned to node \"node-1\"");
        assertThat(client.pods().inNamespace("default").withName("twice").get().getSpec().getNodeName())
                .isEqualTo("node-1");
    }

    @Test
    void badBindingsAreRefusedWithAStatus() throws Exception {
        pod("refused");
        assertThat(bind("missing", binding("missing", "node-1")).statusCode()).isEqualTo(404);
        HttpResponse<String> noTarget = bind("refused", "{\"metadata\":{\"name\":\"refused\"},\"target\":{}}");
        assertThat(noTarget.statusCode()).isEqualTo(422);
        assertThat(noTarget.body()).contains("target.name").contains("Required value");
        assertThat(bind("refused", binding("other", "node-1")).statusCode()).isEqualTo(400);
        HttpResponse<String> staleUid = bind("refused", "{\"metadata\":{\"name\":\"refused\",\"uid\":\"nope\"},"
                + "\"target\":{\"name\":\"node-1\"}}");
        assertThat(staleUid.statusCode()).isEqualTo(409);
        assertThat(staleUid.body()).contains("Precondition failed: UID in precondition: nope");
        assertThat(client.pods().inNamespace("default").withName("refused").get().getSpec().getNodeName()).isNull();
    }

    @Test
    void aGatedPodCannotBeBound() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("gated")
                .endMetadata().withNewSpec().addNewSchedulingGate("example.com/wait").addNewContainer().withName("c")
                .withImage("nginx").endContainer().endSpec().build()).create();
        HttpResponse<String> r = bind("gated", binding("gated", "node-1"));
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("pod gated has non-empty .spec.schedulingGates");
    }

    @Test
    void theBindingsResourceBindsThePodItNames() throws Exception {
        pod("via-bindings");
        HttpResponse<String> r = Clients.send(park, "POST", "/api/v1/namespaces/default/bindings", "application/json",
                binding("via-bindings", "node-3").getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(client.pods().inNamespace("default").withName("via-bindings").get().getSpec().getNodeName())
                .isEqualTo("node-3");
    }

    @Test
    void anEvictionMarksTheDisruptionAndDeletesThePod() {
        pod("evicted");
        assertThat(client.pods().inNamespace("default").withName("evicted").evict()).isTrue();
        // unbound, so the delete is immediate
        assertThat(client.pods().inNamespace("default").withName("evicted").get()).isNull();
        assertThat(catchThrowableOfType(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("never-was").evict()).getCode()).isEqualTo(404);
    }
}
