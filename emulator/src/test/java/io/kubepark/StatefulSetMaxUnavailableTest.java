package io.kubepark;

import static io.kubepark.StatefulSetFixture.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** rollingUpdate.maxUnavailable counts only with the MaxUnavailableStatefulSet gate, off by default (rule 41). */
class StatefulSetMaxUnavailableTest {

    /** How many pods are terminating right after a template change of a 4-replica set with maxUnavailable 2. */
    private static long terminatingAtOnce(KubePark.Builder builder) {
        try (KubePark park = builder.virtualClock().start(); KubernetesClient client = Clients.fabric8(park)) {
            StatefulSetFixture f = new StatefulSetFixture(park, client);
            f.create(set("ss", 4, false).editSpec().withPodManagementPolicy("Parallel").editTemplate().editMetadata()
                    .addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().endTemplate()
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxUnavailable(new IntOrString(2)).endRollingUpdate().endUpdateStrategy().endSpec());
            f.settle();
            f.image("ss", "nginx:1.28");
            park.awaitIdle();
            return f.pods("ss").stream().filter(p -> p.getMetadata().getDeletionTimestamp() != null).count();
        }
    }

    @Test
    void withTheGateOffOnePodIsReplacedAtATime() {
        assertThat(terminatingAtOnce(KubePark.builder())).isEqualTo(1);
    }

    @Test
    void withTheGateOnMaxUnavailablePodsAreReplacedTogether() {
        assertThat(terminatingAtOnce(KubePark.builder().featureGate("MaxUnavailableStatefulSet", true)))
                .isEqualTo(2);
    }

    @Test
    void anUnknownGateIsRefused() {
        assertThatThrownBy(() -> KubePark.builder().featureGate("NoSuchGate", true).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unrecognized feature gate: NoSuchGate");
    }
}
