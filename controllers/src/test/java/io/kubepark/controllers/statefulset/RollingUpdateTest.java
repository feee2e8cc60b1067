package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {

    private static FakeCluster running(StatefulSetFixtures.SetBuilder set) {
        FakeCluster c = new FakeCluster(set.build());
        c.createdPodsReady = true;
        c.converge();
        return c;
    }

    private static void image(FakeCluster c, String image) {
        c.update(spec -> ((ObjectNode) spec.at("/template/spec/containers/0")).put("image", image));
    }

    @Test
    void atCreationCurrentAndUpdateRevisionAreEqualAndEveryPodCarriesIt() {
        FakeCluster c = running(set("web").replicas(3));
        String revision = c.status().path("updateRevision").asText();
        assertThat(c.status().path("currentRevision").asText()).isEqualTo(revision);
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(revision));
        assertThat(revision).isEqualTo(ObjectMeta.name(c.revisions.values().iterator().next()));
    }

    @Test
    void aTemplateChangeDeletesOnePodPerSyncFromTheHighestOrdinalWaitingForReady() {
        FakeCluster c = running(set("web").replicas(3));
        String old = c.status().path("currentRevision").asText();
        image(c, "app:2");
        c.createdPodsReady = false;
        c.sync();
        String updateRevision = c.status().path("updateRevision").asText();
        assertThat(updateRevision).isNotEqualTo(old);
        assertThat(c.podNames()).containsExactly("web-0", "web-1");
        assertThat(c.status().path("currentReplicas").asInt()).isEqualTo(2);
        c.sync();
        assertThat(c.revisionOf("web-2")).isEqualTo(updateRevision);
        assertThat(c.pods.get("web-2").at("/spec/containers/0/image").asText()).isEqualTo("app:2");
        c.sync();
        assertThat(c.podNames()).hasSize(3);
        assertThat(c.status().path("updatedReplicas").asInt()).isEqualTo(1);
        c.ready("web-2");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-2");
        c.createdPodsReady = true;
        c.converge();
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(updateRevision));
        assertThat(c.status().path("currentRevision").asText()).isEqualTo(updateRevision);
        assertThat(c.status().path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(c.status().path("updatedReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void theUpdateWaitsOnRunningAndReadyNotOnAvailable() {
        FakeCluster c = running(set("web").replicas(2).parallel().minReadySeconds(60));
        image(c, "app:2");
        c.sync();
        c.sync();
        c.now = c.now.plusSeconds(1);
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).containsExactly(new Step.DeletePod("web-0", ObjectMeta.uid(c.lastPlanPod("web-0"))));
    }

    @Test
    void aPartitionKeepsLowerOrdinalsAtTheCurrentRevisionEvenWhenRecreated() {
        FakeCluster c = running(set("web").replicas(3).partition(3));
        String current = c.status().path("currentRevision").asText();
        image(c, "app:2");
        c.converge();
        assertThat(c.status().path("updateRevision").asText()).isNotEqualTo(current);
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(current));
        c.update(spec -> ((ObjectNode) spec.at("/updateStrategy/rollingUpdate")).put("partition", 2));
        c.converge();
        String update = c.status().path("updateRevision").asText();
        assertThat(c.revisionOf("web-2")).isEqualTo(update);
        assertThat(c.revisionOf("web-1")).isEqualTo(current);
        c.deletePod("web-0");
        c.deletePod("web-2");
        c.converge();
        assertThat(c.revisionOf("web-0")).isEqualTo(current);
        assertThat(c.revisionOf("web-2")).isEqualTo(update);
        c.update(spec -> ((ObjectNode) spec.at("/updateStrategy/rollingUpdate")).put("partition", 0));
        c.converge();
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(update));
        assertThat(c.status().path("currentRevision").asText()).isEqualTo(update);
    }

    @Test
    void onDeleteNeverDeletesForATemplateChangeAndRecreatesAtTheUpdateRevision() {
        FakeCluster c = running(set("web").replicas(2).onDelete());
        String current = c.status().path("currentRevision").asText();
        image(c, "app:2");
        c.converge();
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(current));
        String update = c.status().path("updateRevision").asText();
        c.deletePod("web-0");
        c.deletePod("web-1");
        c.converge();
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(update));
        assertThat(c.status().path("updatedReplicas").asInt()).isEqualTo(2);
        // Under OnDelete the completion rule never runs.
        assertThat(c.status().path("currentRevision").asText()).isEqualTo(current);
    }

    @Test
    void aRollbackBumpsTheOldRevisionInsteadOfCreatingOne() {
        FakeCluster c = running(set("web").replicas(2));
        String first = c.status().path("currentRevision").asText();
        image(c, "app:2");
        c.converge();
        assertThat(c.revisions).hasSize(2);
        image(c, "app:1");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).contains(new Step.BumpRevision(first, 3));
        assertThat(plan.steps()).noneMatch(s -> s instanceof Step.CreateRevision);
        assertThat(c.status().path("updateRevision").asText()).isEqualTo(first);
        c.converge();
        assertThat(c.revisions).hasSize(2);
        assertThat(c.revisions.get(first).get("revision").asLong()).isEqualTo(3);
        assertThat(c.podNames()).allMatch(p -> c.revisionOf(p).equals(first));
    }

    @Test
    void twelveTemplateChangesKeepTheLiveRevisionsAndTenOthers() {
        FakeCluster c = running(set("web").replicas(1));
        for (int i = 2; i <= 13; i++) {
            image(c, "app:" + i);
            c.converge();
        }
        assertThat(c.revisions).hasSize(11);
        assertThat(c.revisions).containsKey(c.status().path("updateRevision").asText());
    }

    @Test
    void maxUnavailableDeletesSeveralPodsInOneSyncOnlyWithTheGate() {
        FakeCluster c = running(set("web").replicas(4).maxUnavailable(2));
        image(c, "app:2");
        c.sync();
        assertThat(c.podNames()).hasSize(3);

        FakeCluster gated = running(set("web").replicas(4).maxUnavailable(2));
        gated.maxUnavailableGate = true;
        image(gated, "app:2");
        gated.sync();
        assertThat(gated.podNames()).containsExactly("web-0", "web-1");
        assertThat(gated.status().path("currentReplicas").asInt()).isEqualTo(2);
    }

    @Test
    void maxUnavailablePercentRoundsDownToAtLeastOne() {
        assertThat(PodSync.scaledValue(io.kubepark.apiserver.Json.NODES.textNode("10%"), 4)).isEqualTo(0);
        assertThat(PodSync.scaledValue(io.kubepark.apiserver.Json.NODES.textNode("50%"), 5)).isEqualTo(2);
        assertThat(PodSync.scaledValue(io.kubepark.apiserver.Json.NODES.numberNode(3), 5)).isEqualTo(3);
    }
}
