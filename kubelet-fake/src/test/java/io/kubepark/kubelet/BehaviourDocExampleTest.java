package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import org.junit.jupiter.api.Test;

/** The example pod of docs/behaviour.md does what the page says. */
class BehaviourDocExampleTest {
    @Test
    void examplePodStartsInitializesBecomesReadyAndStopsAsDocumented() {
        Kubelet k = pod("web").sidecar("proxy").initContainer("migrate").container("app")
                .annotation("kubepark.io/startup-delay", "2s")
                .annotation("kubepark.io/startup-delay.proxy", "500ms")
                .annotation("kubepark.io/ready-after.app", "10s")
                .annotation("kubepark.io/exit-after.migrate", "3s")
                .annotation("kubepark.io/stop-delay", "5s").start();

        while (!k.phase().equals("Running")) {
            k.wake();
        }
        assertThat(k.now).isEqualTo(T0.plusMillis(7_500));
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusMillis(17_500));
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");

        k.delete(30).wake();
        assertThat(k.now).isEqualTo(T0.plusMillis(22_500));
        assertThat(k.state("app")).isEqualTo("terminated:Completed:0");
        assertThat(k.state("proxy")).isEqualTo("running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusMillis(27_500));
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.plan.delete()).isTrue();
    }
}
