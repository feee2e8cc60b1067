package io.kubepark.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.junit.scenarios.FailingScenario;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The timeline: who did what, in order, on the cluster's clock; printed with a failure. */
@KubeParkTest(nodes = 2, virtualClock = true)
class TimelineTest {
    @Test
    void showsThatEachOrdinalWasCreatedAfterTheOneBeforeItWasReady(KubernetesClient client, KubePark park) {
        client.services().resource(Fixtures.headless("web")).create();
        client.apps().statefulSets().resource(Fixtures.statefulSet("web", 3)).create();
        park.awaitIdle();

        Timeline t = park.timeline();
        assertThat(t.happenedBefore(Timeline.ready("web-0"), Timeline.created("Pod", "web-1"))).isTrue();
        assertThat(t.happenedBefore(Timeline.ready("web-1"), Timeline.created("Pod", "web-2"))).isTrue();
        assertThat(t.first(Timeline.created("Pod", "web-0")).orElseThrow().actor()).isEqualTo("statefulset-controller");
        assertThat(t.first(Timeline.created("StatefulSet", "web")).orElseThrow().actor())
                .startsWith("fabric8-kubernetes-client");
        assertThat(t.filter(e -> e.kind().equals("Pod") && e.name().equals("web-0")))
                .extracting(Timeline.Entry::actor)
                .contains("statefulset-controller", "default-scheduler", "kubelet/node-1");
        assertThat(t.entries()).allSatisfy(e -> assertThat(e.namespace()).isIn(park.namespace(), ""));
    }

    @Test
    void entriesCarryTheVirtualClocksTime(KubernetesClient client, KubePark park) {
        park.behave("slow", "app", Behaviour.of().readyAfter(Duration.ofMinutes(5)));
        client.pods().resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("slow")
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec().build()).create();
        park.awaitIdle();
        var start = park.now();
        assertThat(park.timeline().first(Timeline.ready("slow"))).isEmpty();

        park.advance(Duration.ofMinutes(5));

        assertThat(park.timeline().first(Timeline.ready("slow")).orElseThrow().time())
                .isEqualTo(start.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aFailedTestCarriesTheTimeline() {
        Event failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingScenario.class))
                .execute().testEvents().failed().stream().findFirst().orElseThrow();
        Throwable failure = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();

        assertThat(failure).hasMessageContaining("on purpose");
        String report = Arrays.stream(failure.getSuppressed()).map(Throwable::getMessage)
                .filter(m -> m.startsWith("What the KubePark control plane did")).findFirst().orElseThrow();
        assertThat(report).containsPattern("statefulset-controller\\s+created\\s+Pod kp-\\S+/web-0")
                .containsPattern("default-scheduler\\s+updated\\s+Pod kp-\\S+/web-0")
                .containsPattern("fabric8-kubernetes-client\\S*\\s+created\\s+StatefulSet kp-\\S+/web");
    }
}
