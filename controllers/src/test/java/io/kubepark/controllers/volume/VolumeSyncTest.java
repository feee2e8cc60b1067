package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.NS;
import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import org.junit.jupiter.api.Test;

class VolumeSyncTest {

    @Test
    void aNewVolumeBecomesAvailable() {
        FakeStorage store = new FakeStorage().add(pv("pv1"));
        assertThat(store.syncVolume("pv1")).containsExactly(new BinderStep.SetVolumePhase("pv1", "Available", null));
        assertThat(store.volume("pv1").path("status").path("lastPhaseTransitionTime").asText())
                .isEqualTo(store.now.toString());
        assertThat(store.syncVolume("pv1")).isEmpty();
    }

    @Test
    void aVolumeReservedForAClaimThatHasNotBoundIsAvailable() {
        FakeStorage store = new FakeStorage().add(pv("pv1").reservedFor("later"));
        assertThat(store.syncVolume("pv1")).containsExactly(new BinderStep.SetVolumePhase("pv1", "Available", null));
    }

    @Test
    void aVolumeWhoseClaimIsBoundToItBecomesBound() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("data", "data-uid").phase("Available"));
        store.add(claim("data").cls("").volumeName("pv1"));
        assertThat(store.syncVolume("pv1")).containsExactly(new BinderStep.SetVolumePhase("pv1", "Bound", null));
    }

    @Test
    void aVolumeTheControllerBoundToAClaimThatWentElsewhereIsUnbound() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("data", "data-uid").phase("Bound")
                .annotation(Storage.BOUND_BY_CONTROLLER, "yes"));
        store.add(claim("data").cls("").volumeName("pv2"));
        assertThat(store.syncVolume("pv1")).containsExactly(
                new BinderStep.SetVolumeClaimRef("pv1", null, false),
                new BinderStep.SetVolumePhase("pv1", "Available", null));
        assertThat(FakeStorage.annotations(store.volume("pv1")).has(Storage.BOUND_BY_CONTROLLER)).isFalse();
    }

    @Test
    void aVolumeTheUserPreBoundKeepsItsReservationWithoutTheUid() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("data", "data-uid").phase("Bound"));
        store.add(claim("data").cls("").volumeName("pv2"));
        store.syncVolume("pv1");
        assertThat(store.volume("pv1").path("spec").path("claimRef")).isEqualTo(Json.object()
                .put("kind", "PersistentVolumeClaim").put("namespace", NS).put("name", "data"));
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Available");
    }

    @Test
    void aVolumeModeMismatchWithItsReservedClaimIsReportedOnBothSides() {
        FakeStorage store = new FakeStorage().add(pv("pv1").block().boundTo("data", "data-uid"));
        store.add(claim("data").cls(""));
        assertThat(store.syncVolume("pv1")).containsExactly(
                new BinderStep.Event("PersistentVolume", "", "pv1", "Warning", "VolumeMismatch",
                        "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"data\" due to incompatible volumeMode."),
                new BinderStep.Event("PersistentVolumeClaim", NS, "data", "Warning", "VolumeMismatch",
                        "Cannot bind PersistentVolume \"pv1\" to requested PersistentVolumeClaim due to incompatible volumeMode."));
    }

    @Test
    void aReleasedVolumeKeepsItsClaimRefUidAndNeverMatchesANewClaimOfTheSameName() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi"));
        store.add(claim("data").cls(""));
        store.settle();
        store.deleteClaim("data");
        store.settle();
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Released");
        assertThat(store.volume("pv1").path("spec").path("claimRef").path("uid").asText()).isEqualTo("data-uid");

        store.add(claim("data").cls("").uid("data-uid-2"));
        store.settle();
        assertThat(Storage.volumeName(store.claim("data"))).isEmpty();
        assertThat(Storage.phase(store.volume("pv1"))).isEqualTo("Released");
        assertThat(store.eventsOn("pv1")).isEmpty();
    }

    @Test
    void clearingTheClaimRefUidOfAReleasedVolumeReservesItForTheClaimName() {
        FakeStorage store = new FakeStorage().add(pv("pv1"));
        store.add(claim("data").cls(""));
        store.settle();
        store.deleteClaim("data");
        store.settle();
        ((ObjectNode) store.volume("pv1").path("spec").path("claimRef")).remove("uid");
        store.add(claim("data").cls("").uid("data-uid-2"));
        store.settle();
        assertThat(Storage.volumeName(store.claim("data"))).isEqualTo("pv1");
        assertThat(store.volume("pv1").path("spec").path("claimRef").path("uid").asText()).isEqualTo("data-uid-2");
    }
}
