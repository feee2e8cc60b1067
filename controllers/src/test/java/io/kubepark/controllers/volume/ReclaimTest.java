package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.PROVISIONER;
import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pod;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReclaimTest {

    private static FakeStorage releasedAfterBinding(BinderFixtures.VolumeBuilder volume) {
        FakeStorage store = new FakeStorage().add(volume);
        store.add(claim("data").cls(""));
        store.settle();
        store.deleteClaim("data");
        return store;
    }

    @Test
    void retainLeavesTheVolumeReleasedWithItsClaimRef() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Retain"));
        assertThat(store.syncVolume("pv1")).containsExactly(new BinderStep.SetVolumePhase("pv1", "Released", null));
        assertThat(store.syncVolume("pv1")).isEmpty();
        assertThat(Storage.claimRef(store.volume("pv1"))).isNotNull();
    }

    @Test
    void deleteReleasesThenDeletesTheVolume() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Delete"));
        assertThat(store.syncVolume("pv1")).containsExactly(
                new BinderStep.SetVolumePhase("pv1", "Released", null),
                new BinderStep.DeleteVolume("pv1"));
        assertThat(store.volumes).doesNotContainKey("pv1");
    }

    @Test
    void deleteIsRetriedForAFailedVolume() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Delete"));
        io.kubepark.apiserver.Json.child(store.volume("pv1"), "status").put("phase", "Failed");
        assertThat(VolumeBinder.syncVolume(store.snapshot(), "pv1")).containsExactly(new BinderStep.DeleteVolume("pv1"));
    }

    @Test
    void aProvisionedDeleteVolumeWhoseClaimBoundElsewhereIsDeleted() {
        FakeStorage store = new FakeStorage().add(pv("pvc-data-uid").policy("Delete").boundTo("data", "data-uid")
                .annotation(Storage.PROVISIONED_BY, PROVISIONER).annotation(Storage.BOUND_BY_CONTROLLER, "yes")
                .phase("Bound"));
        store.add(claim("data").cls("").volumeName("manual"));
        assertThat(store.syncVolume("pvc-data-uid")).containsExactly(
                new BinderStep.SetVolumePhase("pvc-data-uid", "Released", null),
                new BinderStep.DeleteVolume("pvc-data-uid"));
    }

    @Test
    void recycleMakesTheVolumeAvailableAgainForANewClaim() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Recycle"));
        store.syncVolume("pv1");
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Available");
        assertThat(Storage.claimRef(store.volume("pv1"))).isNull();
        assertThat(FakeStorage.annotations(store.volume("pv1")).has(Storage.BOUND_BY_CONTROLLER)).isFalse();
        assertThat(store.eventsOn("pv1")).containsExactly("Normal VolumeRecycled: Volume recycled");

        store.add(claim("next").cls(""));
        store.settle();
        assertThat(Storage.volumeName(store.claim("next"))).isEqualTo("pv1");
    }

    @Test
    void recycleWaitsWhilePodsStillUseTheDeletedClaim() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Recycle"));
        store.add(pod("app").claim("data").node("n1").phase("Running"));
        store.syncVolume("pv1");
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Released");
        assertThat(store.eventsOn("pv1")).containsExactly("Normal VolumeFailedRecycle: Volume is used by pods: ns/app");
    }

    @Test
    void anUnknownReclaimPolicyFailsTheVolumeOnce() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Shred"));
        store.syncVolume("pv1");
        store.syncVolume("pv1");
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Failed");
        assertThat(store.volume("pv1").path("status").path("message").asText())
                .isEqualTo("Volume has unrecognized PersistentVolumeReclaimPolicy");
        assertThat(store.eventsOn("pv1")).containsExactly(
                "Warning VolumeUnknownReclaimPolicy: Volume has unrecognized PersistentVolumeReclaimPolicy");
    }

    @Test
    void aMigratedVolumeIsLeftToItsCsiDriver() {
        FakeStorage store = releasedAfterBinding(pv("pv1").policy("Delete").annotation(Storage.MIGRATED_TO, "ebs.csi.aws.com"));
        assertThat(store.syncVolume("pv1")).containsExactly(new BinderStep.SetVolumePhase("pv1", "Released", null));
    }

    @Test
    void isVolumeReleasedOnlyForAGoneOrElsewhereBoundClaim() {
        FakeStorage store = new FakeStorage().add(pv("reserved").reservedFor("data"), pv("mine").boundTo("data", "data-uid"));
        store.add(claim("data").cls("").volumeName("mine"));
        assertThat(VolumeBinder.isVolumeReleased(store.snapshot(), store.volume("reserved"))).isFalse();
        assertThat(VolumeBinder.isVolumeReleased(store.snapshot(), store.volume("mine"))).isFalse();
        store.deleteClaim("data");
        assertThat(VolumeBinder.isVolumeReleased(store.snapshot(), store.volume("mine"))).isTrue();
    }
}
