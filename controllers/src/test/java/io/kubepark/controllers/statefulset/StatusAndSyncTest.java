package io.kubepark.controllers.statefulset;

import static io.kubepark.controllers.statefulset.StatefulSetFixtures.pod;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StatusAndSyncTest {

    private static FakeCluster running(StatefulSetFixtures.SetBuilder set) {
        FakeCluster c = new FakeCluster(set.build());
        c.createdPodsReady = true;
        c.converge();
        return c;
    }

    @Test
    void podsPlannedInThisSyncAreNotCounted() {
        FakeCluster c = new FakeCluster(set("web").replicas(3).parallel().build());
        SyncPlan plan = c.sync();
        assertThat(plan.status().path("replicas").asInt()).isZero();
        assertThat(plan.status().toString()).isEqualTo("{\"observedGeneration\":1,\"replicas\":0,\"currentRevision\":\""
                + plan.status().path("updateRevision").asText() + "\",\"updateRevision\":\""
                + plan.status().path("updateRevision").asText() + "\",\"collisionCount\":0,\"availableReplicas\":0}");
        c.sync();
        assertThat(c.status().path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void aConvergedSetWritesNoStatus() {
        FakeCluster c = running(set("web").replicas(2));
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNull();
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aChangeOfCollisionCountAloneDoesNotWriteStatus() {
        FakeCluster c = running(set("web").replicas(1));
        c.set.with("status").put("collisionCount", 0);
        assertThat(c.sync().status()).isNull();
    }

    @Test
    void aNewGenerationIsAlwaysWritten() {
        FakeCluster c = running(set("web").replicas(1));
        c.update(spec -> spec.put("minReadySeconds", 0));
        assertThat(c.sync().status().path("observedGeneration").asLong()).isEqualTo(2);
    }

    @Test
    void availabilityFollowsMinReadySecondsAgainstTheSnapshotClockAndRequeues() {
        FakeCluster c = running(set("web").replicas(2).parallel());
        c.update(spec -> spec.put("minReadySeconds", 30));
        c.sync();
        assertThat(c.status().path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(c.status().path("availableReplicas").asInt()).isZero();
        assertThat(c.requeue()).hasSeconds(30);
        c.now = c.now.plusSeconds(31);
        c.sync();
        assertThat(c.status().path("availableReplicas").asInt()).isEqualTo(2);
        assertThat(c.requeue()).isNull();
        c.update(spec -> spec.put("minReadySeconds", 3600));
        c.sync();
        assertThat(c.status().path("availableReplicas").asInt()).isZero();
        c.update(spec -> spec.put("minReadySeconds", 0));
        c.sync();
        assertThat(c.status().path("availableReplicas").asInt()).isEqualTo(2);
    }

    @Test
    void terminatingPodsCountAsReplicasAndReadyButNotAsCurrentOrUpdated() {
        FakeCluster c = running(set("web").replicas(2));
        c.pods.get("web-1").with("metadata").put("deletionTimestamp", c.now.toString());
        c.sync();
        assertThat(c.status().path("replicas").asInt()).isEqualTo(2);
        assertThat(c.status().path("readyReplicas").asInt()).isEqualTo(2);
        assertThat(c.status().path("currentReplicas").asInt()).isEqualTo(1);
        assertThat(c.status().path("updatedReplicas").asInt()).isEqualTo(1);
    }

    @Test
    void aSetBeingDeletedOnlyGetsItsStatus() {
        FakeCluster c = running(set("web").replicas(2));
        c.set.with("metadata").put("deletionTimestamp", c.now.toString());
        c.update(spec -> spec.put("replicas", 5));
        c.fail("web-0");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status().path("readyReplicas").asInt()).isEqualTo(1);
    }

    @Test
    void aPendingPodGetsItsMissingClaimBack() {
        FakeCluster c = new FakeCluster(set("web").replicas(1).claimTemplate("data").build());
        c.sync();
        c.claims.remove("data-web-0");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).singleElement().isInstanceOf(Step.CreateClaim.class);
        assertThat(c.claims).containsKey("data-web-0");
    }

    @Test
    void aPodWithABrokenIdentityIsRepairedByAnUpdateThatKeepsItsRevision() {
        FakeCluster c = running(set("web").replicas(1).claimTemplate("data"));
        String revision = c.revisionOf("web-0");
        ObjectNode broken = c.pods.get("web-0");
        ((ObjectNode) broken.at("/metadata/labels")).remove(Identity.POD_NAME_LABEL);
        ((ObjectNode) broken.at("/spec")).remove("volumes");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).singleElement().isInstanceOf(Step.UpdatePod.class);
        assertThat(Identity.identityMatches(c.set, c.pods.get("web-0"))).isTrue();
        assertThat(Identity.storageMatches(c.set, c.pods.get("web-0"))).isTrue();
        assertThat(c.revisionOf("web-0")).isEqualTo(revision);
    }

    @Test
    void anUnparsableSelectorPlansNothing() {
        ObjectNode s = set("web").build();
        ((ObjectNode) s.at("/spec/selector")).putArray("matchExpressions").addObject()
                .put("key", "app").put("operator", "Bogus");
        SyncPlan plan = StatefulSetPlanner.plan(new FakeCluster(s).snapshot());
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNull();
    }

    @Test
    void podsOfOtherSetsAndNamespacesAreNotCounted() {
        FakeCluster c = running(set("web").replicas(1));
        c.pods.put("webby-0", pod("webby-0").label("app", "web").readySince(c.now).build());
        ObjectNode elsewhere = pod("web-5").label("app", "web").readySince(c.now).build();
        elsewhere.with("metadata").put("namespace", "other");
        c.pods.put("web-5", elsewhere);
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
        assertThat(c.status().path("replicas").asInt()).isEqualTo(1);
    }
}
