package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.UID;
import static io.kubepark.kubelet.TestPods.json;
import static io.kubepark.kubelet.TestPods.pod;
import static io.kubepark.kubelet.TestPods.time;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Containers that exit: restart policies and the crash-loop back-off. */
class ContainerRestartTest {
    @Test
    void exitCodeZeroWithRestartPolicyNeverSucceeds() {
        Kubelet k = pod("job").restartPolicy("Never").annotation("kubepark.io/exit-after", "2s").start();

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(k.phase()).isEqualTo("Succeeded");
        assertThat(k.container("app").path("state")).isEqualTo(json("""
                {'terminated':{'exitCode':0,'reason':'Completed','startedAt':'%s','finishedAt':'%s',
                 'containerID':'%s'}}""".formatted(time(0), time(2),
                k.container("app").path("containerID").asText())));
        assertThat(k.container("app").path("ready").asBoolean()).isFalse();
        assertThat(k.container("app").path("started").asBoolean()).isFalse();
        assertThat(k.conditionSummary("PodReadyToStartContainers")).isEqualTo("False");
        assertThat(k.conditionSummary("Initialized")).isEqualTo("True:PodCompleted");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:PodCompleted");
        assertThat(k.conditionSummary("ContainersReady")).isEqualTo("False:PodCompleted");
        assertThat(k.logTexts("app"))
                .containsExactly("kubepark: container app started", "kubepark: exited with code 0");
        assertThat(k.plan.wakeAt()).isNull();
        assertThat(k.plan.delete()).isFalse();
    }

    @Test
    void nonZeroExitWithRestartPolicyNeverFails() {
        Kubelet k = pod("job").restartPolicy("Never").annotation("kubepark.io/exit-after", "1s")
                .annotation("kubepark.io/exit-code", "3").start().wake();

        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.state("app")).isEqualTo("terminated:Error:3");
        assertThat(k.conditionSummary("Ready")).isEqualTo("False:PodFailed");
    }

    @Test
    void crashingContainerRestartsAtOnceThenBacksOffTenTwentyFortySeconds() {
        Kubelet k = pod("crash").annotation("kubepark.io/exit-after", "1s")
                .annotation("kubepark.io/exit-code", "1").start();

        k.wake(); // the first exit restarts at once
        assertThat(k.now).isEqualTo(T0.plusSeconds(1));
        assertThat(k.state("app")).isEqualTo("running");
        assertThat(k.container("app").path("restartCount").asInt()).isEqualTo(1);
        assertThat(k.container("app").path("lastState").path("terminated").path("reason").asText())
                .isEqualTo("Error");

        long exitAt = 2;
        int restarts = 1;
        for (long backoff : new long[] {10, 20, 40, 80, 160, 300, 300}) {
            k.wake();
            assertThat(k.now).isEqualTo(T0.plusSeconds(exitAt));
            assertThat(k.phase()).isEqualTo("Running");
            assertThat(k.state("app")).isEqualTo("waiting:CrashLoopBackOff");
            assertThat(k.container("app").path("state").path("waiting").path("message").asText())
                    .isEqualTo("back-off " + GoDuration.format(Duration.ofSeconds(backoff))
                            + " restarting failed container=app pod=crash_default(" + UID + ")");
            assertThat(k.container("app").path("restartCount").asInt()).isEqualTo(restarts);
            assertThat(k.container("app").path("lastState").path("terminated").path("exitCode").asInt())
                    .isEqualTo(1);
            assertThat(k.conditionSummary("Ready"))
                    .isEqualTo("False:ContainersNotReady:containers with unready status: [app]");
            assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(exitAt + backoff));

            k.wake();
            assertThat(k.state("app")).isEqualTo("running");
            assertThat(k.container("app").path("restartCount").asInt()).isEqualTo(++restarts);
            exitAt += backoff + 1;
        }
        assertThat(GoDuration.format(Duration.ofSeconds(300))).isEqualTo("5m0s");
    }

    @Test
    void backOffIsForgottenOnceTheContainerRanTenMinutes() {
        Kubelet k = pod("crash").annotation("kubepark.io/exit-after", "1s").start();
        k.wake().wake(); // exit at 1 s restarts at once, exit at 2 s backs off 10 s
        assertThat(k.state("app")).isEqualTo("waiting:CrashLoopBackOff");

        k.pod.withObjectProperty("metadata").withObjectProperty("annotations")
                .put("kubepark.io/exit-after", "11m");
        k.wake(); // restarted at 12 s, runs until 11 m 12 s
        assertThat(k.state("app")).isEqualTo("running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(12 + 660));
        assertThat(k.state("app")).isEqualTo("running");
        assertThat(k.container("app").path("restartCount").asInt()).isEqualTo(3);
    }

    @Test
    void exitCodeZeroWithRestartPolicyAlwaysRestartsToo() {
        Kubelet k = pod("web").annotation("kubepark.io/exit-after", "1s").start().wake().wake();

        assertThat(k.state("app")).isEqualTo("waiting:CrashLoopBackOff");
        assertThat(k.container("app").path("lastState").path("terminated").path("reason").asText())
                .isEqualTo("Completed");
        assertThat(k.phase()).isEqualTo("Running");
    }

    @Test
    void onFailureRestartsAFailedContainerButNotACompletedOne() {
        Kubelet k = pod("job").restartPolicy("OnFailure").container("ok").container("bad")
                .annotation("kubepark.io/exit-after", "1s").annotation("kubepark.io/exit-code.bad", "2")
                .start().wake();

        assertThat(k.state("ok")).isEqualTo("terminated:Completed:0");
        assertThat(k.state("bad")).isEqualTo("running");
        assertThat(k.container("bad").path("restartCount").asInt()).isEqualTo(1);
        assertThat(k.phase()).isEqualTo("Running");
    }
}
