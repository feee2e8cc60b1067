package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubepark.kubelet.ContainerBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pods scheduled onto fake nodes and walked through their lives by the kubelets, on a virtual clock. */
class PodLifecycleTest extends WithCluster {

    private Pod create(PodBuilder builder) {
        return client.pods().inNamespace("default").resource(builder.editOrNewSpec().addNewContainer().withName("app")
                .withImage("nginx:1.27").endContainer().endSpec().build()).create();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus).findFirst().orElse("absent");
    }

    private List<String> eventsOf(String pod) {
        return client.v1().events().inNamespace("default").withField("involvedObject.name", pod).list().getItems()
                .stream().map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList();
    }

    @Test
    void aPodIsScheduledAndRunsReadyWithAnIpFromItsNode() {
        create(new PodBuilder().withNewMetadata().withName("web").endMetadata());
        park.awaitIdle();
        Pod web = pod("web");
        assertThat(web.getSpec().getNodeName()).isIn("node-1", "node-2", "node-3");
        assertThat(web.getStatus().getPhase()).isEqualTo("Running");
        assertThat(condition(web, "Ready")).isEqualTo("True");
        assertThat(condition(web, "PodScheduled")).isEqualTo("True");
        assertThat(web.getStatus().getPodIP()).startsWith("10.244.");
        assertThat(web.getStatus().getHostIP()).startsWith("172.18.0.");
        assertThat(web.getStatus().getContainerStatuses()).singleElement().satisfies(c -> {
            assertThat(c.getReady()).isTrue();
            assertThat(c.getState().getRunning()).isNotNull();
        });
        assertThat(eventsOf("web")).contains("Normal Scheduled Successfully assigned default/web to "
                + web.getSpec().getNodeName());
    }

    @Test
    void aPodThatFitsNowhereIsUnschedulableWithTheRealMessage() {
        create(new PodBuilder().withNewMetadata().withName("huge").endMetadata().withNewSpec().addNewContainer()
                .withName("big").withImage("nginx").withNewResources()
                .addToRequests("cpu", new Quantity("64")).endResources()
                .endContainer().endSpec());
        park.awaitIdle();
        Pod huge = pod("huge");
        assertThat(huge.getSpec().getNodeName()).isNull();
        PodCondition scheduled = huge.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        String message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod..";
        assertThat(scheduled.getStatus() + " " + scheduled.getReason() + " " + scheduled.getMessage())
                .isEqualTo("False Unschedulable " + message);
        assertThat(eventsOf("huge")).contains("Warning FailedScheduling " + message);
    }

    @Test
    void startupAndReadinessDelaysPassOnTheVirtualClock() {
        create(new PodBuilder().withNewMetadata().withName("slow").addToAnnotations("kubepark.io/startup-delay", "5s")
                .addToAnnotations("kubepark.io/ready-after", "10s").endMetadata());
        park.awaitIdle();
        assertThat(pod("slow").getStatus().getPhase()).isEqualTo("Pending");
        park.advance(Duration.ofSeconds(5));
        assertThat(pod("slow").getStatus().getPhase()).isEqualTo("Running");
        assertThat(condition(pod("slow"), "Ready")).isEqualTo("False");
        park.advance(Duration.ofSeconds(10));
        assertThat(condition(pod("slow"), "Ready")).isEqualTo("True");
    }

    @Test
    void aCrashingContainerRestartsWithBackOff() {
        create(new PodBuilder().withNewMetadata().withName("crash").addToAnnotations("kubepark.io/exit-after", "1s")
                .addToAnnotations("kubepark.io/exit-code", "1").endMetadata());
        park.awaitIdle();
        park.advance(Duration.ofMinutes(2));
        var status = pod("crash").getStatus().getContainerStatuses().get(0);
        assertThat(status.getRestartCount()).isGreaterThanOrEqualTo(3);
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    }

    @Test
    void aDeletedPodIsGoneAfterItsContainersStop() {
        create(new PodBuilder().withNewMetadata().withName("leaving").addToAnnotations("kubepark.io/stop-delay", "20s")
                .endMetadata());
        park.awaitIdle();
        client.pods().inNamespace("default").withName("leaving").delete();
        park.awaitIdle();
        assertThat(pod("leaving").getMetadata().getDeletionTimestamp()).isNotNull();
        park.advance(Duration.ofSeconds(19));
        assertThat(pod("leaving")).isNotNull();
        park.advance(Duration.ofSeconds(1));
        assertThat(pod("leaving")).isNull();
    }

    @Test
    void theJavaApiScriptsAContainerAheadOfAnnotations() {
        park.behave("default", "scripted", Map.of("app", ContainerBehaviour.UNSET.withExit(Duration.ofSeconds(3), 0)));
        create(new PodBuilder().withNewMetadata().withName("scripted").endMetadata().withNewSpec()
                .withRestartPolicy("Never").endSpec());
        park.awaitIdle();
        assertThat(pod("scripted").getStatus().getPhase()).isEqualTo("Running");
        park.advance(Duration.ofSeconds(3));
        assertThat(pod("scripted").getStatus().getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void aPodWaitsForCapacityAndIsScheduledWhenAnotherGoes() {
        for (int i = 0; i < 3; i++) {
            create(new PodBuilder().withNewMetadata().withName("filler-" + i).endMetadata().withNewSpec()
                    .addNewContainer().withName("big").withImage("nginx").withNewResources()
                    .addToRequests("cpu", new Quantity("3")).endResources()
                    .endContainer().endSpec());
        }
        create(new PodBuilder().withNewMetadata().withName("waiting").endMetadata().withNewSpec().addNewContainer()
                .withName("big").withImage("nginx").withNewResources()
                .addToRequests("cpu", new Quantity("3")).endResources()
                .endContainer().endSpec());
        park.awaitIdle();
        assertThat(pod("waiting").getSpec().getNodeName()).isNull();
        client.pods().inNamespace("default").withName("filler-0").delete();
        park.advance(Duration.ofSeconds(2));
        assertThat(pod("waiting").getSpec().getNodeName()).isNotNull();
        assertThat(pod("waiting").getStatus().getPhase()).isEqualTo("Running");
    }
}
