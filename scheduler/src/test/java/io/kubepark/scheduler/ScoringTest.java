package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ScoringTest {

    private final Framework framework = Framework.defaults();

    private String chosen(JsonNode pod, ClusterView view) {
        ScheduleResult result = framework.schedule(pod, view);
        assertThat(result).isInstanceOf(ScheduleResult.Scheduled.class);
        return ((ScheduleResult.Scheduled) result).node();
    }

    @Test
    void leastAllocatedNodeWins() {
        var view = cluster(node("busy").build(), node("idle").build(), node("half").build())
                .running(pod("a").cpu("3").memory("6Gi").build(), "busy")
                .running(pod("b").cpu("2").memory("4Gi").build(), "half");

        assertThat(chosen(pod("p").cpu("500m").memory("512Mi").build(), view)).isEqualTo("idle");
    }

    @Test
    void podsWithoutRequestsStillCountForSpreadingLoad() {
        var view = cluster(node("a").build(), node("b").build())
                .running(pod("x").build(), "a")
                .running(pod("y").build(), "a");

        assertThat(chosen(pod("p").build(), view)).isEqualTo("b");
    }

    @Test
    void equalNodesAreBrokenByName() {
        var view = cluster(node("n2").build(), node("n1").build(), node("n3").build());

        assertThat(chosen(pod("p").cpu("1").build(), view)).isEqualTo("n1");
    }

    @Test
    void untoleratedPreferNoScheduleTaintIsAvoided() {
        var view = cluster(node("a").taint("spot", "true", "PreferNoSchedule").build(), node("b").build());

        assertThat(chosen(pod("p").build(), view)).isEqualTo("b");
        assertThat(chosen(pod("p").toleration("spot", "Exists", null, "PreferNoSchedule").build(),
                cluster(node("a").taint("spot", "true", "PreferNoSchedule").build(), node("b").build()))).isEqualTo("a");
    }

    @Test
    void preferredNodeAffinityOutweighsLoad() {
        var view = cluster(node("a").build(), node("b").label("disk", "ssd").build())
                .running(pod("x").cpu("2").memory("4Gi").build(), "b");
        String preferred = "{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':50,'preference':"
                + "{'matchExpressions':[{'key':'disk','operator':'In','values':['ssd']}]}}]}";

        assertThat(chosen(pod("p").affinity("nodeAffinity", preferred).build(), view)).isEqualTo("b");
    }

    @Test
    void balancedAllocationPrefersEvenUseOfCpuAndMemory() {
        // Both nodes leave the same free fractions overall; only the balance between cpu and memory differs.
        var view = cluster(node("lopsided").cpu("4").memory("8Gi").build(), node("even").cpu("4").memory("8Gi").build())
                .running(pod("x").cpu("2").build(), "lopsided")
                .running(pod("y").cpu("1").memory("2Gi").build(), "even");

        assertThat(chosen(pod("p").cpu("1").memory("2Gi").build(), view)).isEqualTo("even");
    }
}
