package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySelectorLabelRequirement;
import io.fabric8.kubernetes.api.model.TopologySelectorTerm;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubepark.kubelet.NodeShape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PV binder, the provisioner and WaitForFirstConsumer with the scheduler, as the storage e2e suite
 * (test/e2e/storage) and checklist items D9-D12 see them, on a virtual clock.
 */
class StorageTest {
    private static final String NS = "default";
    private KubePark park;
    private KubernetesClient client;

    private void start(KubePark.Builder builder) {
        park = builder.virtualClock().start();
        client = Clients.fabric8(park);
    }

    @AfterEach
    void stop() {
        client.close();
        park.close();
    }

    private void pv(String name, String size, String storageClass, String... modes) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity(size)))
                .withAccessModes(modes.length == 0 ? new String[] {"ReadWriteOnce"} : modes)
                .withStorageClassName(storageClass).withNewHostPath().withPath("/tmp/" + name).endHostPath().endSpec()
                .build()).create();
    }

    private void claim(String name, String size, String storageClass) {
        PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity(size)).endResources().endSpec();
        if (storageClass != null) {
            b.editSpec().withStorageClassName(storageClass).endSpec();
        }
        client.persistentVolumeClaims().inNamespace(NS).resource(b.build()).create();
    }

    private PersistentVolume volume(String name) {
        return client.persistentVolumes().withName(name).get();
    }

    private PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    }

    private void settle() {
        for (int i = 0; i < 5; i++) {
            park.awaitIdle();
            park.advance(Duration.ofSeconds(1));
        }
        park.awaitIdle();
    }

    private List<String> events(String kind, String name) {
        return client.v1().events().inNamespace(NS).withField("involvedObject.kind", kind)
                .withField("involvedObject.name", name).list().getItems().stream()
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList();
    }

    /** The count of the claim's ProvisioningFailed event, which repeats of the same failure raise. */
    private int provisioningFailures(String claim) {
        return client.v1().events().inNamespace(NS).withField("involvedObject.name", claim)
                .withField("reason", "ProvisioningFailed").list().getItems().stream()
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    @Test
    void aNonPreBoundPvAndPvcBindWithTheRealAnnotationsAndTheVolumeIsReleasedAfterward() {
        start(KubePark.builder().nodes(1));
        pv("pv1", "2Gi", "");
        claim("pvc1", "1Gi", "");
        settle();
        PersistentVolume pv = volume("pv1");
        PersistentVolumeClaim pvc = claim("pvc1");
        assertThat(pv.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(pvc.getMetadata().getUid());
        assertThat(pvc.getSpec().getVolumeName()).isEqualTo("pv1");
        assertThat(pv.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bound-by-controller", "yes");
        assertThat(pvc.getMetadata().getAnnotations()).containsEntry("pv.kubernetes.io/bind-completed", "yes")
                .containsEntry("pv.kubernetes.io/bound-by-controller", "yes");
        assertThat(pvc.getStatus().getCapacity().get("storage").toString()).isEqualTo("2Gi");
        assertThat(pv.getStatus().getLastPhaseTransitionTime()).isNotNull();
        client.persistentVolumeClaims().inNamespace(NS).withName("pvc1").delete();
        settle();
        PersistentVolume released = volume("pv1");
        assertThat(released.getStatus().getPhase()).isEqualTo("Released");
        assertThat(released.getSpec().getClaimRef().getUid()).isEqualTo(pvc.getMetadata().getUid());
        // a Released volume keeps its claimRef and never binds a new claim
        claim("pvc2", "1Gi", "");
        settle();
        assertThat(claim("pvc2").getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void preBindingWorksInBothDirectionsAndAMismatchStaysPending() {
        start(KubePark.builder().nodes(1));
        pv("reserved", "1Gi", "");
        client.persistentVolumes().withName("reserved").edit(v -> {
            v.getSpec().setClaimRef(new ObjectReferenceBuilder().withNamespace(NS).withName("wants-it").build());
            return v;
        });
        pv("named", "1Gi", "");
        pv("too-small", "1Gi", "");
        claim("wants-it", "1Gi", "");
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("names-it").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName("").withVolumeName("named").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("mismatch").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName("").withVolumeName("too-small").withNewResources()
                .addToRequests("storage", new Quantity("5Gi")).endResources().endSpec().build()).create();
        settle();
        assertThat(volume("reserved").getSpec().getClaimRef().getName()).isEqualTo("wants-it");
        assertThat(claim("wants-it").getSpec().getVolumeName()).isEqualTo("reserved");
        assertThat(claim("names-it").getStatus().getPhase()).isEqualTo("Bound");
        assertThat(volume("named").getSpec().getClaimRef().getName()).isEqualTo("names-it");
        assertThat(claim("mismatch").getStatus().getPhase()).isEqualTo("Pending");
        // a claim of no one's gets what is left, never a volume reserved for another
        claim("other", "1Gi", "");
        settle();
        assertThat(claim("other").getSpec().getVolumeName()).isEqualTo("too-small");
        assertThat(events("PersistentVolumeClaim", "mismatch")).anySatisfy(e -> assertThat(e)
                .startsWith("Warning VolumeMismatch: Cannot bind to requested volume \"too-small\""));
    }

    @Test
    void twoVolumesAndFourClaimsBindTwoAndLeaveTwoPendingTheSmallestFitWinning() {
        start(KubePark.builder().nodes(1));
        pv("big", "10Gi", "");
        pv("small", "2Gi", "");
        claim("first", "1Gi", "");
        settle();
        assertThat(claim("first").getSpec().getVolumeName()).isEqualTo("small");
        for (String name : List.of("second", "third", "fourth")) {
            claim(name, "1Gi", "");
        }
        settle();
        long bound = client.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
                .filter(c -> "Bound".equals(c.getStatus().getPhase())).count();
        assertThat(bound).isEqualTo(2);
    }

    @Test
    void withoutADefaultClassAClaimWaitsAndGetsTheClassRetroactively() {
        start(KubePark.builder().nodes(1).defaultStorageClasses(false));
        claim("late", "1Gi", null);
        settle();
        assertThat(claim("late").getSpec().getStorageClassName()).isNull();
        assertThat(claim("late").getStatus().getPhase()).isEqualTo("Pending");
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("now")
                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
                .withProvisioner("kubepark.io/zonal-disk").withVolumeBindingMode("Immediate").build()).create();
        settle();
        assertThat(claim("late").getSpec().getStorageClassName()).isEqualTo("now");
        // Immediate binding: provisioned without a consumer
        assertThat(claim("late").getStatus().getPhase()).isEqualTo("Bound");
    }

    @Test
    void waitForFirstConsumerProvisionsInTheZoneOfTheScheduledPod() {
        start(KubePark.builder());
        claim("data", "1Gi", null);
        settle();
        assertThat(claim("data").getStatus().getPhase()).isEqualTo("Pending");
        assertThat(events("PersistentVolumeClaim", "data")).anySatisfy(e -> assertThat(e).isEqualTo(
                "Normal WaitForFirstConsumer: waiting for first consumer to be created before binding"));
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("user").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("data").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
        settle();
        Pod user = client.pods().inNamespace(NS).withName("user").get();
        PersistentVolumeClaim data = claim("data");
        assertThat(data.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(data.getMetadata().getAnnotations()).containsEntry("volume.kubernetes.io/selected-node",
                user.getSpec().getNodeName()).containsEntry("volume.kubernetes.io/storage-provisioner",
                "kubepark.io/zonal-disk");
        PersistentVolume pv = volume(data.getSpec().getVolumeName());
        assertThat(pv.getMetadata().getName()).isEqualTo("pvc-" + data.getMetadata().getUid());
        String zone = client.nodes().withName(user.getSpec().getNodeName()).get().getMetadata().getLabels()
                .get("topology.kubernetes.io/zone");
        assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions()
                .get(0).getValues()).containsExactly(zone);
        assertThat(user.getStatus().getPhase()).isEqualTo("Running");
        // Delete reclaim: the claim takes its volume with it
        client.pods().inNamespace(NS).withName("user").delete();
        client.persistentVolumeClaims().inNamespace(NS).withName("data").delete();
        settle();
        assertThat(volume(pv.getMetadata().getName())).isNull();
    }

    @Test
    void aFailedProvisioningIsReportedAndHandsTheNodeBack() {
        start(KubePark.builder());
        park.failProvisioning("standard", "quota exceeded");
        claim("doomed", "1Gi", null);
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("user").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("data").withNewPersistentVolumeClaim().withClaimName("doomed").endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
        park.awaitIdle();
        assertThat(events("PersistentVolumeClaim", "doomed")).anySatisfy(e -> assertThat(e).isEqualTo(
                "Warning ProvisioningFailed: failed to provision volume with StorageClass \"standard\": quota exceeded"));
        assertThat(claim("doomed").getMetadata().getAnnotations()).doesNotContainKey("volume.kubernetes.io/selected-node");
        // the scheduler sees the node given back: PreBind fails at once, not after its 600 s bind wait
        String prebind = "running PreBind plugin \"VolumeBinding\": binding volumes: provisioning failed for PVC "
                + "\"doomed\"";
        assertThat(client.pods().inNamespace(NS).withName("user").get().getStatus().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + " " + c.getStatus() + " " + c.getReason() + ": "
                        + c.getMessage()).isEqualTo("PodScheduled False SchedulerError: " + prebind));
        assertThat(events("Pod", "user")).contains("Warning FailedScheduling: " + prebind);
        int failures = provisioningFailures("doomed");
        park.advance(Duration.ofSeconds(10)); // the back-off: placed again, provisioning fails again
        park.awaitIdle();
        assertThat(provisioningFailures("doomed")).isGreaterThan(failures);
        park.healProvisioning("standard");
        settle(); // within the next back-off the pod is placed again and this time the volume comes
        assertThat(claim("doomed").getStatus().getPhase()).isEqualTo("Bound");
        assertThat(client.pods().inNamespace(NS).withName("user").get().getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void retainAndRecycleReclaimPolicies() {
        start(KubePark.builder().nodes(1));
        pv("kept", "1Gi", "");
        pv("recycled", "1Gi", "manual");
        client.persistentVolumes().withName("recycled").edit(v -> {
            v.getSpec().setPersistentVolumeReclaimPolicy("Recycle");
            return v;
        });
        claim("a", "1Gi", "");
        claim("b", "1Gi", "manual");
        settle();
        client.persistentVolumeClaims().inNamespace(NS).withName("a").delete();
        client.persistentVolumeClaims().inNamespace(NS).withName("b").delete();
        settle();
        assertThat(volume("kept").getStatus().getPhase()).isEqualTo("Released");
        assertThat(volume("recycled").getStatus().getPhase()).isEqualTo("Available");
        assertThat(volume("recycled").getSpec().getClaimRef()).isNull();
    }

    @Test
    void aPodCannotBeScheduledWithAClaimThatIsBeingDeleted() {
        start(KubePark.builder().nodes(1));
        claim("going", "1Gi", "");
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("holder").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("busybox")
                .endContainer().addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName("going")
                .endPersistentVolumeClaim().endVolume().endSpec().build()).create();
        park.awaitIdle();
        client.persistentVolumeClaims().inNamespace(NS).withName("going").delete();
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("newcomer").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("d").withNewPersistentVolumeClaim().withClaimName("going").endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
        park.awaitIdle();
        Pod newcomer = client.pods().inNamespace(NS).withName("newcomer").get();
        assertThat(newcomer.getSpec().getNodeName()).isNull();
        assertThat(newcomer.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage())
                .isEqualTo("0/1 nodes are available: persistentvolumeclaim \"going\" is being deleted. preemption: "
                        + "0/1 nodes are available: 1 Preemption is not helpful for scheduling.."));
    }

    @Test
    void aStatefulSetPodIsRescheduledOnlyIntoTheZoneOfItsVolume() {
        start(KubePark.builder().nodes(6).nodeShape(new NodeShape("4", "16Gi", 110)));
        StatefulSetFixture f = new StatefulSetFixture(park, client);
        f.create(StatefulSetFixture.set("ss", 3, true));
        f.settle();
        Map<String, String> zoneOfNode = new java.util.HashMap<>();
        client.nodes().list().getItems().forEach(n -> zoneOfNode.put(n.getMetadata().getName(),
                n.getMetadata().getLabels().get("topology.kubernetes.io/zone")));
        Pod before = f.pod("ss-1");
        String node = before.getSpec().getNodeName();
        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        client.pods().inNamespace(NS).withName("ss-1").evict();
        f.settle();
        Pod after = f.pod("ss-1");
        assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
        assertThat(after.getSpec().getNodeName()).isNotEqualTo(node);
        assertThat(zoneOfNode.get(after.getSpec().getNodeName())).isEqualTo(zoneOfNode.get(node));
        assertThat(StatefulSetFixture.ready(after)).isTrue();
    }

    private Pod podUsing(String name, String claim) {
        return client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().addNewVolume()
                .withName("d").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
    }

    private void request(String claim, String size) {
        client.persistentVolumeClaims().inNamespace(NS).withName(claim).edit(c -> {
            c.getSpec().getResources().getRequests().put("storage", new Quantity(size));
            return c;
        });
    }

    @Test
    void aClaimInUseGrowsThroughResizingToItsNewCapacity() {
        start(KubePark.builder().nodes(1));
        claim("grows", "1Gi", null);
        podUsing("user", "grows");
        settle();
        request("grows", "5Gi");
        settle();
        PersistentVolumeClaim grown = claim("grows");
        assertThat(grown.getStatus().getCapacity().get("storage").toString()).isEqualTo("5Gi");
        assertThat(grown.getStatus().getConditions()).isNullOrEmpty();
        assertThat(volume(grown.getSpec().getVolumeName()).getSpec().getCapacity().get("storage").toString())
                .isEqualTo("5Gi");
        assertThat(events("PersistentVolumeClaim", "grows")).anySatisfy(e -> assertThat(e).startsWith(
                "Normal Resizing: External resizer is resizing volume")).anySatisfy(e -> assertThat(e).startsWith(
                "Normal FileSystemResizeSuccessful:"));
    }

    @Test
    void aClaimWithoutAPodWaitsForTheFileSystemResize() {
        start(KubePark.builder().nodes(1));
        claim("idle", "1Gi", null);
        podUsing("user", "idle");
        settle();
        client.pods().inNamespace(NS).withName("user").delete();
        settle();
        request("idle", "3Gi");
        settle();
        PersistentVolumeClaim idle = claim("idle");
        assertThat(idle.getStatus().getCapacity().get("storage").toString()).isEqualTo("1Gi");
        assertThat(idle.getStatus().getConditions()).extracting(c -> c.getType())
                .containsExactly("FileSystemResizePending");
        assertThat(idle.getStatus().getAllocatedResourceStatuses()).containsEntry("storage", "NodeResizePending");
        podUsing("again", "idle");
        settle();
        assertThat(claim("idle").getStatus().getCapacity().get("storage").toString()).isEqualTo("3Gi");
    }

    @Test
    void expansionNeedsAClassThatAllowsItAndShrinkingIsRefused() {
        start(KubePark.builder().nodes(1));
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("fixed")
                .endMetadata().withProvisioner("kubepark.io/zonal-disk").withVolumeBindingMode("Immediate")
                .withAllowVolumeExpansion(false).build()).create();
        claim("fixed-size", "1Gi", "fixed");
        settle();
        var forbidden = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class, () -> request("fixed-size", "2Gi"));
        assertThat(forbidden.getCode()).isEqualTo(403);
        assertThat(forbidden.getStatus().getMessage()).isEqualTo("persistentvolumeclaims \"fixed-size\" is forbidden: "
                + "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must "
                + "support resize");
        var shrink = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class, () -> request("fixed-size", "500Mi"));
        assertThat(shrink.getCode()).isEqualTo(422);
        assertThat(shrink.getStatus().getMessage()).contains(
                "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
    }

    @Test
    void allowedTopologiesDecideWhereTheConsumerMayGo() {
        start(KubePark.builder());
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("zone-c")
                .endMetadata().withProvisioner("kubepark.io/zonal-disk").withVolumeBindingMode("WaitForFirstConsumer")
                .addToAllowedTopologies(new TopologySelectorTerm(List.of(new TopologySelectorLabelRequirement(
                        "topology.kubernetes.io/zone", List.of("zone-c"))))).build()).create();
        claim("pinned", "1Gi", "zone-c");
        podUsing("user", "pinned");
        settle();
        Pod user = client.pods().inNamespace(NS).withName("user").get();
        assertThat(user.getSpec().getNodeName()).isEqualTo("node-3");
        assertThat(user.getStatus().getPhase()).isEqualTo("Running");
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("nowhere")
                .endMetadata().withProvisioner("kubepark.io/zonal-disk").withVolumeBindingMode("WaitForFirstConsumer")
                .addToAllowedTopologies(new TopologySelectorTerm(List.of(new TopologySelectorLabelRequirement(
                        "topology.kubernetes.io/zone", List.of("zone-z"))))).build()).create();
        claim("impossible", "1Gi", "nowhere");
        podUsing("stuck", "impossible");
        settle();
        Pod stuck = client.pods().inNamespace(NS).withName("stuck").get();
        assertThat(stuck.getSpec().getNodeName()).isNull();
        assertThat(stuck.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage()).startsWith(
                "0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind."));
    }

    @Test
    void aVolumesPhaseTransitionTimeMovesWithEachPhase() {
        start(KubePark.builder().nodes(1));
        pv("timed", "1Gi", "");
        settle();
        PersistentVolume available = volume("timed");
        assertThat(available.getStatus().getPhase()).isEqualTo("Available");
        java.time.Instant t0 = java.time.Instant.parse(available.getStatus().getLastPhaseTransitionTime());
        park.advance(Duration.ofMinutes(1));
        claim("taker", "1Gi", "");
        settle();
        java.time.Instant t1 = java.time.Instant.parse(volume("timed").getStatus().getLastPhaseTransitionTime());
        assertThat(volume("timed").getStatus().getPhase()).isEqualTo("Bound");
        park.advance(Duration.ofMinutes(1));
        client.persistentVolumeClaims().inNamespace(NS).withName("taker").delete();
        settle();
        java.time.Instant t2 = java.time.Instant.parse(volume("timed").getStatus().getLastPhaseTransitionTime());
        assertThat(volume("timed").getStatus().getPhase()).isEqualTo("Released");
        assertThat(t1).isAfter(t0);
        assertThat(t2).isAfter(t1);
    }

    @Test
    void removingTheDefaultAnnotationLeavesNewClaimsWithoutAClass() {
        start(KubePark.builder().nodes(1));
        client.storage().v1().storageClasses().withName("standard").edit(c -> {
            c.getMetadata().getAnnotations().remove("storageclass.kubernetes.io/is-default-class");
            return c;
        });
        claim("plain", "1Gi", null);
        settle();
        assertThat(claim("plain").getSpec().getStorageClassName()).isNull();
        assertThat(claim("plain").getStatus().getPhase()).isEqualTo("Pending");
    }
}
