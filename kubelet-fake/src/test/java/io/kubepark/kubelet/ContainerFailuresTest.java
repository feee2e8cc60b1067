package io.kubepark.kubelet;

import static io.kubepark.kubelet.TestPods.T0;
import static io.kubepark.kubelet.TestPods.json;
import static io.kubepark.kubelet.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubepark.kubelet.TestPods.Kubelet;
import org.junit.jupiter.api.Test;

/** Image pull errors, bad annotations and the active deadline. */
class ContainerFailuresTest {
    @Test
    void imagePullErrorShowsErrImagePullThenImagePullBackOffAndRetriesWithBackOff() {
        Kubelet k = pod("web").container("app", "registry.example.com/team/app:v1")
                .annotation("kubepark.io/image-pull-error", "manifest unknown").start();

        assertThat(k.phase()).isEqualTo("Pending");
        assertThat(k.container("app").path("state")).isEqualTo(
                json("{'waiting':{'reason':'ErrImagePull','message':'manifest unknown'}}"));
        assertThat(k.container("app").path("image").asText()).isEqualTo("registry.example.com/team/app:v1");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(1));
        assertThat(k.state("app")).isEqualTo("waiting:ImagePullBackOff");
        assertThat(k.container("app").path("state").path("waiting").path("message").asText())
                .isEqualTo("Back-off pulling image \"registry.example.com/team/app:v1\"");
        assertThat(k.phase()).isEqualTo("Pending");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(10));
        assertThat(k.state("app")).isEqualTo("waiting:ErrImagePull");
        k.wake().wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(30));
        assertThat(k.state("app")).isEqualTo("waiting:ErrImagePull");

        k.pod.withObjectProperty("metadata").withObjectProperty("annotations")
                .remove("kubepark.io/image-pull-error");
        k.sync();
        assertThat(k.state("app")).isEqualTo("running");
    }

    @Test
    void badAnnotationGivesCreateContainerConfigErrorNamingTheAnnotation() {
        Kubelet k = pod("web").container("app").container("other")
                .annotation("kubepark.io/startup-delay.app", "soon").start();

        assertThat(k.phase()).isEqualTo("Pending");
        assertThat(k.state("app")).isEqualTo("waiting:CreateContainerConfigError");
        assertThat(k.container("app").path("state").path("waiting").path("message").asText()).isEqualTo(
                "invalid value \"soon\" for annotation kubepark.io/startup-delay.app:"
                        + " want a duration such as \"500ms\", \"5s\" or \"1m30s\"");
        assertThat(k.state("other")).isEqualTo("running");
        assertThat(k.plan.wakeAt()).isNull();
    }

    @Test
    void badExitCodeIsAConfigErrorToo() {
        Kubelet k = pod("web").annotation("kubepark.io/exit-code", "300").start();

        assertThat(k.state("app")).isEqualTo("waiting:CreateContainerConfigError");
        assertThat(k.container("app").path("state").path("waiting").path("message").asText())
                .contains("kubepark.io/exit-code");
    }

    @Test
    void activeDeadlineFailsThePodWithDeadlineExceeded() {
        Kubelet k = pod("job").activeDeadlineSeconds(60).annotation("kubepark.io/stop-delay", "3s").start();
        assertThat(k.plan.wakeAt()).isEqualTo(T0.plusSeconds(60));

        k.wake();
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.status().path("reason").asText()).isEqualTo("DeadlineExceeded");
        assertThat(k.status().path("message").asText())
                .isEqualTo("Pod was active on the node longer than the specified deadline");
        assertThat(k.state("app")).isEqualTo("running");
        k.wake();
        assertThat(k.now).isEqualTo(T0.plusSeconds(63));
        assertThat(k.state("app")).isEqualTo("terminated:Completed:0");
        assertThat(k.phase()).isEqualTo("Failed");
        assertThat(k.plan.delete()).isFalse();
    }
}
