package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.NS;
import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubepark.apiserver.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingTest {

    @Test
    void bindingIsFourWritesInKubernetesOrder() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi").phase("Available"));
        store.add(claim("data").cls(""));
        List<BinderStep> steps = VolumeBinder.syncClaim(store.snapshot(), NS, "data");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).isInstanceOf(BinderStep.SetVolumeClaimRef.class);
        assertThat(steps.get(1)).isEqualTo(new BinderStep.SetVolumePhase("pv1", "Bound", null));
        assertThat(steps.get(2)).isEqualTo(new BinderStep.SetClaimVolumeName(NS, "data", "pv1", true));
        assertThat(steps.get(3)).isInstanceOf(BinderStep.SetClaimStatus.class);
    }

    @Test
    void controllerBindingLeavesTheExactAnnotationsPhasesAndStatus() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi").modes("ReadWriteOnce", "ReadOnlyMany"));
        store.add(claim("data").cls("").request("2Gi"));
        store.settle();

        JsonNode volume = store.volume("pv1");
        assertThat(volume.path("spec").path("claimRef")).isEqualTo(Json.object()
                .put("kind", "PersistentVolumeClaim").put("namespace", NS).put("name", "data")
                .put("uid", "data-uid").put("apiVersion", "v1").put("resourceVersion", "1"));
        assertThat(FakeStorage.annotations(volume)).isEqualTo(Json.object()
                .put("pv.kubernetes.io/bound-by-controller", "yes"));
        assertThat(volume.path("status").path("phase").asText()).isEqualTo("Bound");
        assertThat(volume.path("status").path("lastPhaseTransitionTime").asText()).isEqualTo(store.now.toString());

        JsonNode pvc = store.claim("data");
        assertThat(pvc.path("spec").path("volumeName").asText()).isEqualTo("pv1");
        assertThat(FakeStorage.annotations(pvc)).isEqualTo(Json.object()
                .put("pv.kubernetes.io/bound-by-controller", "yes")
                .put("pv.kubernetes.io/bind-completed", "yes"));
        assertThat(pvc.path("status").path("phase").asText()).isEqualTo("Bound");
        assertThat(Json.strings(pvc.path("status").path("accessModes"))).containsExactly("ReadWriteOnce", "ReadOnlyMany");
        assertThat(pvc.path("status").path("capacity").path("storage").asText()).isEqualTo("5Gi");
        assertThat(store.events).isEmpty();
    }

    @Test
    void aVolumePreBoundByTheUserKeepsItsMissingAnnotation() {
        FakeStorage store = new FakeStorage().add(pv("pv1").reservedFor("data"));
        store.add(claim("data").cls(""));
        store.settle();
        assertThat(FakeStorage.annotations(store.volume("pv1")).has(Storage.BOUND_BY_CONTROLLER)).isFalse();
        assertThat(store.volume("pv1").path("spec").path("claimRef").path("uid").asText()).isEqualTo("data-uid");
        assertThat(FakeStorage.annotations(store.claim("data"))).isEqualTo(Json.object()
                .put("pv.kubernetes.io/bound-by-controller", "yes")
                .put("pv.kubernetes.io/bind-completed", "yes"));
    }

    @Test
    void aClaimPreBoundByTheUserGetsOnlyBindCompletedAndTheVolumeGetsBoundByController() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi").label("tier", "x"), pv("smaller").capacity("1Gi"));
        store.add(claim("data").cls("").selector("tier", "not-checked").volumeName("pv1"));
        store.settle();
        assertThat(FakeStorage.annotations(store.claim("data"))).isEqualTo(Json.object()
                .put("pv.kubernetes.io/bind-completed", "yes"));
        assertThat(FakeStorage.annotations(store.volume("pv1"))).isEqualTo(Json.object()
                .put("pv.kubernetes.io/bound-by-controller", "yes"));
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Bound");
        assertThat(Storage.phase(store.volume("smaller"))).isEqualTo("Available");
    }

    @Test
    void aPreBoundClaimWaitsPendingForAVolumeThatDoesNotExistYet() {
        FakeStorage store = new FakeStorage().add(claim("data").cls("").volumeName("later").phase("Lost"));
        assertThat(store.syncClaim("data")).containsExactly(new BinderStep.SetClaimStatus(NS, "data", "Pending", null, null));
        store.add(pv("later"));
        store.settle();
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Bound");
    }

    @Test
    void aMismatchedPreBoundClaimGetsVolumeMismatchAndStaysPending() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("1Gi"));
        store.add(claim("data").cls("").request("2Gi").volumeName("pv1"));
        store.settle();
        assertThat(store.eventsOn("data")).contains(
                "Warning VolumeMismatch: Cannot bind to requested volume \"pv1\": requested PV is too small");
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Pending");
        assertThat(Storage.claimRef(store.volume("pv1"))).isNull();
    }

    @Test
    void preBoundClaimMismatchReasonsFollowKubernetesOrder() {
        FakeStorage store = new FakeStorage().add(pv("cls").cls("gold"), pv("mode").block(), pv("access").modes("ReadOnlyMany"));
        store.add(claim("a").cls("").volumeName("cls"), claim("b").cls("").volumeName("mode"), claim("c").cls("").volumeName("access"));
        store.syncClaim("a");
        store.syncClaim("b");
        store.syncClaim("c");
        assertThat(store.eventsOn("a")).containsExactly(
                "Warning VolumeMismatch: Cannot bind to requested volume \"cls\": storageClassName does not match");
        assertThat(store.eventsOn("b")).containsExactly(
                "Warning VolumeMismatch: Cannot bind to requested volume \"mode\": incompatible volumeMode");
        assertThat(store.eventsOn("c")).containsExactly(
                "Warning VolumeMismatch: Cannot bind to requested volume \"access\": incompatible accessMode");
    }

    @Test
    void aPreBoundClaimNamingAVolumeOfAnotherClaimGetsFailedBinding() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("owner", "owner-uid").phase("Bound"));
        store.add(claim("data").cls("").volumeName("pv1").phase("Bound"));
        assertThat(store.syncClaim("data")).containsExactly(
                new BinderStep.Event("PersistentVolumeClaim", NS, "data", "Warning", "FailedBinding",
                        "volume \"pv1\" already bound to a different claim."),
                new BinderStep.SetClaimStatus(NS, "data", "Pending", null, null));
    }

    @Test
    void rerunningBindOnABoundPairWritesNothing() {
        FakeStorage store = new FakeStorage().add(pv("pv1"));
        store.add(claim("data").cls(""));
        store.settle();
        assertThat(VolumeBinder.syncClaim(store.snapshot(), NS, "data")).isEmpty();
        assertThat(VolumeBinder.syncVolume(store.snapshot(), "pv1")).isEmpty();
    }

    @Test
    void anInterruptedBindingResumesWhereItStopped() {
        FakeStorage store = new FakeStorage().add(pv("pv1").phase("Available"));
        store.add(claim("data").cls(""));
        List<BinderStep> steps = VolumeBinder.syncClaim(store.snapshot(), NS, "data");
        store.apply(steps.subList(0, 2));
        List<BinderStep> rest = VolumeBinder.syncClaim(store.snapshot(), NS, "data");
        assertThat(rest).isEqualTo(steps.subList(2, 4));
    }

    @Test
    void aVolumeBoundToTheClaimButNotYetBoundPhaseFinishesFromTheVolumeSideToo() {
        FakeStorage store = new FakeStorage().add(pv("pv1").boundTo("data", "data-uid").annotation(Storage.BOUND_BY_CONTROLLER, "yes"));
        store.add(claim("data").cls(""));
        // The claim is not bound yet: the volume sync leaves it to the claim's sync.
        assertThat(store.syncVolume("pv1")).isEmpty();
        assertThat(store.syncClaim("data")).containsExactly(
                new BinderStep.SetVolumePhase("pv1", "Bound", null),
                new BinderStep.SetClaimVolumeName(NS, "data", "pv1", true),
                new BinderStep.SetClaimStatus(NS, "data", "Bound", Json.array(List.of("ReadWriteOnce")),
                        Json.object().put("storage", "1Gi")));
    }

    @Test
    void capacityIsCopiedOnlyWhenTheClaimBecomesBound() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("5Gi"));
        store.add(claim("data").cls(""));
        store.settle();
        // An expansion grows the volume; the claim's status capacity is the resizer's business, not the binder's.
        Json.child(Json.child(store.volume("pv1"), "spec"), "capacity").put("storage", "10Gi");
        assertThat(VolumeBinder.syncClaim(store.snapshot(), NS, "data")).isEmpty();
    }

    @Test
    void aPreResizeCapacityAnnotationTakesPrecedenceOverTheVolumeCapacity() {
        FakeStorage store = new FakeStorage().add(pv("pv1").capacity("10Gi").annotation(Storage.PRE_RESIZE_CAPACITY, "5Gi"));
        store.add(claim("data").cls(""));
        store.settle();
        assertThat(store.claim("data").path("status").path("capacity").path("storage").asText()).isEqualTo("5Gi");
    }

    @Test
    void aBoundClaimWhoseVolumeLostItsClaimRefIsBoundAgain() {
        FakeStorage store = new FakeStorage().add(pv("pv1"));
        store.add(claim("data").cls(""));
        store.settle();
        ((com.fasterxml.jackson.databind.node.ObjectNode) store.volume("pv1").get("spec")).remove("claimRef");
        List<BinderStep> steps = store.syncClaim("data");
        assertThat(steps).hasSize(1).first().isInstanceOf(BinderStep.SetVolumeClaimRef.class);
        store.settle();
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Bound");
    }
}
