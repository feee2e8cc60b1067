package io.kubepark.controllers.statefulset;

import io.kubepark.controllers.runtime.ObjectMeta;
import static io.kubepark.controllers.statefulset.StatefulSetFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderedReadyTest {

    private static FakeCluster cluster(StatefulSetFixtures.SetBuilder set) {
        return new FakeCluster(set.build());
    }

    @Test
    void scaleUpCreatesPodsAndClaimsOneOrdinalAtATimeWaitingForReady() {
        FakeCluster c = cluster(set("web").replicas(3).claimTemplate("data"));
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
        assertThat(c.claims).containsOnlyKeys("data-web-0");
        c.sync();
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
        c.ready("web-0");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1");
        c.ready("web-1");
        c.sync();
        c.ready("web-2");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(c.claims).containsOnlyKeys("data-web-0", "data-web-1", "data-web-2");
        assertThat(c.status().path("readyReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void claimsAreCreatedBeforeTheirPod() {
        FakeCluster c = cluster(set("web").claimTemplate("data").claimTemplate("logs"));
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).hasSize(4);
        assertThat(plan.steps().get(1)).isInstanceOf(Step.CreateClaim.class);
        assertThat(plan.steps().get(2)).isInstanceOf(Step.CreateClaim.class);
        assertThat(plan.steps().get(3)).isInstanceOf(Step.CreatePod.class);
    }

    @Test
    void minReadySecondsHoldsTheNextOrdinalUntilThePodIsAvailable() {
        FakeCluster c = cluster(set("web").replicas(2).minReadySeconds(10));
        c.sync();
        c.ready("web-0");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
        assertThat(c.requeue()).hasSeconds(10);
        c.now = c.now.plusSeconds(10);
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
        c.now = c.now.plusSeconds(1);
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1");
    }

    @Test
    void anUnreadyReplicaBlocksScaleUpAndScaleDownUntilItIsReadyAgain() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.notReady("web-1");
        c.update(spec -> spec.put("replicas", 5));
        c.sync();
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
        c.update(spec -> spec.put("replicas", 2));
        c.sync();
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
        c.ready("web-1");
        SyncPlan first = c.sync();
        assertThat(first.steps()).containsExactly(new Step.DeletePod("web-2", ObjectMeta.uid(c.lastPlanPod("web-2"))));
        c.update(spec -> spec.put("replicas", 0));
        c.sync();
        c.sync();
        assertThat(c.podNames()).isEmpty();
        assertThat(c.applied.stream().filter(s -> s instanceof Step.DeletePod).map(s -> ((Step.DeletePod) s).name()))
                .containsExactly("web-2", "web-1", "web-0");
    }

    @Test
    void scalingToZeroWithOneUnreadyPodStillDeletesFromTheTopBecauseItIsTheFirstUnhealthy() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.notReady("web-1");
        c.update(spec -> spec.put("replicas", 0));
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1");
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0");
    }

    @Test
    void scalingToZeroWithEveryPodUnreadyDeletesNothing() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.podNames().forEach(c::notReady);
        c.update(spec -> spec.put("replicas", 0));
        c.sync();
        c.sync();
        assertThat(c.podNames()).hasSize(3);
    }

    @Test
    void aTerminatingCondemnedPodBlocksTheNextDeletion() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.gracefulDeletes = true;
        c.update(spec -> spec.put("replicas", 1));
        c.sync();
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(ObjectMeta.deleting(c.pods.get("web-2"))).isTrue();
        assertThat(ObjectMeta.deleting(c.pods.get("web-1"))).isFalse();
        c.finishTermination("web-2");
        c.sync();
        assertThat(ObjectMeta.deleting(c.pods.get("web-1"))).isTrue();
    }

    @Test
    void twoUnhealthyCondemnedPodsStallScaleDown() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.notReady("web-1");
        c.notReady("web-2");
        c.update(spec -> spec.put("replicas", 1));
        c.sync();
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1", "web-2");
    }

    @Test
    void theOneUnhealthyCondemnedPodIsDeletedBecauseItIsTheFirstUnhealthy() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.notReady("web-2");
        c.update(spec -> spec.put("replicas", 1));
        c.sync();
        assertThat(c.podNames()).containsExactly("web-0", "web-1");
    }

    @Test
    void aDeletedPodComesBackWithItsNameANewUidAndTheSameClaim() {
        FakeCluster c = cluster(set("web").replicas(3).claimTemplate("data"));
        c.createdPodsReady = true;
        c.converge();
        String oldUid = ObjectMeta.uid(c.pods.get("web-1"));
        String claimUid = ObjectMeta.uid(c.claims.get("data-web-1"));
        c.deletePod("web-1");
        c.converge();
        assertThat(c.podNames()).containsExactlyInAnyOrder("web-0", "web-1", "web-2");
        assertThat(ObjectMeta.uid(c.pods.get("web-1"))).isNotEqualTo(oldUid);
        assertThat(c.pods.get("web-1").at("/spec/volumes/0/persistentVolumeClaim/claimName").asText())
                .isEqualTo("data-web-1");
        assertThat(ObjectMeta.uid(c.claims.get("data-web-1"))).isEqualTo(claimUid);
    }

    @Test
    void aLowerOrdinalIsRecreatedEvenWhileAHigherOneIsUnhealthy() {
        FakeCluster c = cluster(set("web").replicas(2));
        c.createdPodsReady = true;
        c.converge();
        c.notReady("web-1");
        c.deletePod("web-0");
        c.sync();
        assertThat(c.podNames()).contains("web-0");
    }

    @Test
    void aMissingMiddlePodIsRecreatedBeforeHigherOrdinalsProgress() {
        FakeCluster c = cluster(set("web").replicas(3));
        c.createdPodsReady = true;
        c.converge();
        c.deletePod("web-0");
        c.fail("web-2");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).hasSize(1);
        assertThat(((Step.CreatePod) plan.steps().get(0)).pod().at("/metadata/name").asText()).isEqualTo("web-0");
    }

    @Test
    void aFailedOrSucceededPodIsDeletedAndThenRecreatedWithTheSameName() {
        FakeCluster c = cluster(set("web").replicas(2));
        c.createdPodsReady = true;
        c.converge();
        c.fail("web-0");
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).containsExactly(new Step.DeletePod("web-0", ObjectMeta.uid(c.lastPlanPod("web-0"))));
        c.sync();
        assertThat(c.podNames()).contains("web-0");
        assertThat(PodState.phase(c.pods.get("web-0"))).isEqualTo("Running");
    }

    @Test
    void changingTheStartOrdinalBringsTheNewPodsUpBeforeTheOldOnesGo() {
        FakeCluster c = cluster(set("web").replicas(2));
        c.createdPodsReady = true;
        c.converge();
        c.update(spec -> {
            spec.putObject("ordinals").put("start", 2);
            spec.put("replicas", 3);
        });
        c.converge();
        assertThat(c.podNames()).containsExactlyInAnyOrder("web-2", "web-3", "web-4");
        java.util.List<String> writes = c.applied.stream()
                .filter(s -> s instanceof Step.CreatePod || s instanceof Step.DeletePod)
                .map(s -> s instanceof Step.CreatePod cp ? "+" + ObjectMeta.name(cp.pod()) : "-"
                + ((Step.DeletePod) s).name())
                .toList();
        assertThat(writes).containsSubsequence("+web-2", "+web-3", "+web-4", "-web-1", "-web-0");
    }

    @Test
    void aTerminatingReplicaBlocksEverythingAfterIt() {
        FakeCluster c = cluster(set("web").replicas(2));
        c.createdPodsReady = true;
        c.converge();
        c.pods.get("web-0").with("metadata").put("deletionTimestamp", c.now.toString());
        c.update(spec -> spec.put("replicas", 3));
        SyncPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void podsWithoutAParsableOrdinalAreLeftAlone() {
        FakeCluster c = cluster(set("web").replicas(1));
        c.pods.put("web-99999999999", StatefulSetFixtures.pod("web-99999999999")
                .memberOf(c.set).readySince(c.now).build());
        c.createdPodsReady = true;
        c.converge();
        assertThat(c.podNames()).containsExactlyInAnyOrder("web-0", "web-99999999999");
    }
}
