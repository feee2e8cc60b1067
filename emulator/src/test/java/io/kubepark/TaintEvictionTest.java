package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** NoExecute eviction on a virtual clock (E8, E9): five minutes of a dead node in milliseconds. */
class TaintEvictionTest extends WithCluster {

    @Override
    protected KubePark.Builder builder() {
        return KubePark.builder().virtualClock().nodes(2);
    }

    /** A pod created on a node: it skips the scheduler and that node's kubelet runs it (D2). */
    private void podOn(String name, String node, PodBuilder builder) {
        client.pods().inNamespace("default").resource(builder.editOrNewMetadata().withName(name).endMetadata()
                .editOrNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    @Test
    void podsOnASilentNodeAreEvictedThreeHundredSecondsAfterTheTaint() {
        podOn("doomed", "node-2", new PodBuilder());
        podOn("safe", "node-1", new PodBuilder());
        park.stopHeartbeats("node-2");
        park.advance(Duration.ofSeconds(55)); // past the 50 s grace, at the next 5 s check
        assertThat(client.nodes().withName("node-2").get().getSpec().getTaints())
                .anySatisfy(t -> assertThat(t.getKey() + ":" + t.getEffect())
                        .isEqualTo("node.kubernetes.io/unreachable:NoExecute"));
        park.advance(Duration.ofSeconds(299));
        assertThat(pod("doomed").getMetadata().getDeletionTimestamp()).isNull();
        park.advance(Duration.ofSeconds(1));
        Pod doomed = pod("doomed");
        assertThat(doomed.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(doomed.getStatus().getConditions()).anySatisfy(c -> assertThat(
                c.getType() + "=" + c.getStatus() + " " + c.getReason())
                .isEqualTo("DisruptionTarget=True DeletionByTaintManager"));
        assertThat(pod("safe").getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aTolerationWithoutSecondsKeepsThePodForeverAndAShortOneEvictsSooner() {
        podOn("stays", "node-2", new PodBuilder().withNewSpec().addNewToleration()
                .withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                .endToleration().endSpec());
        podOn("quick", "node-2", new PodBuilder().withNewSpec().addNewToleration()
                .withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(10L).endToleration().endSpec());
        park.stopHeartbeats("node-2");
        park.advance(Duration.ofSeconds(55));
        park.advance(Duration.ofSeconds(10));
        assertThat(pod("quick").getMetadata().getDeletionTimestamp()).isNotNull();
        park.advance(Duration.ofMinutes(30));
        assertThat(pod("stays").getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void aNodeThatComesBackInTimeKeepsItsPods() {
        podOn("lucky", "node-2", new PodBuilder());
        park.stopHeartbeats("node-2");
        park.advance(Duration.ofSeconds(100));
        park.resumeHeartbeats("node-2");
        park.advance(Duration.ofMinutes(10));
        assertThat(pod("lucky").getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void podsOfADeletedNodeAreCollected() {
        podOn("orphan", "node-2", new PodBuilder());
        park.stopHeartbeats("node-2");
        client.nodes().withName("node-2").delete();
        park.advance(Duration.ofSeconds(30));
        assertThat(pod("orphan")).isNotNull();
        park.advance(Duration.ofSeconds(40));
        assertThat(pod("orphan")).isNull();
    }
}
