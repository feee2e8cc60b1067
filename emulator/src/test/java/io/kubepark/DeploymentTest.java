package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments end to end on a virtual clock, through fabric8 over HTTP. Each test names the rules of
 * docs/workloads/deployment.md (D…) and docs/workloads/replicaset.md (R…) it checks.
 */
class DeploymentTest {
    static final String NS = "default";
    static final Map<String, String> LABELS = Map.of("app", "web");

    private KubePark park;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        park = KubePark.builder().virtualClock().start();
        client = Clients.fabric8(park);
    }

    @AfterEach
    void stop() {
        client.close();
        park.close();
    }

    static DeploymentBuilder deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().withMatchLabels(LABELS).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(LABELS).endMetadata().withNewSpec().addNewContainer()
                .withName("nginx").withImage("nginx:1.27").endContainer().endSpec().endTemplate().endSpec();
    }

    Deployment create(DeploymentBuilder builder) {
        return client.apps().deployments().inNamespace(NS).resource(builder.build()).create();
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    /** The ReplicaSets, oldest revision first. */
    List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .sorted(Comparator.comparingLong(rs -> Long.parseLong(rs.getMetadata().getAnnotations()
                        .getOrDefault("deployment.kubernetes.io/revision", "0")))).toList();
    }

    ReplicaSet replicaSet(String name) {
        return client.apps().replicaSets().inNamespace(NS).withName(name).get();
    }

    /** Pods of the namespace that are not being deleted. */
    List<Pod> livePods() {
        return client.pods().inNamespace(NS).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElse(null);
    }

    void image(String name, String image, Map<String, String> templateAnnotations) {
        client.apps().deployments().inNamespace(NS).withName(name).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            d.getSpec().getTemplate().getMetadata().setAnnotations(templateAnnotations);
            return d;
        });
    }

    List<String> events(String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getReason().equals(reason)).map(e -> e.getMessage()).toList();
    }

    @Test
    void aNewDeploymentGetsOneReplicaSetPerTemplateWithItsHashAndRevision() {
        // D4, D5, D7, D8, D16, D17, D18, R5, R8
        create(deployment("web", 3));
        park.awaitIdle();
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web")
                .containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("Deployment");
            assertThat(r.getController()).isTrue();
            assertThat(r.getBlockOwnerDeletion()).isTrue();
        });
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        List<Pod> pods = livePods();
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).startsWith("web-" + hash + "-");
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            assertThat(p.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(rs.getMetadata().getName());
            assertThat(ready(p)).isTrue();
        });
        Deployment d = get("web");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(d.getStatus().getReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getUnavailableReplicas()).isNull();
        assertThat(d.getStatus().getConditions()).extracting(DeploymentCondition::getType)
                .containsExactly("Available", "Progressing");
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition(d, "Available").getMessage()).isEqualTo("Deployment has minimum availability.");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(condition(d, "Progressing").getMessage())
                .isEqualTo("ReplicaSet \"" + rs.getMetadata().getName() + "\" has successfully progressed.");
        assertThat(events("ScalingReplicaSet"))
                .containsExactly("Scaled up replica set " + rs.getMetadata().getName() + " from 0 to 3");
        assertThat(events("SuccessfulCreate")).hasSize(3).allMatch(m -> m.startsWith("Created pod: web-" + hash));
    }

    @Test
    void aRollingUpdateStaysWithinMaxSurgeAndMaxUnavailable() {
        // D9, D10, D11, D18: 4 replicas, maxSurge 1, maxUnavailable 0; new pods are ready 10 s after they run
        create(deployment("web", 4).editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                .endStrategy().endSpec());
        park.awaitIdle();
        String oldRs = replicaSets().get(0).getMetadata().getName();
        image("web", "nginx:1.28", Map.of("kubepark.io/ready-after", "10s"));
        int maxLive = 0;
        for (int second = 0; second < 60; second++) {
            park.awaitIdle();
            List<Pod> live = livePods();
            maxLive = Math.max(maxLive, live.size());
            assertThat(live.size()).as("pods at %d s", second).isLessThanOrEqualTo(5);
            assertThat(live.stream().filter(DeploymentTest::ready).count()).as("ready pods at %d s", second)
                    .isGreaterThanOrEqualTo(4);
            park.advance(Duration.ofSeconds(1));
        }
        assertThat(maxLive).isEqualTo(5);
        assertThat(livePods()).hasSize(4).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).hasSize(2);
        assertThat(sets.get(0).getMetadata().getName()).isEqualTo(oldRs);
        assertThat(sets.get(0).getSpec().getReplicas()).isZero();
        assertThat(sets.get(1).getSpec().getReplicas()).isEqualTo(4);
        assertThat(sets.get(1).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        String newRs = sets.get(1).getMetadata().getName();
        assertThat(events("ScalingReplicaSet")).contains("Scaled up replica set " + newRs + " from 0 to 1",
                "Scaled down replica set " + oldRs + " from 4 to 3", "Scaled up replica set " + newRs + " from 1 to 2",
                "Scaled down replica set " + oldRs + " from 1 to 0");
        Deployment d = get("web");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(4);
    }
}
