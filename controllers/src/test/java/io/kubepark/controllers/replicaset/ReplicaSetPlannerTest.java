package io.kubepark.controllers.replicaset;

import static io.kubepark.controllers.replicaset.ReplicaSetFixtures.NOW;
import static io.kubepark.controllers.replicaset.ReplicaSetFixtures.pod;
import static io.kubepark.controllers.replicaset.ReplicaSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReplicaSetPlanner, one sync at a time; the rules are those of docs/workloads/replicaset.md. */
class ReplicaSetPlannerTest {

    private static ReplicaSetPlan plan(ObjectNode set, JsonNode... pods) {
        return ReplicaSetPlanner.plan(new ReplicaSetSnapshot(ReplicaKind.REPLICA_SET, set, List.of(pods), List.of(set),
                NOW));
    }

    @Test
    void tooFewPodsAreCreatedFromTheTemplateWithTheControllerReference() {
        // R4, R5
        ObjectNode rs = set("web", 3);
        ((ObjectNode) rs.at("/spec/template/metadata")).putObject("annotations").put("a", "b");
        ReplicaSetPlan plan = plan(rs, pod("web-1").labels("web").ownedBy(rs).readySince("2025-01-01T00:00:00Z").build());
        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(ReplicaStep.CreatePods.class, c -> {
            assertThat(c.count()).isEqualTo(2);
            assertThat(c.pod().at("/metadata/generateName").asText()).isEqualTo("web-");
            assertThat(c.pod().at("/metadata/labels/app").asText()).isEqualTo("web");
            assertThat(c.pod().at("/metadata/annotations/a").asText()).isEqualTo("b");
            assertThat(c.pod().at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("web-uid");
            assertThat(c.pod().at("/metadata/ownerReferences/0/controller").asBoolean()).isTrue();
            assertThat(c.pod().at("/spec/containers/0/image").asText()).isEqualTo("i");
        });
    }

    @Test
    void oneSyncCreatesAtMostFiveHundredPods() {
        // R4
        ReplicaSetPlan plan = plan(set("web", 600));
        assertThat(((ReplicaStep.CreatePods) plan.steps().get(0)).count()).isEqualTo(500);
    }

    @Test
    void inactivePodsAreNeitherCountedNorAdopted() {
        // R2
        ObjectNode rs = set("web", 1);
        ReplicaSetPlan plan = plan(rs, pod("done").labels("web").phase("Succeeded").build(),
                pod("going").labels("web").ownedBy(rs).deleting().build());
        assertThat(plan.steps()).singleElement().isInstanceOf(ReplicaStep.CreatePods.class);
        assertThat(plan.status().path("replicas").asInt()).isZero();
    }

    @Test
    void matchingOrphansAreAdoptedAndOwnedPodsThatNoLongerMatchAreReleased() {
        // R3
        ObjectNode rs = set("web", 1);
        ObjectNode other = set("other", 1);
        ReplicaSetPlan plan = plan(rs, pod("orphan").labels("web").build(),
                pod("strayed").labels("api").ownedBy(rs).build(), pod("foreign").labels("web").ownedBy(other).build());
        assertThat(plan.steps()).hasSize(2).allMatch(s -> s instanceof ReplicaStep.SetOwnerReferences);
        ReplicaStep.SetOwnerReferences adopt = (ReplicaStep.SetOwnerReferences) plan.steps().get(0);
        assertThat(adopt.pod()).isEqualTo("orphan");
        assertThat(adopt.ownerReferences().get(0).path("uid").asText()).isEqualTo("web-uid");
        ReplicaStep.SetOwnerReferences release = (ReplicaStep.SetOwnerReferences) plan.steps().get(1);
        assertThat(release.pod()).isEqualTo("strayed");
        assertThat(release.ownerReferences()).isEmpty();
        assertThat(plan.status().path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void aSetBeingDeletedCreatesAdoptsAndReleasesNothing() {
        // R10
        ObjectNode rs = set("web", 3);
        ((ObjectNode) rs.path("metadata")).put("deletionTimestamp", "2025-01-01T00:59:00Z");
        ReplicaSetPlan plan = plan(rs, pod("orphan").labels("web").build(),
                pod("strayed").labels("api").ownedBy(rs).build());
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNotNull();
    }

    @Test
    void surplusPodsAreDeletedInRankOrder() {
        // R6, R7
        ObjectNode rs = set("web", 1);
        ReplicaSetPlan plan = plan(rs, pod("ready").labels("web").ownedBy(rs).readySince("2025-01-01T00:00:00Z").build(),
                pod("pending").labels("web").ownedBy(rs).phase("Pending").build(),
                pod("unready").labels("web").ownedBy(rs).build());
        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(ReplicaStep.DeletePods.class,
                d -> assertThat(d.pods()).containsExactly("pending", "unready"));
    }

    @Test
    void statusCountsFullyLabeledReadyAndAvailablePodsAndIsWrittenOnlyOnChange() {
        // R8
        ObjectNode rs = set("web", 2);
        ((ObjectNode) rs.at("/spec/template/metadata/labels")).put("tier", "front");
        ((ObjectNode) rs.path("spec")).put("minReadySeconds", 30);
        ObjectNode full = pod("full").labels("web").ownedBy(rs).readySince("2025-01-01T00:00:00Z").build();
        ((ObjectNode) full.at("/metadata/labels")).put("tier", "front");
        ObjectNode fresh = pod("fresh").labels("web").ownedBy(rs).readySince("2025-01-01T00:59:50Z").build();
        ReplicaSetPlan plan = plan(rs, full, fresh);
        assertThat(plan.status().toString()).isEqualTo("{\"replicas\":2,\"fullyLabeledReplicas\":1,\"readyReplicas\":2,"
                + "\"availableReplicas\":1,\"observedGeneration\":1}");
        rs.set("status", plan.status());
        assertThat(plan(rs, full, fresh).status()).isNull();
    }

    @Test
    void aReadySetWaitingForAvailabilityIsSyncedAgainAfterMinReadySeconds() {
        // R9
        ObjectNode rs = set("web", 1);
        ((ObjectNode) rs.path("spec")).put("minReadySeconds", 30);
        ReplicaSetPlan plan = plan(rs, pod("p").labels("web").ownedBy(rs).readySince("2025-01-01T00:59:50Z").build());
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSelectorThatCannotBeParsedIsNotSynced() {
        // R11
        ObjectNode rs = set("web", 1);
        ((ObjectNode) rs.path("spec")).putObject("selector").putArray("matchExpressions").addObject()
                .put("key", "app").put("operator", "Sometimes");
        ReplicaSetPlan plan = plan(rs);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNull();
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aReplicationControllerSelectsWithItsLabelMap() {
        // R1
        ObjectNode rc = set("legacy", 1);
        rc.put("apiVersion", "v1").put("kind", "ReplicationController");
        ((ObjectNode) rc.path("spec")).putObject("selector").put("app", "legacy");
        ReplicaSetPlan plan = ReplicaSetPlanner.plan(new ReplicaSetSnapshot(ReplicaKind.REPLICATION_CONTROLLER, rc,
                List.of(pod("orphan").labels("legacy").build()), List.of(rc), NOW));
        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(ReplicaStep.SetOwnerReferences.class, s -> {
            assertThat(s.ownerReferences().get(0).path("kind").asText()).isEqualTo("ReplicationController");
            assertThat(s.ownerReferences().get(0).path("apiVersion").asText()).isEqualTo("v1");
        });
    }
}
