package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ReplicaSets and ReplicationControllers end to end on a virtual clock, through fabric8 over HTTP. Each test names
 * the rules of docs/workloads/replicaset.md it checks.
 */
class ReplicaSetTest extends WithCluster {
    static final String NS = "default";
    static final Map<String, String> LABELS = Map.of("app", "cache");


    static ReplicaSetBuilder replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().withMatchLabels(LABELS).endSelector().withNewTemplate()
                .withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec().addNewContainer().withName("redis")
                .withImage("redis:7").endContainer().endSpec().endTemplate().endSpec();
    }

    ReplicaSet create(ReplicaSetBuilder builder) {
        return client.apps().replicaSets().inNamespace(NS).resource(builder.build()).create();
    }

    ReplicaSet get(String name) {
        return client.apps().replicaSets().inNamespace(NS).withName(name).get();
    }

    List<Pod> livePods() {
        return client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    List<String> events(String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getReason().equals(reason)).map(e -> e.getMessage()).toList();
    }

    void scale(String name, int replicas) {
        client.apps().replicaSets().inNamespace(NS).withName(name).scale(replicas);
    }

    @Test
    void aReplicaSetCreatesItsPodsAndCountsThem() {
        // R4, R5, R8
        ReplicaSet rs = create(replicaSet("cache", 3).editSpec().editTemplate().editMetadata()
                .addToAnnotations("team", "parks").endMetadata().endTemplate().endSpec());
        park.awaitIdle();
        List<Pod> pods = livePods();
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).matches("cache-[a-z0-9]{5}");
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("cache-");
            assertThat(p.getMetadata().getAnnotations()).containsEntry("team", "parks");
            assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind()).isEqualTo("ReplicaSet");
                assertThat(r.getUid()).isEqualTo(rs.getMetadata().getUid());
                assertThat(r.getController()).isTrue();
                assertThat(r.getBlockOwnerDeletion()).isTrue();
            });
        });
        ReplicaSet stored = get("cache");
        assertThat(stored.getStatus().getReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(events("SuccessfulCreate")).containsExactlyInAnyOrderElementsOf(
                pods.stream().map(p -> "Created pod: " + p.getMetadata().getName()).toList());
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> e.getReason().equals("SuccessfulCreate"))
                .allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("replicaset-controller"));
    }

    @Test
    void scaleDownDeletesTheCheapestPodsFirst() {
        // R6, R7 (pod-deletion-cost)
        create(replicaSet("cache", 3));
        park.awaitIdle();
        List<Pod> pods = livePods();
        String cheap = pods.get(0).getMetadata().getName();
        String dear = pods.get(1).getMetadata().getName();
        cost(cheap, "-100");
        cost(dear, "100");
        scale("cache", 2);
        park.awaitIdle();
        assertThat(livePods()).extracting(p -> p.getMetadata().getName()).doesNotContain(cheap).contains(dear);
        assertThat(events("SuccessfulDelete")).containsExactly("Deleted pod: " + cheap);
        scale("cache", 1);
        park.awaitIdle();
        assertThat(livePods()).extracting(p -> p.getMetadata().getName()).containsExactly(dear);
    }

    private void cost(String pod, String value) {
        client.pods().inNamespace(NS).withName(pod).edit(p -> {
            p.getMetadata().getAnnotations().put("controller.kubernetes.io/pod-deletion-cost", value);
            return p;
        });
    }

    @Test
    void orphansAreAdoptedAndPodsThatStopMatchingAreReleased() {
        // R3
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("stray").withLabels(LABELS)
                .endMetadata().withNewSpec().addNewContainer().withName("redis").withImage("redis:7").endContainer()
                .endSpec().build()).create();
        park.awaitIdle();
        ReplicaSet rs = create(replicaSet("cache", 2));
        park.awaitIdle();
        assertThat(livePods()).hasSize(2);
        Pod stray = client.pods().inNamespace(NS).withName("stray").get();
        assertThat(stray.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(rs.getMetadata().getUid()));
        client.pods().inNamespace(NS).withName("stray").edit(p -> {
            p.getMetadata().setLabels(Map.of("app", "elsewhere"));
            return p;
        });
        park.awaitIdle();
        assertThat(client.pods().inNamespace(NS).withName("stray").get().getMetadata().getOwnerReferences())
                .isNullOrEmpty();
        assertThat(livePods()).hasSize(3).filteredOn(p -> !p.getMetadata().getName().equals("stray"))
                .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("app", "cache"));
    }

    @Test
    void aDeletedPodIsReplacedWithoutWaitingForItToGo() {
        // R2, R12: the old pod takes 30 s to stop
        create(replicaSet("cache", 1).editSpec().editTemplate().editMetadata()
                .addToAnnotations("kubepark.io/stop-delay", "30s").endMetadata().endTemplate().endSpec());
        park.awaitIdle();
        String first = livePods().get(0).getMetadata().getName();
        client.pods().inNamespace(NS).withName(first).delete();
        park.awaitIdle();
        assertThat(client.pods().inNamespace(NS).withName(first).get().getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(livePods()).singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).isNotEqualTo(first));
        assertThat(get("cache").getStatus().getReplicas()).isEqualTo(1);
    }

    @Test
    void minReadySecondsKeepsReadyPodsUnavailableUntilItPasses() {
        // R8, R9
        create(replicaSet("cache", 2).editSpec().withMinReadySeconds(5).endSpec());
        park.awaitIdle();
        assertThat(get("cache").getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(get("cache").getStatus().getAvailableReplicas()).isNull();
        park.advance(Duration.ofSeconds(6));
        assertThat(get("cache").getStatus().getAvailableReplicas()).isEqualTo(2);
    }

    @Test
    void orphaningDeleteLeavesThePodsForTheNextSetToAdopt() {
        // R3, R16
        create(replicaSet("cache", 2));
        park.awaitIdle();
        List<String> names = livePods().stream().map(p -> p.getMetadata().getName()).toList();
        client.apps().replicaSets().inNamespace(NS).withName("cache").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        park.awaitIdle();
        assertThat(livePods()).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty());
        ReplicaSet next = create(replicaSet("cache-2", 2));
        park.awaitIdle();
        assertThat(livePods()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(livePods()).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().get(0).getUid())
                .isEqualTo(next.getMetadata().getUid()));
    }

    @Test
    void replicationControllersAreKeptTheSameWay() {
        // R1, R5, R8
        ReplicationController rc = client.replicationControllers().inNamespace(NS).resource(
                new ReplicationControllerBuilder().withNewMetadata().withName("legacy").endMetadata().withNewSpec()
                        .withReplicas(2).withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy"))
                        .endMetadata().withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27")
                        .endContainer().endSpec().endTemplate().endSpec().build()).create();
        assertThat(rc.getSpec().getSelector()).containsEntry("app", "legacy");
        park.awaitIdle();
        assertThat(livePods()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).startsWith("legacy-");
            assertThat(p.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicationController");
            assertThat(p.getMetadata().getOwnerReferences().get(0).getApiVersion()).isEqualTo("v1");
        });
        ReplicationController stored = client.replicationControllers().inNamespace(NS).withName("legacy").get();
        assertThat(stored.getStatus().getReplicas()).isEqualTo(2);
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> e.getReason().equals("SuccessfulCreate"))
                .allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("replication-controller"));
        client.replicationControllers().inNamespace(NS).withName("legacy").scale(0);
        park.awaitIdle();
        assertThat(livePods()).isEmpty();
    }

    @Test
    void badSetsAreRefusedWithTheRealMessages() {
        // R15
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class, () -> create(
                replicaSet("mismatch", 1).editSpec().editSelector().withMatchLabels(Map.of("app", "db")).endSelector()
                        .endSpec()));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getMessage()).isEqualTo("ReplicaSet.apps \"mismatch\" is invalid: "
                + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"cache\"}: "
                + "`selector` does not match template `labels`");
        e = catchThrowableOfType(KubernetesClientException.class, () -> client.replicationControllers().inNamespace(NS)
                .resource(new ReplicationControllerBuilder().withNewMetadata().withName("never").endMetadata()
                        .withNewSpec().withReplicas(1).withNewTemplate().withNewMetadata().withLabels(LABELS)
                        .endMetadata().withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c")
                        .withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create());
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getMessage()).isEqualTo("ReplicationController \"never\" is invalid: "
                + "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assertThat(livePods()).isEmpty();
    }
}
