package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.NS;
import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BoundClaimTest {

    private static FakeStorage boundPair() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi"));
        store.add(claim("data").cls(""));
        store.settle();
        return store;
    }

    @Test
    void aBoundClaimWhoseVolumeIsGoneIsLostWithOneEvent() {
        FakeStorage store = boundPair();
        store.volumes.remove("pv1");
        store.syncClaim("data");
        store.syncClaim("data");
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Lost");
        assertThat(store.claim("data").path("status").has("capacity")).isFalse();
        assertThat(store.claim("data").path("status").has("accessModes")).isFalse();
        assertThat(store.eventsOn("data")).containsExactly(
                "Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    }

    @Test
    void aBoundClaimThatLostItsVolumeNameIsLost() {
        FakeStorage store = boundPair();
        ((ObjectNode) store.claim("data").get("spec")).remove("volumeName");
        store.syncClaim("data");
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Lost");
        assertThat(store.eventsOn("data")).containsExactly(
                "Warning ClaimLost: Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    }

    @Test
    void aBoundClaimWhoseVolumeBelongsToAnotherClaimIsMisbound() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("other", "other-uid").phase("Bound"));
        store.add(claim("data").cls("").volumeName("pv1").phase("Bound")
                .annotation(Storage.BIND_COMPLETED, "yes").annotation(Storage.BOUND_BY_CONTROLLER, "yes"));
        assertThat(store.syncClaim("data")).containsExactly(
                new BinderStep.SetClaimStatus(NS, "data", "Lost", null, null),
                new BinderStep.Event("PersistentVolumeClaim", NS, "data", "Warning", "ClaimMisbound",
                        "Two claims are bound to the same volume, this one is bound incorrectly"));
        assertThat(store.syncClaim("data")).isEmpty();
    }
}
