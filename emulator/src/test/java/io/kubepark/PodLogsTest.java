package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** pods/log: what the fake kubelet and the test wrote, the current and the previous run, and bad requests. */
class PodLogsTest extends WithCluster {

    @Override
    protected KubePark.Builder builder() {
        return KubePark.builder().virtualClock().nodes(1);
    }

    private HttpResponse<String> log(String query) throws Exception {
        return Clients.get(park, "/api/v1/namespaces/default/pods/" + query, "*/*");
    }

    @Test
    void theLogHoldsTheKubeletsLinesAndScriptedOnes() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("app").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .build()).create();
        park.awaitIdle();
        park.writeLog("default", "app", "main", "hello from the test");
        String log = client.pods().inNamespace("default").withName("app").getLog();
        assertThat(log).isEqualTo("kubepark: container main started\nhello from the test\n");
        assertThat(log("app/log?tailLines=1").body()).isEqualTo("hello from the test\n");
        assertThat(log("app/log?timestamps=true").body()).matches("(?s)\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z kubepark: .*");
    }

    @Test
    void previousShowsTheRunBeforeARestart() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("crash")
                .addToAnnotations("kubepark.io/exit-after", "2s").addToAnnotations("kubepark.io/exit-code", "3")
                .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().build()).create();
        park.awaitIdle();
        assertThat(log("crash/log?previous=true").statusCode()).isEqualTo(400);
        assertThat(log("crash/log?previous=true").body())
                .contains("previous terminated container \\\"main\\\" in pod \\\"crash\\\" not found");
        park.advance(Duration.ofSeconds(2));
        String previous = log("crash/log?previous=true").body();
        assertThat(previous).contains("kubepark: exited with code 3");
    }

    @Test
    void badLogRequestsGetTheKubeletsMessages() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("two")
                .endMetadata().withNewSpec().addNewContainer().withName("a").withImage("busybox").endContainer()
                .addNewContainer().withName("b").withImage("busybox").endContainer().endSpec().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("late")
                .addToAnnotations("kubepark.io/startup-delay", "1m").endMetadata().withNewSpec().addNewContainer()
                .withName("main").withImage("busybox").endContainer().endSpec().build()).create();
        park.awaitIdle();
        HttpResponse<String> which = log("two/log");
        assertThat(which.statusCode()).isEqualTo(400);
        assertThat(which.body()).contains("a container name must be specified for pod two, choose one of: [a b]");
        assertThat(log("two/log?container=c").body()).contains("container c is not valid for pod two");
        assertThat(log("late/log").body())
                .contains("container \\\"main\\\" in pod \\\"late\\\" is waiting to start: ContainerCreating");
        assertThat(log("missing/log").statusCode()).isEqualTo(404);
        assertThat(log("two/log?container=a&tailLines=x").statusCode()).isEqualTo(400);
    }
}
