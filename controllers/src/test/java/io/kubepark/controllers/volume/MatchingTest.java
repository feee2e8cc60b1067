package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatchingTest {

    private static String boundVolume(FakeStorage store, String claim) {
        store.settle();
        return Storage.volumeName(store.claim(claim));
    }

    @Test
    void theSmallestVolumeThatFitsWins() {
        FakeStorage store = new FakeStorage().add(
                pv("big").capacity("10Gi"), pv("fits").capacity("5Gi"), pv("small").capacity("1Gi"),
                pv("exact-but-bigger").capacity("6Gi"));
        store.add(claim("data").request("2Gi"));
        assertThat(boundVolume(store, "data")).isEqualTo("fits");
    }

    @Test
    void aVolumeOfExactlyTheRequestedSizeFits() {
        FakeStorage store = new FakeStorage().add(pv("a").capacity("2Gi"), pv("b").capacity("2048Mi"));
        store.add(claim("data").request("2Gi"));
        assertThat(boundVolume(store, "data")).isEqualTo("a");
    }

    @Test
    void theFewestModesGroupWinsEvenOverASmallerVolumeInALargerGroup() {
        FakeStorage store = new FakeStorage().add(
                pv("rwo-rwx-small").capacity("1Gi").modes("ReadWriteOnce", "ReadWriteMany"),
                pv("rwo-large").capacity("50Gi").modes("ReadWriteOnce"));
        store.add(claim("data").modes("ReadWriteOnce"));
        assertThat(boundVolume(store, "data")).isEqualTo("rwo-large");
    }

    @Test
    void aLargerGroupIsSearchedWhenTheSmallerOneHasNoFit() {
        FakeStorage store = new FakeStorage().add(
                pv("rwo-tiny").capacity("100Mi").modes("ReadWriteOnce"),
                pv("rwo-rox").capacity("3Gi").modes("ReadOnlyMany", "ReadWriteOnce"));
        store.add(claim("data").modes("ReadWriteOnce"));
        assertThat(boundVolume(store, "data")).isEqualTo("rwo-rox");
    }

    @Test
    void aVolumeLackingARequestedModeNeverMatches() {
        FakeStorage store = new FakeStorage().add(pv("rwo").capacity("5Gi").modes("ReadWriteOnce"));
        store.add(claim("data").modes("ReadWriteOnce", "ReadWriteMany"));
        assertThat(boundVolume(store, "data")).isEmpty();
    }

    @Test
    void theSelectorMustMatchTheVolumeLabels() {
        FakeStorage store = new FakeStorage().add(
                pv("slow").capacity("1Gi").label("tier", "slow"),
                pv("fast").capacity("5Gi").label("tier", "fast"));
        store.add(claim("data").cls("").selector("tier", "fast"));
        assertThat(boundVolume(store, "data")).isEqualTo("fast");
    }

    @Test
    void theClassMustBeEqualAndEmptyMatchesOnlyVolumesWithoutClass() {
        FakeStorage store = new FakeStorage().add(
                pv("gold").capacity("1Gi").cls("gold"), pv("none").capacity("5Gi"), pv("silver").capacity("2Gi").cls("silver"));
        store.add(claim("classless").cls(""), claim("silvery").cls("silver"));
        store.settle();
        assertThat(Storage.volumeName(store.claim("classless"))).isEqualTo("none");
        assertThat(Storage.volumeName(store.claim("silvery"))).isEqualTo("silver");
    }

    @Test
    void theBetaClassAnnotationTakesPrecedenceOverTheField() {
        FakeStorage store = new FakeStorage().add(pv("gold").cls("gold"), pv("plain"));
        store.add(claim("data").cls("").annotation("volume.beta.kubernetes.io/storage-class", "gold"));
        assertThat(boundVolume(store, "data")).isEqualTo("gold");
    }

    @Test
    void theVolumeModeMustBeEqual() {
        FakeStorage store = new FakeStorage().add(pv("fs").capacity("1Gi"), pv("raw").capacity("5Gi").block());
        store.add(claim("raw-claim").cls("").block(), claim("fs-claim").cls("").request("2Gi"));
        store.settle();
        assertThat(Storage.volumeName(store.claim("raw-claim"))).isEqualTo("raw");
        assertThat(Storage.volumeName(store.claim("fs-claim"))).isEmpty();
    }

    @Test
    void aVolumeBeingDeletedNeverMatches() {
        FakeStorage store = new FakeStorage().add(pv("going").phase("Available").deleting());
        store.add(claim("data").cls(""));
        assertThat(VolumeBinder.syncClaim(store.snapshot(), BinderFixtures.NS, "data"))
                .noneMatch(s -> s instanceof BinderStep.SetVolumeClaimRef);
    }

    @Test
    void onlyAvailableVolumesMatchUnlessPreBound() {
        FakeStorage store = new FakeStorage().add(pv("pending"));
        store.add(claim("data").cls(""));
        assertThat(VolumeBinder.syncClaim(store.snapshot(), BinderFixtures.NS, "data"))
                .noneMatch(s -> s instanceof BinderStep.SetVolumeClaimRef);
        store.syncVolume("pending");
        assertThat(VolumeBinder.syncClaim(store.snapshot(), BinderFixtures.NS, "data"))
                .first().isInstanceOf(BinderStep.SetVolumeClaimRef.class);
    }

    @Test
    void aVolumePreBoundToTheClaimIsReturnedAtOnceWithoutClassOrSelectorChecks() {
        FakeStorage store = new FakeStorage().add(
                pv("smallest").capacity("1Gi"),
                pv("reserved").capacity("9Gi").cls("other").label("tier", "x").reservedFor("data"));
        store.add(claim("data").cls("").selector("tier", "y"));
        assertThat(boundVolume(store, "data")).isEqualTo("reserved");
    }

    @Test
    void aPreBoundVolumeTooSmallForTheClaimIsSkipped() {
        FakeStorage store = new FakeStorage().add(pv("reserved").capacity("1Gi").reservedFor("data"), pv("other").capacity("5Gi"));
        store.add(claim("data").cls("").request("2Gi"));
        assertThat(boundVolume(store, "data")).isEqualTo("other");
    }

    @Test
    void aVolumeReservedForAnotherClaimIsNeverTaken() {
        FakeStorage store = new FakeStorage().add(pv("reserved").capacity("1Gi").reservedFor("someone-else"));
        store.add(claim("data").cls(""));
        assertThat(boundVolume(store, "data")).isEmpty();
        assertThat(store.volume("reserved").path("spec").path("claimRef").path("name").asText()).isEqualTo("someone-else");
    }
}
