package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {

    private static final String WITH_CACHE = "{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
            + "{'matchLabels':{'app':'cache'}},'topologyKey':'kubernetes.io/hostname'}]}";
    private static final String AWAY_FROM_WEB = "{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
            + "{'matchLabels':{'app':'web'}},'topologyKey':'kubernetes.io/hostname'}]}";

    private final Framework framework = Framework.defaults();

    @Test
    void requiredAffinityFollowsTheMatchingPod() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("cache").label("app", "cache").cpu("3").build(), "n2");

        var result = framework.schedule(pod("web").affinity("podAffinity", WITH_CACHE).build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n2", List.of()));
    }

    @Test
    void requiredAffinityWithNoMatchingPodAnywhereRejectsEveryNode() {
        var view = cluster(node("n1").build(), node("n2").build());

        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("web").label("app", "web").affinity("podAffinity", WITH_CACHE).build(), view);

        assertThat(result.message()).startsWith("0/2 nodes are available: 2 node(s) didn't match pod affinity rules.");
        assertThat(result.unresolvable()).isTrue();
    }

    @Test
    void firstReplicaOfASelfAffineGroupIsPlaced() {
        var view = cluster(node("n1").build());
        String withOwnKind = WITH_CACHE.replace("cache", "web");

        var result = framework.schedule(pod("web").label("app", "web").affinity("podAffinity", withOwnKind).build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n1", List.of()));
    }

    @Test
    void requiredAntiAffinityAvoidsTheMatchingPod() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("web1").label("app", "web").build(), "n1");

        var result = framework.schedule(pod("web2").label("app", "web").affinity("podAntiAffinity", AWAY_FROM_WEB).build(),
                view);
        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n2", List.of()));

        var pinned = (ScheduleResult.Unschedulable) framework.schedule(pod("web2").label("app", "web")
                .affinity("podAntiAffinity", AWAY_FROM_WEB).nodeName("n1").build(), view);
        assertThat(pinned.nodeReasons().get("n1").reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
    }

    @Test
    void existingPodsAntiAffinityKeepsOthersAway() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("loner").affinity("podAntiAffinity", AWAY_FROM_WEB).build(), "n1");

        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("web").label("app", "web").nodeName("n1").build(), view);

        assertThat(result.nodeReasons().get("n1").reasons())
                .containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
    }

    @Test
    void termsOnlySeeTheirOwnNamespaceUnlessTold() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("cache").namespace("other").label("app", "cache").build(), "n2");

        assertThat(framework.schedule(pod("web").affinity("podAffinity", WITH_CACHE).build(), view))
                .isInstanceOf(ScheduleResult.Unschedulable.class);
        String anyNamespace = WITH_CACHE.replace("'topologyKey'", "'namespaceSelector':{},'topologyKey'");
        assertThat(framework.schedule(pod("web").affinity("podAffinity", anyNamespace).build(), view))
                .isEqualTo(new ScheduleResult.Scheduled("n2", List.of()));
    }

    @Test
    void preferredAffinityScoresTheNodeOfTheMatchingPod() {
        var view = cluster(node("n1").build(), node("n2").build())
                .running(pod("cache").label("app", "cache").cpu("1").build(), "n2");
        String preferred = "{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':100,'podAffinityTerm':"
                + "{'labelSelector':{'matchLabels':{'app':'cache'}},'topologyKey':'kubernetes.io/hostname'}}]}";

        assertThat(framework.schedule(pod("web").affinity("podAffinity", preferred).build(), view))
                .isEqualTo(new ScheduleResult.Scheduled("n2", List.of()));
        assertThat(framework.schedule(pod("web").affinity("podAntiAffinity", preferred).build(), view))
                .isEqualTo(new ScheduleResult.Scheduled("n1", List.of()));
    }
}
