package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.NODE;
import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.UID;
import static io.kubepark.kubelet.TestPods.json;
import static io.kubepark.kubelet.TestPods.pod;
import static io.kubepark.kubelet.TestPods.time;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.kubelet.TestPods.Kubelet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** First sight, start-up and readiness of a pod's containers. */
class PodStartTest {
    @Test
    void podWithoutAnnotationsIsRunningAndReadyOnFirstSight() {
        Kubelet k = pod("web").start();

        String t0 = time(0);
        String scheduled = time(-1);
        assertThat(k.status()).isEqualTo(json("""
                {'phase':'Running',
                 'conditions':[
                   {'type':'PodReadyToStartContainers','status':'True','lastProbeTime':null,
                    'lastTransitionTime':'%1$s'},
                   {'type':'Initialized','status':'True','lastProbeTime':null,'lastTransitionTime':'%1$s'},
                   {'type':'Ready','status':'True','lastProbeTime':null,'lastTransitionTime':'%1$s'},
                   {'type':'ContainersReady','status':'True','lastProbeTime':null,'lastTransitionTime':'%1$s'},
                   {'type':'PodScheduled','status':'True','lastProbeTime':null,'lastTransitionTime':'%2$s'}],
                 'hostIP':'172.18.0.2','hostIPs':[{'ip':'172.18.0.2'}],
                 'podIP':'10.244.1.7','podIPs':[{'ip':'10.244.1.7'}],
                 'startTime':'%1$s',
                 'containerStatuses':[
                   {'name':'app','state':{'running':{'startedAt':'%1$s'}},'lastState':{},'ready':true,
                    'restartCount':0,'image':'docker.io/library/nginx:1.27',
                    'imageID':'%3$s','containerID':'%4$s','started':true}],
                 'qosClass':'BestEffort'}
                """.formatted(t0, scheduled, Images.id("nginx:1.27"),
                "containerd://" + PodSimulation.sha256(UID + "/app/0"))));
        assertThat(k.container("app").path("containerID").asText()).matches("containerd://[0-9a-f]{64}");
        assertThat(k.container("app").path("imageID").asText())
                .matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(k.plan.wakeAt()).isNull();
        assertThat(k.logTexts("app")).containsExactly("kubepark: container app started");
    }

    @Test
    void containerStatusesAreSortedByNameAndConditionsKeepTheirOrder() {
        Kubelet k = pod("web").container("zeta").container("alpha").container("mid").start();

        assertThat(k.status().path("containerStatuses").findValuesAsText("name"))
                .containsExactly("alpha", "mid", "zeta");
        assertThat(k.status().path("conditions").findValuesAsText("type")).containsExactly(
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
    }

    @Test
    void startupDelayKeepsTheContainerCreatingUntilItRuns() {
        Kubelet k = pod("web").annotation("kubepark.io/startup-delay", "5s").start();

        assertThat(k.phase()).isEqualTo("Pending");
        assertThat(k.state("app")).isEqualTo("waiting:ContainerCreating");
        assertThat(k.container("app").has("containerID")).isFalse();
        assertThat(k.container("app").path("image").asText()).isEqualTo("nginx:1.27");
        assertThat(k.container("app").path("imageID").asText()).isEmpty();
        assertThat(k.conditionSummary("ContainersReady"))
                .isEqualTo("False:ContainersNotReady:containers with unready status: [app]");
        assertThat(k.conditionSummary("Ready"))
                .isEqualTo("False:ContainersNotReady:containers with unready status: [app]");
        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(5));

        k.atSeconds(4.999);
        assertThat(k.plan.status()).isNull();
        k.wake();
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.container("app").path("state").path("running").path("startedAt").asText())
                .isEqualTo(time(5));
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");
        assertThat(k.condition("Ready").path("lastTransitionTime").asText()).isEqualTo(time(5));
        assertThat(k.condition("Initialized").path("lastTransitionTime").asText()).isEqualTo(time(0));
    }

    @Test
    void readyAfterMakesARunningContainerReadyLater() {
        Kubelet k = pod("web").annotation("kubepark.io/startup-delay", "500ms")
                .annotation("kubepark.io/ready-after", "1m30s").start();

        k.wake();
        assertThat(k.now).isEqualTo(T0.plusMillis(500));
        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.container("app").path("started").asBoolean()).isTrue();
        assertThat(k.container("app").path("ready").asBoolean()).isFalse();
        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusMillis(90_500));

        k.wake();
        assertThat(k.container("app").path("ready").asBoolean()).isTrue();
        assertThat(k.conditionSummary("Ready")).isEqualTo("True");
        assertThat(k.plan.wakeAt()).isNull();
    }

    @Test
    void readyAfterNeverKeepsThePodUnreadyForever() {
        Kubelet k = pod("web").annotation("kubepark.io/ready-after", "never").start();

        assertThat(k.phase()).isEqualTo("Running");
        assertThat(k.conditionSummary("Ready"))
                .isEqualTo("False:ContainersNotReady:containers with unready status: [app]");
        assertThat(k.plan.wakeAt()).isNull();
    }

    @Test
    void perContainerAnnotationOverridesThePodWideOneAndJavaOverridesBoth() {
        Kubelet k = pod("web").container("a").container("b").container("c")
                .annotation("kubepark.io/startup-delay", "10s")
                .annotation("kubepark.io/startup-delay.b", "2s")
                .annotation("kubepark.io/startup-delay.c", "2s")
                .start(Map.of("c", ContainerBehaviour.UNSET.withStartupDelay(Duration.ZERO)));

        assertThat(List.of(k.state("a"), k.state("b"), k.state("c")))
                .containsExactly("waiting:ContainerCreating", "waiting:ContainerCreating", "running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(2));
        assertThat(List.of(k.state("a"), k.state("b"))).containsExactly("waiting:ContainerCreating", "running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(10));
        assertThat(k.state("a")).isEqualTo("running");
    }

    @Test
    void hostNetworkPodGetsTheHostIp() {
        Kubelet k = pod("web").hostNetwork().start();

        assertThat(k.status().path("podIP").asText()).isEqualTo(NODE.hostIp());
        assertThat(k.status().path("podIPs")).isEqualTo(json("[{'ip':'172.18.0.2'}]"));
    }

    @Test
    void aLateCallAppliesTheMissedEventsAtTheirOwnInstants() {
        Kubelet k = pod("web").annotation("kubepark.io/startup-delay", "3s")
                .annotation("kubepark.io/exit-after", "4s").restartPolicy("Never").start();

        k.at(Duration.ofMinutes(5));
        assertThat(k.state("app")).isEqualTo("terminated:Completed:0");
        JsonNode terminated = k.container("app").path("state").path("terminated");
        assertThat(terminated.path("startedAt").asText()).isEqualTo(time(3));
        assertThat(terminated.path("finishedAt").asText()).isEqualTo(time(7));
        assertThat(k.logs).extracting(LogLine::at).containsExactly(T0.plusSeconds(3), T0.plusSeconds(7));
    }
}
