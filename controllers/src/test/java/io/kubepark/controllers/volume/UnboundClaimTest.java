package io.kubepark.controllers.volume;

import static io.kubepark.controllers.volume.BinderFixtures.NS;
import static io.kubepark.controllers.volume.BinderFixtures.PROVISIONER;
import static io.kubepark.controllers.volume.BinderFixtures.T0;
import static io.kubepark.controllers.volume.BinderFixtures.claim;
import static io.kubepark.controllers.volume.BinderFixtures.pod;
import static io.kubepark.controllers.volume.BinderFixtures.pv;
import static io.kubepark.controllers.volume.BinderFixtures.storageClass;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnboundClaimTest {

    private static final String EXTERNAL_PROVISIONING = "Normal ExternalProvisioning: Waiting for a volume to be created"
            + " either by the external provisioner '" + PROVISIONER + "' or manually by the system administrator."
            + " If volume creation is delayed, please verify that the provisioner is running and correctly registered.";

    @Test
    void withoutMatchOrClassTheClaimGetsFailedBindingAndStaysPending() {
        FakeStorage store = new FakeStorage().add(claim("data").cls(""));
        assertThat(store.syncClaim("data")).containsExactly(new BinderStep.Event("PersistentVolumeClaim", NS, "data",
                "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set"));
    }

    @Test
    void aWaitForFirstConsumerClaimIsNotBoundToAnAvailableVolume() {
        FakeStorage store = new FakeStorage().add(storageClass("local").waitForFirstConsumer());
        store.add(pv("pv1").cls("local").phase("Available"));
        store.add(claim("data").cls("local"));
        assertThat(store.syncClaim("data")).containsExactly(new BinderStep.Event("PersistentVolumeClaim", NS, "data",
                "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding"));
        assertThat(Storage.claimRef(store.volume("pv1"))).isNull();
    }

    @Test
    void aWaitForFirstConsumerClaimNamesTheUnscheduledPodsWaitingForIt() {
        FakeStorage store = new FakeStorage().add(storageClass("local").waitForFirstConsumer());
        store.add(claim("data").cls("local"));
        store.add(pod("web-0").claim("data"));
        store.syncClaim("data");
        store.add(pod("web-1").claim("data"), pod("scheduled").claim("data").node("n1"),
                pod("done").claim("data").phase("Succeeded"), pod("other").claim("logs"));
        store.syncClaim("data");
        assertThat(store.eventsOn("data")).containsExactly(
                "Normal WaitForPodScheduled: waiting for pod web-0 to be scheduled",
                "Normal WaitForPodScheduled: waiting for pods web-0,web-1 to be scheduled");
    }

    @Test
    void aWaitForFirstConsumerClaimFinishesABindingTheSchedulerPreWrote() {
        FakeStorage store = new FakeStorage().add(storageClass("local").waitForFirstConsumer());
        store.add(pv("pv1").cls("local").phase("Available").boundTo("data", "data-uid")
                .annotation(Storage.BOUND_BY_CONTROLLER, "yes"));
        store.add(claim("data").cls("local"));
        store.settle();
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Bound");
        assertThat(store.events).isEmpty();
    }

    @Test
    void aWaitForFirstConsumerClaimAsksForProvisioningOnceANodeIsSelected() {
        FakeStorage store = new FakeStorage().add(storageClass("local").waitForFirstConsumer());
        store.add(claim("data").cls("local").annotation(Storage.SELECTED_NODE, "n1"));
        assertThat(store.syncClaim("data")).startsWith(new BinderStep.RequestProvisioning(NS, "data", PROVISIONER));
    }

    @Test
    void provisioningSetsBothProvisionerAnnotationsAndWaitsWithAnEvent() {
        FakeStorage store = new FakeStorage().add(storageClass("fast"));
        store.add(claim("data").cls("fast"));
        store.syncClaim("data");
        assertThat(FakeStorage.annotations(store.claim("data")).path(Storage.STORAGE_PROVISIONER).asText())
                .isEqualTo(PROVISIONER);
        assertThat(FakeStorage.annotations(store.claim("data")).path(Storage.BETA_STORAGE_PROVISIONER).asText())
                .isEqualTo(PROVISIONER);
        assertThat(store.eventsOn("data")).containsExactly(EXTERNAL_PROVISIONING);
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Pending");

        // Already asked: the next sync only repeats the event while it waits.
        List<BinderStep> again = store.syncClaim("data");
        assertThat(again).hasSize(1).first().isInstanceOf(BinderStep.Event.class);
    }

    @Test
    void aProvisionedVolumePreBoundToTheClaimUidCompletesTheBinding() {
        FakeStorage store = new FakeStorage().add(storageClass("fast"));
        store.add(claim("data").cls("fast").request("3Gi"));
        store.syncClaim("data");
        store.add(pv("pvc-data-uid").cls("fast").capacity("3Gi").policy("Delete").boundTo("data", "data-uid")
                .annotation(Storage.PROVISIONED_BY, PROVISIONER));
        store.settle();
        assertThat(Storage.volumeName(store.claim("data"))).isEqualTo("pvc-data-uid");
        assertThat(Storage.phase(store.volume("pvc-data-uid"))).isEqualTo("Bound");
    }

    @Test
    void aMissingClassFailsProvisioningOnEverySync() {
        FakeStorage store = new FakeStorage().add(claim("data").cls("gold"));
        store.syncClaim("data");
        store.syncClaim("data");
        assertThat(store.eventsOn("data")).containsExactly(
                "Warning ProvisioningFailed: storageclass.storage.k8s.io \"gold\" not found",
                "Warning ProvisioningFailed: storageclass.storage.k8s.io \"gold\" not found");
    }

    @Test
    void aClaimWithASelectorIsNotProvisionedAndStaysPending() {
        FakeStorage store = new FakeStorage().add(storageClass("fast"));
        store.add(claim("data").cls("fast").selector("tier", "gold").phase("Lost"));
        List<BinderStep> steps = store.syncClaim("data");
        assertThat(steps).noneMatch(s -> s instanceof BinderStep.RequestProvisioning);
        assertThat(store.eventsOn("data")).containsExactly("Warning ProvisioningFailed: claim Selector is not supported");
        assertThat(Storage.phase(store.claim("data"))).isEqualTo("Pending");
    }

    @Test
    void theNoProvisionerClassNeverAsksForProvisioning() {
        FakeStorage store = new FakeStorage().add(storageClass("local").provisioner("kubernetes.io/no-provisioner"));
        store.add(claim("data").cls("local"));
        assertThat(store.syncClaim("data")).noneMatch(s -> s instanceof BinderStep.RequestProvisioning);
        assertThat(store.eventsOn("data")).containsExactly(
                "Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner");
    }

    @Test
    void aClaimWithoutClassGetsTheDefaultClassRetroactivelyAndThenProvisions() {
        FakeStorage store = new FakeStorage().add(storageClass("standard").isDefault());
        store.add(claim("data"));
        assertThat(store.syncClaim("data")).containsExactly(new BinderStep.SetClaimClass(NS, "data", "standard"));
        store.syncClaim("data");
        assertThat(FakeStorage.annotations(store.claim("data")).path(Storage.STORAGE_PROVISIONER).asText())
                .isEqualTo(PROVISIONER);
    }

    @Test
    void aMatchingVolumeIsPreferredOverTheDefaultClass() {
        FakeStorage store = new FakeStorage().add(storageClass("standard").isDefault());
        store.add(pv("plain").phase("Available"));
        store.add(claim("data"));
        store.settle();
        assertThat(Storage.volumeName(store.claim("data"))).isEqualTo("plain");
        assertThat(store.claim("data").path("spec").has("storageClassName")).isFalse();
    }

    @Test
    void theNewestDefaultClassWinsWithTiesBrokenByName() {
        FakeStorage store = new FakeStorage().add(
                storageClass("old").isDefault().created(T0),
                storageClass("zeta").isDefault().created(T0.plusSeconds(10)),
                storageClass("beta-annotated").annotation("storageclass.beta.kubernetes.io/is-default-class", "true")
                        .created(T0.plusSeconds(10)),
                storageClass("newest-not-default").created(T0.plusSeconds(99)),
                storageClass("false-default").annotation("storageclass.kubernetes.io/is-default-class", "false")
                        .created(T0.plusSeconds(99)));
        store.add(claim("data"));
        assertThat(store.syncClaim("data")).containsExactly(new BinderStep.SetClaimClass(NS, "data", "beta-annotated"));
    }

    @Test
    void anExplicitEmptyClassIsNeverDefaulted() {
        FakeStorage store = new FakeStorage().add(storageClass("standard").isDefault());
        store.add(claim("data").cls(""));
        assertThat(store.syncClaim("data")).noneMatch(s -> s instanceof BinderStep.SetClaimClass);
        assertThat(store.claim("data").path("spec").path("storageClassName").asText()).isEmpty();
        assertThat(store.eventsOn("data")).containsExactly(
                "Normal FailedBinding: no persistent volumes available for this claim and no storage class is set");
    }

    @Test
    void aBetaClassAnnotationCountsAsAClassAndIsNotDefaulted() {
        FakeStorage store = new FakeStorage().add(storageClass("standard").isDefault(), storageClass("gold"));
        store.add(claim("data").annotation("volume.beta.kubernetes.io/storage-class", "gold"));
        assertThat(store.syncClaim("data")).startsWith(new BinderStep.RequestProvisioning(NS, "data", PROVISIONER));
    }
}
