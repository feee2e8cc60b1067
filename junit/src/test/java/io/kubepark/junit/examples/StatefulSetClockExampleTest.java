package io.kubepark.junit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.Fixtures;
import io.kubepark.junit.KubePark;
import io.kubepark.junit.KubeParkTest;
import io.kubepark.junit.Timeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A StatefulSet on the virtual clock: each pod takes 30 s to turn Ready, and the test moves time instead of
 * waiting for it. (docs/junit.md, "A StatefulSet on the virtual clock")
 */
@KubeParkTest(virtualClock = true)
class StatefulSetClockExampleTest {
    @Test
    void eachOrdinalWaitsForTheOneBeforeItToBeReady(KubernetesClient client, KubePark park) {
        var web = Fixtures.statefulSet("web", 3);
        web.getSpec().getTemplate().getMetadata().setAnnotations(java.util.Map.of("kubepark.io/ready-after", "30s"));
        client.services().resource(Fixtures.headless("web")).create();
        client.apps().statefulSets().resource(web).create();
        park.awaitIdle();
        assertThat(client.pods().withName("web-0").get()).isNotNull();
        assertThat(client.pods().withName("web-1").get()).isNull();

        park.advance(Duration.ofSeconds(30));
        assertThat(client.pods().withName("web-1").get()).isNotNull();
        assertThat(client.pods().withName("web-2").get()).isNull();

        park.advance(Duration.ofSeconds(60));
        assertThat(client.apps().statefulSets().withName("web").get().getStatus().getReadyReplicas()).isEqualTo(3);

        Timeline t = park.timeline();
        var web0Ready = t.first(Timeline.ready("web-0")).orElseThrow();
        var web1Created = t.first(Timeline.created("Pod", "web-1")).orElseThrow();
        assertThat(web1Created.sequence()).isGreaterThan(web0Ready.sequence());
        assertThat(web1Created.time()).isEqualTo(web0Ready.time());
        assertThat(Duration.between(t.entries().get(0).time(), web0Ready.time())).isEqualTo(Duration.ofSeconds(30));
    }
}
