package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage admission and the protection controllers (B6, B10), on a virtual clock. */
class StorageProtectionTest extends WithCluster {

    private PersistentVolumeClaim claim(String name, String storageClass) {
        PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec();
        if (storageClass != null) {
            b.editSpec().withStorageClassName(storageClass).endSpec();
        }
        return client.persistentVolumeClaims().inNamespace("default").resource(b.build()).create();
    }

    @Test
    void theClusterStartsWithADefaultZonalClassAndALocalOne() {
        Map<String, StorageClass> classes = new java.util.HashMap<>();
        client.storage().v1().storageClasses().list().getItems().forEach(c -> classes.put(c.getMetadata().getName(), c));
        assertThat(classes).containsOnlyKeys("standard", "local");
        StorageClass standard = classes.get("standard");
        assertThat(standard.getMetadata().getAnnotations())
                .containsEntry("storageclass.kubernetes.io/is-default-class", "true");
        assertThat(standard.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
        assertThat(standard.getReclaimPolicy()).isEqualTo("Delete");
        assertThat(standard.getAllowVolumeExpansion()).isTrue();
        assertThat(classes.get("local").getProvisioner()).isEqualTo("kubepark.io/local-path");
    }

    @Test
    void aNewClaimGetsTheDefaultClassAndProtectionButAnExplicitEmptyClassStays() {
        PersistentVolumeClaim defaulted = claim("defaulted", null);
        assertThat(defaulted.getSpec().getStorageClassName()).isEqualTo("standard");
        assertThat(defaulted.getMetadata().getFinalizers()).containsExactly("kubernetes.io/pvc-protection");
        assertThat(defaulted.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(claim("classless", "").getSpec().getStorageClassName()).isEmpty();
        var pv = client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv1")
                .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce").withNewHostPath().withPath("/tmp/pv1").endHostPath().endSpec()
                .build()).create();
        assertThat(pv.getMetadata().getFinalizers()).containsExactly("kubernetes.io/pv-protection");
    }

    @Test
    void aClaimUsedByAScheduledPodStaysTerminatingUntilThePodGoes() {
        claim("in-use", "");
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("user")
                .endMetadata().withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("busybox")
                .endContainer().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("in-use")
                .endPersistentVolumeClaim().endVolume().endSpec().build()).create();
        claim("unused", "");
        park.awaitIdle();
        client.persistentVolumeClaims().inNamespace("default").withName("unused").delete();
        client.persistentVolumeClaims().inNamespace("default").withName("in-use").delete();
        park.awaitIdle();
        assertThat(client.persistentVolumeClaims().inNamespace("default").withName("unused").get()).isNull();
        assertThat(client.persistentVolumeClaims().inNamespace("default").withName("in-use").get().getMetadata()
                .getDeletionTimestamp()).isNotNull();
        client.pods().inNamespace("default").withName("user").delete();
        park.awaitIdle();
        assertThat(client.persistentVolumeClaims().inNamespace("default").withName("in-use").get()).isNull();
    }

    @Test
    void aBoundVolumeStaysUntilItsClaimIsDeleted() {
        for (String name : new String[] {"pv-free", "pv-bound"}) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(name)
                    .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
                    .withAccessModes("ReadWriteOnce").withStorageClassName("").withNewHostPath().withPath("/tmp/" + name)
                    .endHostPath().endSpec().build()).create();
        }
        park.awaitIdle();
        client.persistentVolumes().withName("pv-bound").edit(v -> {
            v.getSpec().setClaimRef(new io.fabric8.kubernetes.api.model.ObjectReferenceBuilder()
                    .withNamespace("default").withName("holder").build());
            return v;
        });
        claim("holder", "");
        park.awaitIdle();
        assertThat(client.persistentVolumes().withName("pv-bound").get().getStatus().getPhase()).isEqualTo("Bound");
        client.persistentVolumes().withName("pv-free").delete();
        client.persistentVolumes().withName("pv-bound").delete();
        park.awaitIdle();
        assertThat(client.persistentVolumes().withName("pv-free").get()).isNull();
        assertThat(client.persistentVolumes().withName("pv-bound").get().getMetadata().getDeletionTimestamp())
                .isNotNull();
        client.persistentVolumeClaims().inNamespace("default").withName("holder").delete();
        park.awaitIdle();
        assertThat(client.persistentVolumes().withName("pv-bound").get()).isNull();
    }

    @Test
    void theDefaultClassesCanBeLeftOut() {
        try (KubePark bare = KubePark.builder().defaultStorageClasses(false).nodes(0).start();
                KubernetesClient c = Clients.fabric8(bare)) {
            assertThat(c.storage().v1().storageClasses().list().getItems()).isEmpty();
        }
    }
}
