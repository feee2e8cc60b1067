package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubepark.kubelet.NodeShape;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduling gates, priority and preemption, and failure messages, end to end on a virtual clock (D4–D9). */
class SchedulingTest {
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

    private static PodBuilder pod(String name, String cpu) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("nginx").withNewResources().addToRequests("cpu", new Quantity(cpu))
                .endResources().endContainer().endSpec();
    }

    private Pod create(PodBuilder builder) {
        return client.pods().inNamespace("default").resource(builder.build()).create();
    }

    private Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static PodCondition scheduled(Pod pod) {
        return pod.getStatus().getConditions().stream().filter(c -> c.getType().equals("PodScheduled")).findFirst()
                .orElseThrow();
    }

    @Test
    void aGatedPodWaitsUntilItsLastGateIsRemoved() {
        start(KubePark.builder());
        create(pod("gated", "100m").editSpec().addNewSchedulingGate("example.com/quota").endSpec());
        park.awaitIdle();
        Pod gated = get("gated");
        assertThat(gated.getSpec().getNodeName()).isNull();
        assertThat(scheduled(gated).getReason() + ": " + scheduled(gated).getMessage())
                .isEqualTo("SchedulingGated: Scheduling is blocked due to non-empty scheduling gates");
        KubernetesClientException added = catchThrowableOfType(KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("gated").edit(p -> {
                    p.getSpec().getSchedulingGates().add(new PodSchedulingGate("x"));
                    return p;
                }));
        assertThat(added.getCode()).isEqualTo(422);
        assertThat(added.getMessage()).contains("spec.schedulingGates: Forbidden: only deletion is allowed, "
                + "but found new scheduling gate 'x'");
        client.pods().inNamespace("default").withName("gated").edit(p -> {
            p.getSpec().getSchedulingGates().clear();
            return p;
        });
        park.awaitIdle();
        assertThat(get("gated").getSpec().getNodeName()).isNotNull();
        assertThat(get("gated").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void anUnknownPriorityClassIsForbiddenAndAKnownOneSetsThePriority() {
        start(KubePark.builder());
        KubernetesClientException unknown = catchThrowableOfType(KubernetesClientException.class,
                () -> create(pod("nope", "100m").editSpec().withPriorityClassName("gold").endSpec()));
        assertThat(unknown.getCode()).isEqualTo(403);
        assertThat(unknown.getStatus().getMessage())
                .isEqualTo("pods \"nope\" is forbidden: no PriorityClass with name gold was found");
        Pod critical = create(pod("critical", "100m").editSpec().withPriorityClassName("system-cluster-critical")
                .endSpec());
        assertThat(critical.getSpec().getPriority()).isEqualTo(2_000_000_000);
    }

    @Test
    void aHigherPriorityPodPreemptsALowerOne() {
        start(KubePark.builder().nodes(1).nodeShape(new NodeShape("1", "4Gi", 110)));
        client.scheduling().v1().priorityClasses().resource(new PriorityClassBuilder().withNewMetadata()
                .withName("high").endMetadata().withValue(1000).build()).create();
        // the victim takes 10 s to stop, so its marking is seen before it goes
        create(pod("low", "800m").editMetadata().addToAnnotations("kubepark.io/stop-delay", "10s").endMetadata());
        park.awaitIdle();
        assertThat(get("low").getStatus().getPhase()).isEqualTo("Running");
        create(pod("high", "800m").editSpec().withPriorityClassName("high").endSpec());
        park.awaitIdle();
        Pod low = get("low");
        assertThat(low.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(low.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType() + " " + c.getReason())
                .isEqualTo("DisruptionTarget PreemptionByScheduler"));
        assertThat(get("high").getStatus().getNominatedNodeName()).isEqualTo("node-1");
        park.advance(Duration.ofSeconds(15));
        assertThat(get("low")).isNull();
        Pod high = get("high");
        assertThat(high.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(high.getStatus().getPhase()).isEqualTo("Running");
        assertThat(client.v1().events().inNamespace("default").withField("reason", "Preempted").list().getItems())
                .singleElement().satisfies(e -> assertThat(e.getMessage())
                        .startsWith("Preempted by pod " + high.getMetadata().getUid() + " on node node-1"));
    }

    @Test
    void preemptionSparesThePodsADisruptionBudgetProtects() {
        start(KubePark.builder().nodes(2).nodeShape(new NodeShape("1", "4Gi", 110)));
        for (String[] c : new String[][] {{"mid", "50"}, {"high", "1000"}}) {
            client.scheduling().v1().priorityClasses().resource(new PriorityClassBuilder().withNewMetadata()
                    .withName(c[0]).endMetadata().withValue(Integer.parseInt(c[1])).build()).create();
        }
        create(pod("db-0", "800m").editMetadata().addToLabels("app", "db").endMetadata().editSpec()
                .withNodeName("node-1").endSpec());
        create(pod("batch", "800m").editMetadata().addToLabels("app", "batch").endMetadata().editSpec()
                .withNodeName("node-2").withPriorityClassName("mid").endSpec());
        client.policy().v1().podDisruptionBudget().inNamespace("default").resource(
                new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder().withNewMetadata()
                        .withName("db").endMetadata().withNewSpec().withMinAvailable(new io.fabric8.kubernetes.api
                                .model.IntOrString(1)).withNewSelector().addToMatchLabels("app", "db").endSelector()
                        .endSpec().build()).create();
        park.awaitIdle();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("default").withName("db").get()
                .getStatus().getDisruptionsAllowed()).isZero();

        // db-0 has the lower priority, but its budget allows no disruption, so batch goes
        create(pod("urgent", "800m").editSpec().withPriorityClassName("high").endSpec());
        park.awaitIdle();
        assertThat(get("urgent").getStatus().getNominatedNodeName()).isEqualTo("node-2");
        assertThat(get("db-0").getMetadata().getDeletionTimestamp()).isNull();
        park.advance(Duration.ofSeconds(35));
        assertThat(get("batch")).isNull();
        assertThat(get("urgent").getSpec().getNodeName()).isEqualTo("node-2");
    }

    @Test
    void aPodRejectedForSeveralReasonsGetsTheWholeMessage() {
        start(KubePark.builder());
        client.nodes().withName("node-1").edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        park.awaitIdle();
        create(pod("big", "8"));
        park.awaitIdle();
        assertThat(scheduled(get("big")).getMessage()).isEqualTo("0/3 nodes are available: 1 node(s) were "
                + "unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not "
                + "helpful for scheduling, 2 No preemption victims found for incoming pod..");
    }

    @Test
    void initContainersRunInOrderBeforeTheAppAndSidecarsKeepRunning() {
        start(KubePark.builder());
        create(new PodBuilder().withNewMetadata().withName("staged")
                .addToAnnotations("kubepark.io/exit-after.setup", "5s").endMetadata().withNewSpec()
                .addNewInitContainer().withName("setup").withImage("busybox").endInitContainer()
                .addNewInitContainer().withName("proxy").withImage("envoy").withRestartPolicy("Always")
                .endInitContainer()
                .addNewContainer().withName("app").withImage("nginx").endContainer().endSpec());
        park.awaitIdle();
        Pod staged = get("staged");
        assertThat(staged.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(staged.getStatus().getInitContainerStatuses().get(0).getState().getRunning()).isNotNull();
        assertThat(staged.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        park.advance(Duration.ofSeconds(5));
        staged = get("staged");
        assertThat(staged.getStatus().getPhase()).isEqualTo("Running");
        assertThat(staged.getStatus().getInitContainerStatuses().get(0).getState().getTerminated().getReason())
                .isEqualTo("Completed");
        assertThat(staged.getStatus().getInitContainerStatuses().get(1).getState().getRunning()).isNotNull();
        assertThat(staged.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus())
                .isEqualTo("Ready=True"));
    }

    /** A claim of a WaitForFirstConsumer class that no provisioner serves. */
    private void waitingClaim(String name) {
        if (client.storage().v1().storageClasses().withName("later").get() == null) {
            client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
                    .withName("later").endMetadata().withProvisioner("example.com/disk")
                    .withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        }
        client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withStorageClassName("later")
                .withAccessModes("ReadWriteOnce").withNewResources().addToRequests("storage", new Quantity("1Gi"))
                .endResources().endSpec().build()).create();
    }

    @Test
    void aWaitForFirstConsumerClaimLearnsTheNodeAndThePodWaitsUntilItIsBound() {
        start(KubePark.builder());
        waitingClaim("data");
        create(pod("user", "100m").editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("data").endPersistentVolumeClaim().endVolume().endSpec());
        park.awaitIdle();
        String selected = client.persistentVolumeClaims().inNamespace("default").withName("data").get()
                .getMetadata().getAnnotations().get("volume.kubernetes.io/selected-node");
        assertThat(selected).isIn("node-1", "node-2", "node-3");
        assertThat(get("user").getSpec().getNodeName()).isNull();
        // a provisioner binds the claim; the pod follows to the selected node
        client.persistentVolumeClaims().inNamespace("default").withName("data").editStatus(c -> {
            c.getStatus().setPhase("Bound");
            return c;
        });
        park.awaitIdle();
        assertThat(get("user").getSpec().getNodeName()).isEqualTo(selected);
    }

    @Test
    void aPodWhoseClaimIsNeverBoundFailsAfterTheBindTimeout() {
        start(KubePark.builder());
        waitingClaim("never");
        create(pod("stuck", "100m").editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim()
                .withClaimName("never").endPersistentVolumeClaim().endVolume().endSpec());
        park.advance(Duration.ofSeconds(599));
        assertThat(get("stuck").getStatus().getConditions()).noneSatisfy(c -> assertThat(c.getReason())
                .isEqualTo("SchedulerError"));
        park.advance(Duration.ofSeconds(1));
        assertThat(scheduled(get("stuck")).getReason() + ": " + scheduled(get("stuck")).getMessage()).isEqualTo(
                "SchedulerError: running PreBind plugin \"VolumeBinding\": binding volumes: context deadline exceeded");
    }
}
