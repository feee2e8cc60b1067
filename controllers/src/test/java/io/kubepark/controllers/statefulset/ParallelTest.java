package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyPodIsCreatedInOneSyncWhateverTheirReadiness() {
        FakeCluster c = new FakeCluster(set("web").replicas(3).parallel().claimTemplate("data").build());
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(c.claims).hasSize(3);
    }

    @Test
    void everyCondemnedPodIsDeletedInOneSyncEvenWhenUnready() {
        FakeCluster c = new FakeCluster(set("web").replicas(3).parallel().build());
        c.sync();
        c.update(spec -> spec.put("replicas", 0));
        c.sync();
        assertThat(c.podNames()).isEmpty();
    }

    @Test
    void slowStartBatchesKeepOrdinalOrderInTheirSteps() {
        FakeCluster c = new FakeCluster(set("web").replicas(7).parallel().build());
        SyncPlan plan = c.sync();
        assertThat(plan.steps().stream().filter(s -> s instanceof Step.CreatePod)
                .map(s -> ObjectMeta.name(((Step.CreatePod) s).pod())))
                .containsExactly("web-0", "web-1", "web-2", "web-3", "web-4", "web-5", "web-6");
    }

    @Test
    void aClaimBeingDeletedStopsTheBatchesAfterItsOwnBatch() {
        FakeCluster c = new FakeCluster(set("web").replicas(7).parallel().claimTemplate("data").build());
        c.claims.put("data-web-1", StatefulSetFixtures.claim("data-web-1", "old"));
        c.claims.get("data-web-1").with("metadata").put("deletionTimestamp", c.now.toString());
        SyncPlan plan = c.sync();
        // Batches of 1 then 2: web-0, then web-1 (fails) and web-2; no third batch.
        assertThat(c.podNames()).containsExactly("web-0", "web-2");
        assertThat(plan.requeueAfter()).isEqualTo(StatefulSetPlanner.RETRY_AFTER);
    }

    @Test
    void failedPodsAreStillDeletedAndRecreated() {
        FakeCluster c = new FakeCluster(set("web").replicas(2).parallel().build());
        c.createdPodsReady = true;
        c.converge();
        c.fail("web-0");
        c.fail("web-1");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).hasSize(2).allMatch(s -> s instanceof Step.DeletePod);
        c.sync();
        assertThat(c.podNames()).containsExactlyInAnyOrder("web-0", "web-1");
    }
}
