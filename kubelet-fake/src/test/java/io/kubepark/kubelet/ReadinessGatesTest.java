package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import org.junit.jupiter.api.Test;

/** Readiness gates and the Ready condition. */
class ReadinessGatesTest {
    @Test
    void readinessGatesKeepThePodUnreadyUntilTheirConditionsAreTrue() {
        Kubelet k = pod("web").readinessGate("example.com/lb").readinessGate("example.com/dns")
                .condition("example.com/dns", "False").start();

        assertThat(k.conditionSummary("ContainersReady")).isEqualTo("True");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:ReadinessGatesNotReady:"
                + "corresponding condition of pod readiness gate \"example.com/lb\" does not exist., "
                + "the status of pod readiness gate \"example.com/dns\" is not \"True\", but False");

        k.setCondition("example.com/lb", "True").setCondition("example.com/dns", "True");
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");
        assertThat(k.status().path("conditions").findValuesAsText("type")).containsExactly(
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled",
                "example.com/dns", "example.com/lb");
    }
}
