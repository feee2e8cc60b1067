package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deployments end to end on a virtual clock, through fabric8 over HTTP. Each test names the rules of
 * docs/workloads/deployment.md (D…) and docs/workloads/replicaset.md (R…) it checks.
 */
class DeploymentTest extends WithCluster {
    static final String NS = "default";
    static final Map<String, String> LABELS = Map.of("app", "web");


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

    @Test
    void recreateDeletesEveryOldPodBeforeTheFirstNewOne() {
        // D12: old pods take 5 s to stop; no new ReplicaSet exists until they are gone
        create(deployment("web", 2).editSpec().withNewStrategy().withType("Recreate").endStrategy().editTemplate()
                .editMetadata().addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().endTemplate().endSpec());
        park.awaitIdle();
        image("web", "nginx:1.28", Map.of());
        park.awaitIdle();
        assertThat(replicaSets()).hasSize(1).allSatisfy(rs -> assertThat(rs.getSpec().getReplicas()).isZero());
        assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(2)
                .allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
        park.advance(Duration.ofSeconds(3));
        assertThat(replicaSets()).hasSize(1);
        park.advance(Duration.ofSeconds(3));
        park.awaitIdle();
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).hasSize(2);
        assertThat(sets.get(1).getSpec().getReplicas()).isEqualTo(2);
        assertThat(livePods()).hasSize(2).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
        assertThat(condition(get("web"), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void aPausedDeploymentScalesButRollsNothingOutUntilResumed() {
        // D14, D15, D21
        create(deployment("web", 2));
        park.awaitIdle();
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });
        park.awaitIdle();
        DeploymentCondition paused = condition(get("web"), "Progressing");
        assertThat(paused.getStatus()).isEqualTo("Unknown");
        assertThat(paused.getReason()).isEqualTo("DeploymentPaused");
        assertThat(paused.getMessage()).isEqualTo("Deployment is paused");
        image("web", "nginx:1.28", Map.of());
        client.apps().deployments().inNamespace(NS).withName("web").scale(4);
        park.awaitIdle();
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).as("no rollout while paused").hasSize(1);
        assertThat(sets.get(0).getSpec().getReplicas()).isEqualTo(4);
        assertThat(sets.get(0).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/desired-replicas", "4")
                .containsEntry("deployment.kubernetes.io/max-replicas", "5");
        assertThat(events("ScalingReplicaSet")).contains("Scaled up replica set " + sets.get(0).getMetadata().getName()
                + " from 2 to 4");
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().setPaused(false);
            return d;
        });
        park.awaitIdle();
        park.advance(Duration.ofSeconds(30));
        park.awaitIdle();
        assertThat(replicaSets()).hasSize(2);
        assertThat(livePods()).hasSize(4).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.28"));
        assertThat(condition(get("web"), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void rollingBackByPatchingTheOldTemplateReusesTheOldReplicaSet() throws Exception {
        // D4, D7, D24: what kubectl rollout undo sends, creationTimestamp: null and resources: {} included
        create(deployment("web", 2));
        park.awaitIdle();
        image("web", "nginx:1.28", Map.of());
        park.advance(Duration.ofSeconds(30));
        park.awaitIdle();
        ReplicaSet first = replicaSets().get(0);
        var template = first.getSpec().getTemplate();
        template.getMetadata().getLabels().remove("pod-template-hash");
        String value = io.fabric8.kubernetes.client.utils.Serialization.asJson(template)
                .replace("\"metadata\":{", "\"metadata\":{\"creationTimestamp\":null,")
                .replace("\"name\":\"nginx\"", "\"name\":\"nginx\",\"resources\":{}");
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":" + value + "},"
                + "{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":"
                + "{\"deployment.kubernetes.io/revision\":\"2\"}}]";
        var response = Clients.send(park, "PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
                "application/json-patch+json", patch.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        park.advance(Duration.ofSeconds(30));
        park.awaitIdle();
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).as("no third ReplicaSet").hasSize(2);
        ReplicaSet back = replicaSet(first.getMetadata().getName());
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(back.getSpec().getReplicas()).isEqualTo(2);
        assertThat(get("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(livePods()).hasSize(2).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.27"));
    }

    @Test
    void oldReplicaSetsBeyondTheRevisionHistoryLimitAreDeleted() {
        // D13
        create(deployment("web", 1).editSpec().withRevisionHistoryLimit(1).endSpec());
        park.awaitIdle();
        for (String tag : List.of("1.28", "1.29", "1.30")) {
            image("web", "nginx:" + tag, Map.of());
            park.advance(Duration.ofSeconds(10));
            park.awaitIdle();
        }
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"))
                .containsExactly("3", "4");
        assertThat(sets.get(0).getSpec().getReplicas()).isZero();
    }

    @Test
    void aStuckRolloutExceedsItsProgressDeadline() {
        // D18, D20: the new pods never turn ready; nothing is rolled back
        create(deployment("web", 2).editSpec().withProgressDeadlineSeconds(30).endSpec());
        park.awaitIdle();
        image("web", "nginx:1.28", Map.of("kubepark.io/ready-after", "never"));
        park.advance(Duration.ofSeconds(20));
        DeploymentCondition progressing = condition(get("web"), "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("True");
        assertThat(progressing.getReason()).isEqualTo("ReplicaSetUpdated");
        String newRs = replicaSets().get(1).getMetadata().getName();
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + newRs + "\" is progressing.");
        park.advance(Duration.ofSeconds(20));
        progressing = condition(get("web"), "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + newRs + "\" has timed out progressing.");
        assertThat(livePods().stream().filter(DeploymentTest::ready).count()).as("the old pods keep serving").isEqualTo(2);
    }

    @Test
    void minReadySecondsDelaysAvailability() {
        // D17, D23, R8, R9
        create(deployment("web", 2).editSpec().withMinReadySeconds(10).endSpec());
        park.awaitIdle();
        assertThat(replicaSets().get(0).getSpec().getMinReadySeconds()).isEqualTo(10);
        Deployment d = get("web");
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getAvailableReplicas()).isNull();
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(2);
        assertThat(condition(d, "Available").getStatus()).isEqualTo("False");
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
        assertThat(condition(d, "Available").getMessage()).isEqualTo("Deployment does not have minimum availability.");
        park.advance(Duration.ofSeconds(10));
        assertThat(get("web").getStatus().getAvailableReplicas()).as("not yet: strictly more than 10 s").isNull();
        park.advance(Duration.ofSeconds(1));
        d = get("web");
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
    }

    @Test
    void scalingDuringAStuckRolloutIsSharedInProportion() {
        // D9, D10, D11, D14, D15: 10 replicas, maxSurge 3, maxUnavailable 2; the new pods never turn ready
        create(deployment("web", 10).editSpec().withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(3)).withMaxUnavailable(new IntOrString(2)).endRollingUpdate()
                .endStrategy().endSpec());
        park.awaitIdle();
        image("web", "nginx:1.28", Map.of("kubepark.io/ready-after", "never"));
        park.awaitIdle();
        park.advance(Duration.ofSeconds(5));
        List<ReplicaSet> sets = replicaSets();
        assertThat(sets).extracting(rs -> rs.getSpec().getReplicas()).containsExactly(8, 5);
        client.apps().deployments().inNamespace(NS).withName("web").scale(20);
        park.awaitIdle();
        sets = replicaSets();
        assertThat(sets).extracting(rs -> rs.getSpec().getReplicas()).containsExactly(14, 9);
        assertThat(sets).allSatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "20")
                .containsEntry("deployment.kubernetes.io/max-replicas", "23"));
    }

    @Test
    void aHashCollisionBumpsCollisionCountAndRenamesTheReplicaSet() {
        // D5, D6: a foreign ReplicaSet already has the name the template hash gives
        create(deployment("web", 1).editSpec().withPaused(true).endSpec());
        park.awaitIdle();
        var stored = park.api().store().get(park.api().type("apps", "v1", "deployments"), NS, "web");
        String hash = io.kubepark.controllers.deployment.TemplateHash.of(stored.node().path("spec").path("template"),
                null);
        client.apps().replicaSets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName("web-" + hash).endMetadata().withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app", "other").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "other").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
        park.awaitIdle();
        client.apps().deployments().inNamespace(NS).withName("web").edit(d -> {
            d.getSpec().setPaused(false);
            return d;
        });
        park.awaitIdle();
        Deployment d = get("web");
        assertThat(d.getStatus().getCollisionCount()).isEqualTo(1);
        ReplicaSet mine = client.apps().replicaSets().inNamespace(NS).withLabel("app", "web").list().getItems().get(0);
        assertThat(mine.getMetadata().getName()).isNotEqualTo("web-" + hash).startsWith("web-");
        assertThat(livePods()).hasSize(1);
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetsAndPods() {
        // D22, R16
        create(deployment("web", 2));
        park.awaitIdle();
        client.apps().deployments().inNamespace(NS).withName("web").delete();
        park.awaitIdle();
        park.advance(Duration.ofSeconds(1));
        assertThat(replicaSets()).isEmpty();
        assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void badStrategiesAreRefusedWithTheRealMessages() {
        // D26, R15
        assertThat(rejected(deployment("zero", 1).editSpec().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(0)).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().endStrategy().endSpec()))
                .isEqualTo("Deployment.apps \"zero\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid "
                        + "value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0");
        assertThat(rejected(deployment("mismatch", 1).editSpec().editSelector().withMatchLabels(Map.of("app", "api"))
                .endSelector().endSpec())).isEqualTo("Deployment.apps \"mismatch\" is invalid: "
                + "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: "
                + "`selector` does not match template `labels`");
        assertThat(rejected(deployment("pct", 1).editSpec().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString("20 percent")).endRollingUpdate().endStrategy()
                .endSpec())).contains("spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, "
                + "IntVal:0, StrVal:\"20 percent\"}: a valid percent string must be a numeric string followed by an "
                + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
        assertThat(rejected(deployment("too-many", 1).editSpec().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxUnavailable(new IntOrString("110%")).endRollingUpdate().endStrategy()
                .endSpec())).contains("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "
                + "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"110%\"}: must not be greater than 100%");
        assertThat(rejected(deployment("recreate", 1).editSpec().withNewStrategy().withType("Recreate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy().endSpec()))
                .contains("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is "
                        + "'Recreate'");
        assertThat(rejected(deployment("deadline", 1).editSpec().withMinReadySeconds(10).withProgressDeadlineSeconds(5)
                .endSpec())).contains("spec.progressDeadlineSeconds: Invalid value: 5: must be greater than "
                + "minReadySeconds");
        assertThat(rejected(deployment("never", 1).editSpec().editTemplate().editSpec().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec())).contains("spec.template.spec.restartPolicy: Unsupported value: "
                + "\"Never\": supported values: \"Always\"");
        // D27: the defaults a v1.33 server fills
        Deployment d = create(deployment("defaults", 1).editSpec().withReplicas(null).endSpec());
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString("25%"));
        assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    }

    private String rejected(DeploymentBuilder builder) {
        Deployment d = builder.build();
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.apps().deployments().inNamespace(NS).resource(d).create());
        assertThat(e).as("a 422 for " + d.getMetadata().getName()).isNotNull();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(get(d.getMetadata().getName())).isNull();
        return e.getStatus().getMessage();
    }
}
