package io.kubepark;

import static io.kubepark.StatefulSetFixture.NS;
import static io.kubepark.StatefulSetFixture.ready;
import static io.kubepark.StatefulSetFixture.revisionOf;
import static io.kubepark.StatefulSetFixture.set;
import static io.kubepark.StatefulSetFixture.setRetaining;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetCondition;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of Kubernetes' StatefulSet e2e suite (test/e2e/apps/statefulset.go, "Basic StatefulSet
 * functionality"), each named after its upstream test, on a virtual clock with scripted readiness instead of
 * probes and sleeps.
 */
class StatefulSetTest extends WithCluster {
    private StatefulSetFixture f;

    @BeforeEach
    void fixture() {
        f = new StatefulSetFixture(park, client);
    }

    @Test
    void shouldProvideBasicIdentity() {
        f.create(set("ss", 3, true));
        f.settle();
        List<Pod> pods = f.pods("ss");
        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("ss-0", "ss-1", "ss-2");
        for (Pod p : pods) {
            String name = p.getMetadata().getName();
            assertThat(ready(p)).as(name).isTrue();
            assertThat(p.getSpec().getHostname()).isEqualTo(name);
            assertThat(p.getSpec().getSubdomain()).isEqualTo("test");
            assertThat(p.getMetadata().getLabels()).containsEntry("statefulset.kubernetes.io/pod-name", name)
                    .containsEntry("apps.kubernetes.io/pod-index", name.substring(3));
            assertThat(p.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("datadir-" + name));
        }
        Map<String, String> claimUids = new java.util.HashMap<>();
        for (PersistentVolumeClaim c : client.persistentVolumeClaims().inNamespace(NS).list().getItems()) {
            claimUids.put(c.getMetadata().getName(), c.getMetadata().getUid());
        }
        assertThat(claimUids).containsOnlyKeys("datadir-ss-0", "datadir-ss-1", "datadir-ss-2");
        List<String> oldUids = pods.stream().map(p -> p.getMetadata().getUid()).toList();
        // "Restart": every pod deleted; the same names come back with the same claims
        client.pods().inNamespace(NS).withLabels(StatefulSetFixture.LABELS).delete();
        f.settle();
        List<Pod> again = f.pods("ss");
        assertThat(again).extracting(p -> p.getMetadata().getName()).containsExactly("ss-0", "ss-1", "ss-2");
        assertThat(again).allSatisfy(p -> assertThat(ready(p)).isTrue());
        assertThat(again).extracting(p -> p.getMetadata().getUid()).doesNotContainAnyElementsOf(oldUids);
        for (PersistentVolumeClaim c : client.persistentVolumeClaims().inNamespace(NS).list().getItems()) {
            assertThat(c.getMetadata().getUid()).isEqualTo(claimUids.get(c.getMetadata().getName()));
        }
    }

    @Test
    void shouldAdoptMatchingOrphansAndReleaseNonMatchingPods() {
        StatefulSet ss = f.create(set("ss", 1, false));
        f.settle();
        OwnerReference ref = f.pod("ss-0").getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getKind() + "/" + ref.getName() + "/" + ref.getUid())
                .isEqualTo("StatefulSet/ss/" + ss.getMetadata().getUid());
        client.pods().inNamespace(NS).withName("ss-0").edit(p -> {
            p.getMetadata().setOwnerReferences(List.of());
            return p;
        });
        f.settle();
        assertThat(f.pod("ss-0").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(ss.getMetadata().getUid()));
        client.pods().inNamespace(NS).withName("ss-0").edit(p -> {
            p.getMetadata().setLabels(Map.of());
            return p;
        });
        f.settle();
        assertThat(f.pod("ss-0").getMetadata().getOwnerReferences()).isNullOrEmpty();
        client.pods().inNamespace(NS).withName("ss-0").edit(p -> {
            p.getMetadata().setLabels(StatefulSetFixture.LABELS);
            return p;
        });
        f.settle();
        assertThat(f.pod("ss-0").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(ss.getMetadata().getUid()));
    }

    @Test
    void shouldNotDeadlockWhenAPodsPredecessorFails() {
        f.create(set("ss", 2, false).editSpec().withPodManagementPolicy("Parallel").endSpec());
        f.pause("ss-1");
        f.settle();
        assertThat(ready(f.pod("ss-0"))).isTrue();
        assertThat(ready(f.pod("ss-1"))).isFalse();
        String uid = f.pod("ss-0").getMetadata().getUid();
        client.pods().inNamespace(NS).withName("ss-0").delete();
        f.settle();
        assertThat(f.pod("ss-0").getMetadata().getUid()).isNotEqualTo(uid);
        f.resume("ss-1");
        f.settle();
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(ready(p)).isTrue());
    }

    @Test
    void shouldPerformRollingUpdatesAndRollBacksOfTemplateModifications() {
        // each pod takes 5 s to stop, so the test can step through the update
        f.create(set("ss", 3, false).editSpec().editTemplate().editMetadata()
                .addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().endTemplate().endSpec());
        f.settle();
        StatefulSet ss = f.get("ss");
        String first = ss.getStatus().getCurrentRevision();
        assertThat(ss.getStatus().getUpdateRevision()).isEqualTo(first);
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(revisionOf(p)).isEqualTo(first));
        f.image("ss", "nginx:1.28");
        park.awaitIdle();
        assertThat(f.pod("ss-2").getMetadata().getDeletionTimestamp()).as("the highest ordinal goes first").isNotNull();
        assertThat(f.pod("ss-1").getMetadata().getDeletionTimestamp()).isNull();
        park.advance(Duration.ofSeconds(5));
        park.awaitIdle();
        f.pause("ss-1"); // the new ss-1 never turns ready: the update stalls there
        f.settle();
        ss = f.get("ss");
        String second = ss.getStatus().getUpdateRevision();
        assertThat(second).isNotEqualTo(first);
        assertThat(f.pods("ss")).extracting(StatefulSetFixture::revisionOf).containsExactly(first, second, second);
        assertThat(ready(f.pod("ss-1"))).isFalse();
        assertThat(ss.getStatus().getCurrentRevision()).isEqualTo(first);
        f.resume("ss-1");
        f.settle();
        ss = f.get("ss");
        assertThat(ss.getStatus().getCurrentRevision()).isEqualTo(second);
        assertThat(f.pods("ss")).allSatisfy(p -> {
            assertThat(f.imageOf(p)).isEqualTo("nginx:1.28");
            assertThat(revisionOf(p)).isEqualTo(second);
        });
        int revisionsBefore = client.apps().controllerRevisions().inNamespace(NS).list().getItems().size();
        f.image("ss", "nginx:1.27");
        f.settle();
        ss = f.get("ss");
        assertThat(ss.getStatus().getUpdateRevision()).isEqualTo(first);
        assertThat(ss.getStatus().getCurrentRevision()).isEqualTo(first);
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(f.imageOf(p)).isEqualTo("nginx:1.27"));
        // a rollback re-uses the old revision object
        assertThat(client.apps().controllerRevisions().inNamespace(NS).list().getItems()).hasSize(revisionsBefore);
    }

    @Test
    void shouldPerformCanaryUpdatesAndPhasedRollingUpdatesOfTemplateModifications() {
        f.create(set("ss", 3, false).editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(3).endRollingUpdate().endUpdateStrategy().endSpec());
        f.settle();
        String current = f.get("ss").getStatus().getCurrentRevision();
        f.image("ss", "nginx:1.28");
        f.settle();
        String update = f.get("ss").getStatus().getUpdateRevision();
        assertThat(update).isNotEqualTo(current);
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(revisionOf(p)).isEqualTo(current));
        partition(2);
        f.settle();
        assertThat(f.pods("ss")).extracting(StatefulSetFixture::revisionOf).containsExactly(current, current, update);
        client.pods().inNamespace(NS).withName("ss-0").delete();
        client.pods().inNamespace(NS).withName("ss-2").delete();
        f.settle();
        assertThat(f.pods("ss")).extracting(StatefulSetFixture::revisionOf).containsExactly(current, current, update);
        partition(1);
        f.settle();
        assertThat(f.pods("ss")).extracting(StatefulSetFixture::revisionOf).containsExactly(current, update, update);
        partition(0);
        f.settle();
        assertThat(f.pods("ss")).extracting(StatefulSetFixture::revisionOf).containsExactly(update, update, update);
        assertThat(f.get("ss").getStatus().getCurrentRevision()).isEqualTo(update);
    }

    private void partition(int p) {
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(p);
            return s;
        });
    }

    @Test
    void shouldImplementLegacyReplacementWhenTheUpdateStrategyIsOnDelete() {
        f.create(set("ss", 3, false).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .endSpec());
        f.settle();
        String current = f.get("ss").getStatus().getCurrentRevision();
        f.image("ss", "nginx:1.28");
        f.settle();
        String update = f.get("ss").getStatus().getUpdateRevision();
        assertThat(update).isNotEqualTo(current);
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(f.imageOf(p)).isEqualTo("nginx:1.27"));
        client.pods().inNamespace(NS).withLabels(StatefulSetFixture.LABELS).delete();
        f.settle();
        assertThat(f.pods("ss")).hasSize(3).allSatisfy(p -> {
            assertThat(f.imageOf(p)).isEqualTo("nginx:1.28");
            assertThat(revisionOf(p)).isEqualTo(update);
        });
        // (quirk) under OnDelete currentRevision never moves
        assertThat(f.get("ss").getStatus().getCurrentRevision()).isEqualTo(current);
    }

    @Test
    void scalingShouldHappenInPredictableOrderAndHaltIfAnyStatefulPodIsUnhealthy() {
        List<String> added = new CopyOnWriteArrayList<>();
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (Watch w = client.pods().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    added.add(pod.getMetadata().getName());
                } else if (action == Action.DELETED) {
                    deleted.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test ends the watch
            }
        })) {
            f.create(set("ss", 1, false));
            f.settle();
            f.pause("ss-0");
            f.settle(1, Duration.ofSeconds(1));
            assertThat(ready(f.pod("ss-0"))).isFalse();
            scale(3);
            f.settle(10, Duration.ofSeconds(1));
            assertThat(f.podNames("ss")).containsExactly("ss-0");
            f.resume("ss-0");
            f.settle();
            assertThat(f.podNames("ss")).containsExactly("ss-0", "ss-1", "ss-2");
            for (String p : List.of("ss-0", "ss-1", "ss-2")) {
                f.pause(p);
            }
            f.settle(1, Duration.ofSeconds(1));
            scale(0);
            f.settle(10, Duration.ofSeconds(1));
            assertThat(f.podNames("ss")).hasSize(3);
            for (String p : List.of("ss-0", "ss-1", "ss-2")) {
                f.resume(p);
            }
            f.settle();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(added).containsSubsequence("ss-0", "ss-1", "ss-2");
                assertThat(deleted).containsExactly("ss-2", "ss-1", "ss-0");
            });
        }
        assertThat(f.podNames("ss")).isEmpty();
    }

    private void scale(int replicas) {
        client.apps().statefulSets().inNamespace(NS).withName("ss").scale(replicas);
    }

    @Test
    void burstScalingShouldRunToCompletionEvenWithUnhealthyPods() {
        f.create(set("ss", 1, false).editSpec().withPodManagementPolicy("Parallel").endSpec());
        for (String p : List.of("ss-0", "ss-1", "ss-2")) {
            f.pause(p);
        }
        f.settle();
        scale(3);
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-0", "ss-1", "ss-2");
        assertThat(f.pods("ss")).noneSatisfy(p -> assertThat(ready(p)).isTrue());
        scale(0);
        f.settle();
        assertThat(f.podNames("ss")).isEmpty();
    }

    @Test
    void shouldRecreateEvictedStatefulset() {
        f.create(set("ss", 1, false));
        f.settle();
        String uid = f.pod("ss-0").getMetadata().getUid();
        // the kubelet rejects or evicts the pod: it ends Failed
        client.pods().inNamespace(NS).withName("ss-0").editStatus(p -> {
            p.getStatus().setPhase("Failed");
            p.getStatus().setReason("Evicted");
            return p;
        });
        f.settle();
        Pod again = f.pod("ss-0");
        assertThat(again.getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(ready(again)).isTrue();
    }

    @Test
    void shouldHaveAWorkingScaleSubresource() {
        f.create(set("ss", 1, false));
        f.settle();
        var scale = client.apps().statefulSets().inNamespace(NS).withName("ss").scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(1);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(1);
        scale(2);
        assertThat(f.get("ss").getSpec().getReplicas()).isEqualTo(2);
        client.apps().statefulSets().inNamespace(NS).withName("ss").subresource("scale")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");
        assertThat(f.get("ss").getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void shouldValidateStatefulsetStatusEndpoints() {
        f.create(set("ss", 1, false));
        f.settle();
        StatefulSet status = client.apps().statefulSets().inNamespace(NS).withName("ss").editStatus(s -> {
            s.getStatus().setConditions(List.of(new StatefulSetCondition(null, "Updated by the test", "E2E",
                    "True", "StatusUpdate")));
            return s;
        });
        assertThat(status.getStatus().getConditions()).extracting(StatefulSetCondition::getType)
                .containsExactly("StatusUpdate");
    }

    @Test
    void availableReplicasShouldGetUpdatedAccordinglyWhenMinReadySecondsIsEnabled() {
        f.create(set("ss", 2, false).editSpec().withPodManagementPolicy("Parallel").withMinReadySeconds(30)
                .endSpec());
        f.settle();
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isZero();
        f.settle(1, Duration.ofSeconds(31));
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isEqualTo(2);
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().setMinReadySeconds(3600);
            return s;
        });
        f.settle();
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isZero();
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().setMinReadySeconds(0);
            return s;
        });
        f.settle();
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isEqualTo(2);
    }

    @Test
    void shouldDeletePvcsWithAWhenDeletedPolicy() {
        f.create(setRetaining("Delete", "Retain"));
        f.settle();
        StatefulSet ss = f.get("ss");
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).hasSize(3).allSatisfy(c ->
                assertThat(c.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(r -> assertThat(r.getUid()).isEqualTo(ss.getMetadata().getUid())));
        client.apps().statefulSets().inNamespace(NS).withName("ss").delete();
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void shouldDeletePvcsWithAnOnScaledownPolicy() {
        f.create(setRetaining("Retain", "Delete"));
        f.settle();
        scale(1);
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("datadir-ss-0");
    }

    @Test
    void settingIncreasingDecreasingAndRemovingTheStartOrdinal() {
        f.create(set("ss", 2, false));
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-0", "ss-1");
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().setOrdinals(new io.fabric8.kubernetes.api.model.apps.StatefulSetOrdinals(2));
            s.getSpec().setReplicas(3);
            return s;
        });
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-2", "ss-3", "ss-4");
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().getOrdinals().setStart(3);
            s.getSpec().setReplicas(2);
            return s;
        });
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-3", "ss-4");
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().getOrdinals().setStart(2);
            return s;
        });
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-2", "ss-3");
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().setOrdinals(null);
            return s;
        });
        f.settle();
        assertThat(f.podNames("ss")).containsExactly("ss-0", "ss-1");
    }

    @Test
    void shouldPerformRollingUpdatesAndRollBacksOfTemplateModificationsWithPvcs() {
        f.create(set("ss", 3, true));
        f.settle();
        Map<String, String> claimUids = new java.util.HashMap<>();
        client.persistentVolumeClaims().inNamespace(NS).list().getItems()
                .forEach(c -> claimUids.put(c.getMetadata().getName(), c.getMetadata().getUid()));
        String first = f.get("ss").getStatus().getCurrentRevision();
        f.image("ss", "nginx:1.28");
        f.settle();
        String second = f.get("ss").getStatus().getCurrentRevision();
        assertThat(second).isNotEqualTo(first);
        assertThat(f.pods("ss")).allSatisfy(p -> assertThat(f.imageOf(p)).isEqualTo("nginx:1.28"));
        f.image("ss", "nginx:1.27");
        f.settle();
        assertThat(f.get("ss").getStatus().getCurrentRevision()).isEqualTo(first);
        // the same claims throughout
        client.persistentVolumeClaims().inNamespace(NS).list().getItems().forEach(c ->
                assertThat(c.getMetadata().getUid()).isEqualTo(claimUids.get(c.getMetadata().getName())));
    }

    @Test
    void shouldPerformRollingUpdateForPartition1AndDeletePod0WithoutFailingContainer() {
        partition1AndDeletePod0(false);
    }

    @Test
    void shouldPerformRollingUpdateForPartition1AndDeletePod0WithFailingContainer() {
        partition1AndDeletePod0(true);
    }

    private void partition1AndDeletePod0(boolean failingOnStop) {
        if (failingOnStop) {
            // ss-0's container exits 1 on SIGTERM
            park.behave(NS, "ss-0", Map.of("webserver", io.kubepark.kubelet.ContainerBehaviour.UNSET
                    .withStopExitCode(1)));
        }
        f.create(set("ss", 3, false).editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(1).endRollingUpdate().endUpdateStrategy().endSpec());
        f.settle();
        client.pods().inNamespace(NS).withName("ss-0").edit(p -> {
            p.getMetadata().setFinalizers(List.of("example.com/hold"));
            return p;
        });
        String current = f.get("ss").getStatus().getCurrentRevision();
        f.image("ss", "nginx:1.28");
        f.settle();
        StatefulSet ss = f.get("ss");
        assertThat(ss.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(ss.getStatus().getReadyReplicas()).isEqualTo(3);
        client.pods().inNamespace(NS).withName("ss-0").delete();
        f.settle();
        assertThat(f.pod("ss-0").getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(f.get("ss").getStatus().getReadyReplicas()).isEqualTo(2);
        client.pods().inNamespace(NS).withName("ss-0").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
        f.settle();
        // below the partition: back at the current revision
        assertThat(revisionOf(f.pod("ss-0"))).isEqualTo(current);
        assertThat(revisionOf(f.pod("ss-1"))).isEqualTo(ss.getStatus().getUpdateRevision());
        assertThat(ready(f.pod("ss-0"))).isTrue();
    }

    @Test
    void shouldListPatchAndDeleteACollectionOfStatefulSets() {
        f.create(set("ss", 1, false).editMetadata().addToLabels("e2e", "patched").endMetadata());
        f.settle();
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getMetadata().getLabels().put("state", "patched");
            s.getSpec().setReplicas(2);
            return s;
        });
        park.awaitIdle();
        f.image("ss", "nginx:1.28");
        f.settle();
        assertThat(client.apps().statefulSets().inNamespace(NS).withLabel("state", "patched").list().getItems())
                .singleElement().satisfies(s -> assertThat(s.getStatus().getReadyReplicas()).isEqualTo(2));
        client.apps().statefulSets().inNamespace(NS).withLabel("e2e", "patched").delete();
        f.settle();
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(f.pods("ss")).isEmpty();
    }

    @Test
    void minReadySecondsShouldBeHonoredWhenEnabled() {
        f.create(set("ss", 1, false).editSpec().withMinReadySeconds(30).endSpec());
        f.settle();
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isZero();
        park.advance(Duration.ofSeconds(25));
        f.settle();
        assertThat(f.get("ss").getStatus().getAvailableReplicas()).isEqualTo(1);
    }

    @Test
    void shouldNotDeletePvcWithAnOnScaledownPolicyIfAnotherControllerOwnsThePvc() {
        f.create(setRetaining("Retain", "Delete"));
        f.settle();
        var owner = client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model
                .ConfigMapBuilder().withNewMetadata().withName("claim-owner").endMetadata().build()).create();
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-1").edit(c -> {
            c.getMetadata().setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("v1").withKind("ConfigMap").withName("claim-owner")
                    .withUid(owner.getMetadata().getUid()).withController(true).build()));
            return c;
        });
        f.settle();
        scale(0);
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("datadir-ss-1");
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-1").edit(c -> {
            c.getMetadata().setOwnerReferences(List.of());
            return c;
        });
        scale(2);
        f.settle();
        scale(1);
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("datadir-ss-0");
    }

    @Test
    void shouldDeletePvcsAfterAdoptingPodWhenScaled() {
        f.create(setRetaining("Retain", "Delete"));
        f.settle();
        client.pods().inNamespace(NS).withName("ss-2").edit(p -> {
            p.getMetadata().setOwnerReferences(List.of());
            return p;
        });
        f.settle();
        scale(1);
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("datadir-ss-0");
    }

    @Test
    void pvcShouldBeRecreatedWhenPodIsPendingDueToMissingPvc() {
        f.create(set("ss", 1, true));
        f.settle();
        String node = f.pod("ss-0").getSpec().getNodeName();
        for (String n : park.nodeNames()) {
            client.nodes().withName(n).edit(x -> {
                x.getSpec().setUnschedulable(true);
                return x;
            });
        }
        client.pods().inNamespace(NS).withName("ss-0").delete();
        park.advance(Duration.ofSeconds(2));
        park.awaitIdle();
        assertThat(f.pod("ss-0").getStatus().getPhase()).isEqualTo("Pending");
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-0").delete();
        park.advance(Duration.ofSeconds(2));
        park.awaitIdle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-0").get())
                .as("recreated for the pending pod").isNotNull();
        client.nodes().withName(node).edit(x -> {
            x.getSpec().setUnschedulable(false);
            return x;
        });
        f.settle();
        assertThat(ready(f.pod("ss-0"))).isTrue();
        assertThat(f.pod("ss-0").getSpec().getNodeName()).isEqualTo(node);
    }

    @Test
    void aPodOnALostNodeIsNeverReplacedUntilItIsReallyGone() {
        f.create(set("ss", 1, false));
        f.settle();
        Pod before = f.pod("ss-0");
        String node = before.getSpec().getNodeName();
        park.stopHeartbeats(node);
        f.settle(6, Duration.ofMinutes(1)); // Unknown after 50 s, evicted 300 s later, but the kubelet is gone
        Pod stuck = f.pod("ss-0");
        assertThat(stuck.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(stuck.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(f.pods("ss")).hasSize(1);
        client.nodes().withName(node).delete();
        f.settle(2, Duration.ofSeconds(30)); // pod GC removes the pod; the set brings ss-0 back elsewhere
        Pod after = f.pod("ss-0");
        assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
        assertThat(after.getSpec().getNodeName()).isNotEqualTo(node);
        assertThat(ready(after)).isTrue();
    }

    @Test
    void eventsNameEachCreateOnTheSet() {
        f.create(set("ss", 1, true));
        f.settle();
        assertThat(client.v1().events().inNamespace(NS).withField("involvedObject.kind", "StatefulSet")
                .withField("involvedObject.name", "ss").list().getItems())
                .extracting(e -> e.getReason() + ": " + e.getMessage())
                .contains("SuccessfulCreate: create Claim datadir-ss-0 Pod ss-0 in StatefulSet ss success",
                        "SuccessfulCreate: create Pod ss-0 in StatefulSet ss successful");
    }

    @Test
    void shouldDeletePvcsAfterAdoptingPodWhenDeleted() {
        f.create(setRetaining("Delete", "Retain"));
        f.settle();
        client.pods().inNamespace(NS).withName("ss-2").edit(p -> {
            p.getMetadata().setOwnerReferences(List.of());
            return p;
        });
        f.settle();
        client.apps().statefulSets().inNamespace(NS).withName("ss").delete();
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void shouldNotDeletePvcsWhenThereIsAnotherController() {
        f.create(set("ss", 4, true));
        f.settle();
        var cm = client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("other").endMetadata().build()).create();
        OwnerReference cmRef = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("ConfigMap").withName("other").withUid(cm.getMetadata().getUid()).build();
        OwnerReference staleSetRef = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("StatefulSet").withName("ss").withUid("stale-uid")
                .withController(true).build();
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-1").edit(c -> {
            c.getMetadata().setOwnerReferences(List.of(cmRef));
            return c;
        });
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-3").edit(c -> {
            c.getMetadata().setOwnerReferences(List.of(staleSetRef));
            c.getMetadata().setFinalizers(List.of("example.com/keep"));
            return c;
        });
        f.settle();
        client.apps().statefulSets().inNamespace(NS).withName("ss").edit(s -> {
            s.getSpec().setPersistentVolumeClaimRetentionPolicy(new io.fabric8.kubernetes.api.model.apps
                    .StatefulSetPersistentVolumeClaimRetentionPolicy("Delete", "Retain"));
            return s;
        });
        f.settle();
        String setUid = f.get("ss").getMetadata().getUid();
        java.util.function.Function<String, List<String>> owners = claim -> client.persistentVolumeClaims()
                .inNamespace(NS).withName(claim).get().getMetadata().getOwnerReferences().stream()
                .map(r -> r.getKind() + "/" + r.getUid()).toList();
        assertThat(owners.apply("datadir-ss-0")).containsExactly("StatefulSet/" + setUid);
        assertThat(owners.apply("datadir-ss-2")).containsExactly("StatefulSet/" + setUid);
        assertThat(owners.apply("datadir-ss-1")).containsExactly("ConfigMap/" + cm.getMetadata().getUid(),
                "StatefulSet/" + setUid);
        assertThat(owners.apply("datadir-ss-3")).containsExactly("StatefulSet/stale-uid");
        client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-0").edit(c -> {
            c.getMetadata().getOwnerReferences().get(0).setController(false);
            return c;
        });
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("datadir-ss-0").get().getMetadata()
                .getOwnerReferences().get(0).getController()).isTrue();
        client.apps().statefulSets().inNamespace(NS).withName("ss").delete();
        f.settle();
        assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("datadir-ss-1", "datadir-ss-3");
    }
}
