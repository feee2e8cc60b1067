package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.json;
import static io.kubepark.kubelet.TestPods.pod;
import static io.kubepark.kubelet.TestPods.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deletion: stop delays, the grace period and the final DELETE. */
class GracefulTerminationTest {
    @Test
    void containerThatStopsWithinTheGracePeriodExitsZeroAndThePodIsDeleted() {
        Kubelet k = pod("web").annotation("kubepark.io/stop-delay", "5s").start().at(Duration.ofSeconds(10));

        k.delete(30);
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.plan.delete()).isFalse();
        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(15));

        k.wake();
        assertThat(k.state("app")).isEqualTo("terminated:Completed:0");
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:PodCompleted");
        assertThat(k.plan.delete()).isTrue();
        assertThat(k.plan.wakeAt()).isNull();
        assertThat(k.logTexts("app")).containsExactly("kubepark: container app started",
                "kubepark: asked to stop", "kubepark: exited with code 0");
    }

    @Test
    void containerStillRunningAtTheEndOfTheGracePeriodIsKilledAndThePodFails() {
        Kubelet k = pod("web").annotation("kubepark.io/stop-delay", "1m").start().delete(20);

        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(20));
        k.wake();
        assertThat(k.state("app")).isEqualTo("terminated:Error:137");
        assertThat(k.container("app").path("state").path("terminated").path("finishedAt").asText())
                .isEqualTo(time(20));
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:PodFailed");
        assertThat(k.plan.delete()).isTrue();
        assertThat(k.logTexts("app")).last().isEqualTo("kubepark: killed at the end of the grace period");
    }

    @Test
    void aContainerThatFailsOnSigtermExitsWithItsStopExitCodeAndThePodFails() {
        Kubelet k = pod("web").annotation("kubepark.io/stop-exit-code", "1").start().delete(30);

        assertThat(k.state("app")).isEqualTo("terminated:Error:1");
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.plan.delete()).isTrue();
    }

    @Test
    void containerWithoutStopDelayExitsAsSoonAsAsked() {
        Kubelet k = pod("web").start().delete(30);

        assertThat(k.state("app")).isEqualTo("terminated:Completed:0");
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.plan.delete()).isTrue();
    }

    @Test
    void stopRequestCountsFromTheDeleteEvenWhenTheKubeletLooksLate() {
        Kubelet k = pod("web").annotation("kubepark.io/stop-delay", "5s").start();
        k.pod.withObjectProperty("metadata").put("deletionTimestamp", time(30))
                .put("deletionGracePeriodSeconds", 30);

        k.at(Duration.ofSeconds(3));
        assertThat(k.state("app")).isEqualTo("running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(5));
        assertThat(k.plan.delete()).isTrue();
    }

    @Test
    void sidecarsStopAfterTheAppContainersInReverseOrder() {
        Kubelet k = pod("web").sidecar("first").sidecar("second").container("app")
                .annotation("kubepark.io/stop-delay", "2s").start().delete(30);

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(List.of(k.state("first"), k.state("second"), k.state("app")))
                .containsExactly("running", "running", "terminated:Completed:0");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(4));
        assertThat(List.of(k.state("first"), k.state("second")))
                .containsExactly("running", "terminated:Completed:0");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(6));
        assertThat(k.state("first")).isEqualTo("terminated:Completed:0");
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.plan.delete()).isTrue();
    }

    @Test
    void crashLoopingContainerIsNotRestartedOnceThePodIsDeleted() {
        Kubelet k = pod("crash").annotation("kubepark.io/exit-after", "1s")
                .annotation("kubepark.io/exit-code", "1").start().wake().wake();
        assertThat(k.state("app")).isEqualTo("waiting:CrashLoopBackOff");

        k.delete(30);
        assertThat(k.state("app")).isEqualTo("terminated:Error:1");
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.plan.delete()).isTrue();
    }

    @Test
    void containersThatNeverStartedEndAsStatusUnknown() {
        Kubelet k = pod("web").annotation("kubepark.io/startup-delay", "1m").start().delete(30);

        assertThat(k.container("app").path("state")).isEqualTo(json("""
                {'terminated':{'exitCode':137,'reason':'ContainerStatusUnknown',
                 'message':'The container could not be located when the pod was terminated'}}"""));
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.plan.delete()).isTrue();
    }
}
