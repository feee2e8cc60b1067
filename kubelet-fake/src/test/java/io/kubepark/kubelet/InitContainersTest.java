package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Init containers one at a time, and sidecars. */
class InitContainersTest {
    @Test
    void initContainersRunOneAtATimeInSpecOrder() {
        Kubelet k = pod("web").initContainer("migrate").initContainer("seed").container("app")
                .annotation("kubepark.io/exit-after.migrate", "2s")
                .annotation("kubepark.io/exit-after.seed", "3s").start();

        assertThat(k.phase()).isEqualTo("Pending");
        assertThat(k.status().path("initContainerStatuses").findValuesAsText("name"))
                .containsExactly("migrate", "seed");
        assertThat(List.of(k.state("migrate"), k.state("seed"), k.state("app")))
                .containsExactly("running", "waiting:PodInitializing", "waiting:PodInitializing");
        assertThat(k.conditionSummary("Initialized")).isEqualTo(
                "False:ContainersNotInitialized:containers with incomplete status: [migrate seed]");

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(List.of(k.state("migrate"), k.state("seed"), k.state("app")))
                .containsExactly("terminated:Completed:0", "running", "waiting:PodInitializing");
        assertThat(k.container("migrate").path("ready").asBoolean()).isTrue();
        assertThat(k.conditionSummary("Initialized")).isEqualTo(
                "False:ContainersNotInitialized:containers with incomplete status: [seed]");

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(5));
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.state("app")).isEqualTo("running");
        assertThat(k.conditionSummary("Initialized")).isEqualTo("True");
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");
    }

    @Test
    void failedInitContainerWithRestartPolicyNeverFailsThePod() {
        Kubelet k = pod("web").restartPolicy("Never").initContainer("migrate").container("app")
                .annotation("kubepark.io/exit-after.migrate", "1s")
                .annotation("kubepark.io/exit-code.migrate", "1").start().wake();

        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.state("migrate")).isEqualTo("terminated:Error:1");
        assertThat(k.state("app")).isEqualTo("waiting:PodInitializing");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:PodFailed");
        assertThat(k.plan.wakeAt()).isNull();
    }

    @Test
    void failedInitContainerRestartsWithBackOffWhileThePodStaysPending() {
        Kubelet k = pod("web").initContainer("migrate").container("app")
                .annotation("kubepark.io/exit-after.migrate", "1s")
                .annotation("kubepark.io/exit-code.migrate", "1").start().wake().wake();

        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(k.phase()).isEqualTo("Pending");
        assertThat(k.state("migrate")).isEqualTo("waiting:CrashLoopBackOff");
        assertThat(k.container("migrate").path("restartCount").asInt()).isEqualTo(1);
        assertThat(k.state("app")).isEqualTo("waiting:PodInitializing");
        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(12));
    }

    @Test
    void sidecarMustBeStartedBeforeTheNextInitContainerAndCountsTowardReadiness() {
        Kubelet k = pod("web").sidecar("proxy").initContainer("migrate").container("app")
                .annotation("kubepark.io/startup-delay.proxy", "2s")
                .annotation("kubepark.io/ready-after.proxy", "5s")
                .annotation("kubepark.io/exit-after.migrate", "1s").start();

        assertThat(List.of(k.state("proxy"), k.state("migrate"), k.state("app"))).containsExactly(
                "waiting:ContainerCreating", "waiting:PodInitializing", "waiting:PodInitializing");

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(List.of(k.state("proxy"), k.state("migrate"))).containsExactly("running", "running");
        assertThat(k.container("proxy").path("started").asBoolean()).isTrue();
        assertThat(k.conditionSummary("Initialized")).isEqualTo(
                "False:ContainersNotInitialized:containers with incomplete status: [migrate]");

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(3));
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(List.of(k.state("proxy"), k.state("migrate"), k.state("app")))
                .containsExactly("running", "terminated:Completed:0", "running");
        assertThat(k.conditionSummary("Initialized")).isEqualTo("True");
        assertThat(k.conditionSummary("ContainersReady"))
                .isEqualTo("False:ContainersNotReady:containers with unready status: [proxy]");

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(7));
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");
    }

    @Test
    void sidecarsAreStoppedWhenTheJobIsDoneAndDoNotDecideThePhase() {
        Kubelet k = pod("job").restartPolicy("Never").sidecar("proxy").container("app")
                .annotation("kubepark.io/exit-after.app", "5s")
                .annotation("kubepark.io/stop-delay.proxy", "2s").start();

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(5));
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.state("proxy")).isEqualTo("running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(7));
        assertThat(k.state("proxy")).isEqualTo("terminated:Completed:0");
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.logTexts("proxy")).containsExactly("kubepark: container proxy started",
                "kubepark: asked to stop", "kubepark: exited with code 0");
    }
}
