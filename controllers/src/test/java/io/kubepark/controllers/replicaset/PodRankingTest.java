package io.kubepark.controllers.replicaset;

import static io.kubepark.controllers.replicaset.ReplicaSetFixtures.NOW;
import static io.kubepark.controllers.replicaset.ReplicaSetFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule R7: the order in which a shrinking set deletes its pods. */
class PodRankingTest {
    private static final String OLD = "2025-01-01T00:00:00Z";

    private static String first(JsonNode a, JsonNode b) {
        return firstRanked(new PodRanking.Ranked(a, 0), new PodRanking.Ranked(b, 0));
    }

    private static String firstRanked(PodRanking.Ranked a, PodRanking.Ranked b) {
        List<PodRanking.Ranked> both = new java.util.ArrayList<>(List.of(b, a));
        both.sort(PodRanking.order(NOW));
        String one = ObjectMeta.name(both.get(0).pod());
        both = new java.util.ArrayList<>(List.of(a, b));
        both.sort(PodRanking.order(NOW));
        assertThat(ObjectMeta.name(both.get(0).pod())).as("the order does not depend on the input order").isEqualTo(one);
        return one;
    }

    @Test
    void unassignedBeforeAssigned() {
        assertThat(first(pod("a").readySince(OLD).build(), pod("u").node("").phase("Pending").build())).isEqualTo("u");
    }

    @Test
    void pendingBeforeUnknownBeforeRunning() {
        assertThat(first(pod("r").phase("Running").build(), pod("k").phase("Unknown").build())).isEqualTo("k");
        assertThat(first(pod("k").phase("Unknown").build(), pod("p").phase("Pending").build())).isEqualTo("p");
    }

    @Test
    void notReadyBeforeReady() {
        assertThat(first(pod("ready").readySince(OLD).build(), pod("unready").build())).isEqualTo("unready");
    }

    @Test
    void lowerDeletionCostFirstThenMoreColocatedPods() {
        assertThat(first(pod("dear").annotation(PodRanking.DELETION_COST, "10").readySince(OLD).build(),
                pod("cheap").annotation(PodRanking.DELETION_COST, "-5").readySince(OLD).build())).isEqualTo("cheap");
        assertThat(first(pod("bad").annotation(PodRanking.DELETION_COST, "ten").readySince(OLD).build(),
                pod("cheap").annotation(PodRanking.DELETION_COST, "-1").readySince(OLD).build())).isEqualTo("cheap");
        assertThat(firstRanked(new PodRanking.Ranked(pod("alone").readySince(OLD).build(), 1),
                new PodRanking.Ranked(pod("crowded").readySince(OLD).build(), 3))).isEqualTo("crowded");
    }

    @Test
    void readyForLessTimeFirstOnALogScaleThenByUid() {
        assertThat(first(pod("long").readySince(OLD).build(), pod("short").readySince("2025-01-01T00:59:00Z").build()))
                .isEqualTo("short");
        // 40 and 50 minutes ago fall in the same power-of-two bucket of nanoseconds: the smaller uid goes
        assertThat(first(pod("b").readySince("2025-01-01T00:20:00Z").build(),
                pod("a").readySince("2025-01-01T00:10:00Z").build())).isEqualTo("a");
    }

    @Test
    void moreRestartsFirstThenNewerFirst() {
        assertThat(first(pod("calm").readySince(OLD).build(), pod("crashy").readySince(OLD).restarts(3).build()))
                .isEqualTo("crashy");
        assertThat(first(pod("old").readySince(OLD).created("2024-01-01T00:00:00Z").build(),
                pod("new").readySince(OLD).created("2025-01-01T00:59:00Z").build())).isEqualTo("new");
    }

    @Test
    void ranksCountActiveRelatedPodsOnTheSameNode() {
        List<JsonNode> owned = List.of(pod("n1").node("node-1").readySince(OLD).build(),
                pod("n2").node("node-2").readySince(OLD).build());
        List<JsonNode> related = List.of(owned.get(0), owned.get(1), pod("s1").node("node-2").build(),
                pod("s2").node("node-2").build(), pod("gone").node("node-1").deleting().build());
        assertThat(PodRanking.toDelete(owned, related, 1, NOW)).extracting(ObjectMeta::name).containsExactly("n2");
    }

    @Test
    void logRankIsTheFloorOfLog2OfNanoseconds() {
        java.time.Instant now = java.time.Instant.ofEpochSecond(100);
        assertThat(PodRanking.logRank(now, now)).isEqualTo(-1);
        assertThat(PodRanking.logRank(now.minusNanos(1), now)).isZero();
        assertThat(PodRanking.logRank(now.minusNanos(1024), now)).isEqualTo(10);
        assertThat(PodRanking.logRank(now.minusNanos(1023), now)).isEqualTo(9);
    }
}
