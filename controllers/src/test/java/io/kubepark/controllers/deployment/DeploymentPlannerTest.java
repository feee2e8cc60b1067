package io.kubepark.controllers.deployment;

import static io.kubepark.controllers.deployment.DeploymentFixtures.NOW;
import static io.kubepark.controllers.deployment.DeploymentFixtures.condition;
import static io.kubepark.controllers.deployment.DeploymentFixtures.deployment;
import static io.kubepark.controllers.deployment.DeploymentFixtures.replicaSet;
import static io.kubepark.controllers.deployment.DeploymentFixtures.rolling;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** DeploymentPlanner, one sync at a time; the rules are those of docs/workloads/deployment.md. */
class DeploymentPlannerTest {

    private static DeploymentPlan plan(ObjectNode d, List<JsonNode> replicaSets, List<JsonNode> pods) {
        return DeploymentPlanner.plan(new DeploymentSnapshot(d, replicaSets, pods, NOW));
    }

    private static <T extends DeploymentStep> List<T> steps(DeploymentPlan plan, Class<T> type) {
        return plan.steps().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static DeploymentStep.WriteStatus lastStatus(DeploymentPlan plan) {
        List<DeploymentStep.WriteStatus> writes = steps(plan, DeploymentStep.WriteStatus.class);
        return writes.get(writes.size() - 1);
    }

    private static JsonNode conditionOf(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void aNewDeploymentCreatesItsReplicaSetAndRecordsRevisionAndProgress() {
        // D5, D7, D8
        ObjectNode d = deployment(3);
        DeploymentPlan plan = plan(d, List.of(), List.of());
        assertThat(plan.steps().get(0)).isInstanceOf(DeploymentStep.CreateReplicaSet.class);
        ObjectNode rs = ((DeploymentStep.CreateReplicaSet) plan.steps().get(0)).replicaSet();
        String hash = TemplateHash.of(d.at("/spec/template"), null);
        assertThat(rs.at("/metadata/name").asText()).isEqualTo("web-" + hash);
        assertThat(rs.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(rs.at("/spec/selector/matchLabels/pod-template-hash").asText()).isEqualTo(hash);
        assertThat(rs.at("/metadata/annotations").path(Rollouts.REVISION).asText()).isEqualTo("1");
        assertThat(rs.at("/metadata/annotations").path(Rollouts.DESIRED_REPLICAS).asText()).isEqualTo("3");
        assertThat(rs.at("/metadata/annotations").path(Rollouts.MAX_REPLICAS).asText()).isEqualTo("4");
        assertThat(rs.at("/metadata/annotations").size()).isEqualTo(3);
        assertThat(plan.steps().get(1)).isEqualTo(new DeploymentStep.Event("Normal", "ScalingReplicaSet",
                "Scaled up replica set web-" + hash + " from 0 to 3"));
        DeploymentStep.WriteStatus created = (DeploymentStep.WriteStatus) plan.steps().get(2);
        assertThat(created.annotations().path(Rollouts.REVISION).asText()).isEqualTo("1");
        JsonNode progressing = conditionOf(created.status(), "Progressing");
        assertThat(progressing.path("reason").asText()).isEqualTo("NewReplicaSetCreated");
        assertThat(progressing.path("message").asText()).isEqualTo("Created new replica set \"web-" + hash + "\"");
        assertThat(progressing.path("lastUpdateTime").asText()).isEqualTo("2025-01-01T01:00:00Z");
        // D17: nothing is available yet
        JsonNode available = conditionOf(lastStatus(plan).status(), "Available");
        assertThat(available.path("status").asText()).isEqualTo("False");
        assertThat(available.path("reason").asText()).isEqualTo("MinimumReplicasUnavailable");
    }

    @Test
    void aTemplateChangeSurgesTheNewReplicaSetAndTakesTheUnavailableOneFromTheOld() {
        // D10, D11: 4 replicas, 25% → surge 1, unavailable 1: the new ReplicaSet starts with 1, the old goes to 3
        ObjectNode d = deployment(4);
        ObjectNode old = replicaSet(d, "nginx:1.26", 4, 1, "2025-01-01T00:00:00Z");
        DeploymentPlan plan = plan(d, List.of(old), List.of());
        ObjectNode created = steps(plan, DeploymentStep.CreateReplicaSet.class).get(0).replicaSet();
        assertThat(created.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(created.at("/metadata/annotations/deployment.kubernetes.io~1revision").asText()).isEqualTo("2");
        assertThat(steps(plan, DeploymentStep.UpdateReplicaSet.class)).singleElement().satisfies(u -> {
            assertThat(u.uid()).isEqualTo("rs-1");
            assertThat(u.replicaSet().at("/spec/replicas").asInt()).isEqualTo(3);
        });
    }

    @Test
    void oldReplicaSetsLoseTheirUnavailableReplicasFirstThenWhatAvailabilityAllows() {
        // D11: 4 replicas, surge 1, unavailable 1; old has 4 with 1 unavailable, new has 1 available
        ObjectNode d = deployment(4);
        ObjectNode old = replicaSet(d, "nginx:1.26", 4, 1, "2025-01-01T00:00:00Z");
        ((ObjectNode) old.path("status")).put("availableReplicas", 3);
        ObjectNode current = replicaSet(d, "nginx:1.27", 1, 2, "2025-01-01T00:30:00Z");
        DeploymentPlan plan = plan(d, List.of(old, current), List.of());
        List<DeploymentStep.UpdateReplicaSet> updates = steps(plan, DeploymentStep.UpdateReplicaSet.class);
        // total 5, minAvailable 3, new unavailable 0: 2 may go; the unhealthy one, then one more (available 4 > 3)
        assertThat(updates).extracting(u -> u.replicaSet().at("/spec/replicas").asInt()).containsExactly(3, 2);
        assertThat(steps(plan, DeploymentStep.Event.class)).extracting(DeploymentStep.Event::message).containsExactly(
                "Scaled down replica set " + old.at("/metadata/name").asText() + " from 4 to 3",
                "Scaled down replica set " + old.at("/metadata/name").asText() + " from 3 to 2");
    }

    @Test
    void recreateScalesOldDownAndWaitsForItsPodsBeforeCreating() {
        // D12
        ObjectNode d = deployment(2);
        ((ObjectNode) d.at("/spec/strategy")).remove("rollingUpdate");
        ((ObjectNode) d.at("/spec/strategy")).put("type", "Recreate");
        ObjectNode old = replicaSet(d, "nginx:1.26", 2, 1, "2025-01-01T00:00:00Z");
        DeploymentPlan plan = plan(d, List.of(old), List.of());
        assertThat(steps(plan, DeploymentStep.UpdateReplicaSet.class)).singleElement()
                .satisfies(u -> assertThat(u.replicaSet().at("/spec/replicas").asInt()).isZero());
        assertThat(steps(plan, DeploymentStep.CreateReplicaSet.class)).isEmpty();

        ((ObjectNode) old.path("spec")).put("replicas", 0);
        ((ObjectNode) old.path("status")).put("replicas", 0).put("readyReplicas", 0).put("availableReplicas", 0);
        ObjectNode pod = io.kubepark.apiserver.Json.object();
        ((ObjectNode) pod.putObject("metadata").put("name", "old-pod").put("namespace", "ns"))
                .putArray("ownerReferences").add(io.kubepark.controllers.runtime.OwnerReferences
                        .controllerRef("apps/v1", "ReplicaSet", old));
        ((ObjectNode) pod.path("metadata")).putObject("labels").put("app", "web");
        pod.putObject("status").put("phase", "Running");
        assertThat(steps(plan(d, List.of(old), List.of(pod)), DeploymentStep.CreateReplicaSet.class))
                .as("a terminating old pod still runs").isEmpty();
        ((ObjectNode) pod.path("status")).put("phase", "Succeeded");
        assertThat(steps(plan(d, List.of(old), List.of(pod)), DeploymentStep.CreateReplicaSet.class)).singleElement()
                .satisfies(c -> assertThat(c.replicaSet().at("/spec/replicas").asInt()).isEqualTo(2));
    }

    @Test
    void aPausedDeploymentGetsThePausedConditionAndNoNewReplicaSet() {
        // D21
        ObjectNode d = deployment(2);
        ObjectNode old = replicaSet(d, "nginx:1.26", 2, 1, "2025-01-01T00:00:00Z");
        ((ObjectNode) d.path("spec")).put("paused", true);
        DeploymentPlan plan = plan(d, List.of(old), List.of());
        assertThat(steps(plan, DeploymentStep.CreateReplicaSet.class)).isEmpty();
        JsonNode progressing = conditionOf(steps(plan, DeploymentStep.WriteStatus.class).get(0).status(), "Progressing");
        assertThat(progressing.path("status").asText()).isEqualTo("Unknown");
        assertThat(progressing.path("reason").asText()).isEqualTo("DeploymentPaused");
        assertThat(progressing.path("message").asText()).isEqualTo("Deployment is paused");
    }

    @Test
    void aRolloutWithoutProgressTimesOutAfterItsDeadlineAndIsCheckedAgainThen() {
        // D20: the last progress was 100 s ago; then 601 s ago
        ObjectNode d = deployment(2);
        ObjectNode old = replicaSet(d, "nginx:1.26", 2, 1, "2025-01-01T00:00:00Z");
        ObjectNode stuck = replicaSet(d, "nginx:1.27", 1, 2, "2025-01-01T00:30:00Z");
        ((ObjectNode) stuck.path("status")).put("readyReplicas", 0).put("availableReplicas", 0);
        ((ObjectNode) d.path("metadata")).putObject("annotations").put(Rollouts.REVISION, "2");
        ObjectNode status = d.putObject("status");
        status.put("observedGeneration", 1).put("replicas", 3).put("updatedReplicas", 1).put("readyReplicas", 2)
                .put("availableReplicas", 2).put("unavailableReplicas", 1);
        status.putArray("conditions").add(condition("Available", "True", "MinimumReplicasAvailable", "2025-01-01T00:00:00Z"))
                .add(condition("Progressing", "True", "ReplicaSetUpdated", "2025-01-01T00:58:20Z"));
        ((ObjectNode) status.at("/conditions/0")).put("message", "Deployment has minimum availability.");
        // 2 replicas, 25%: surge 1, unavailable 0; nothing can move
        DeploymentPlan waiting = plan(d, List.of(old, stuck), List.of());
        assertThat(steps(waiting, DeploymentStep.WriteStatus.class)).isEmpty();
        assertThat(waiting.requeueAfter()).isEqualTo(Duration.ofSeconds(501));

        ((ObjectNode) status.at("/conditions/1")).put("lastUpdateTime", "2025-01-01T00:49:59Z");
        DeploymentPlan late = plan(d, List.of(old, stuck), List.of());
        JsonNode progressing = conditionOf(lastStatus(late).status(), "Progressing");
        assertThat(progressing.path("status").asText()).isEqualTo("False");
        assertThat(progressing.path("reason").asText()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(progressing.path("message").asText())
                .isEqualTo("ReplicaSet \"" + stuck.at("/metadata/name").asText() + "\" has timed out progressing.");
    }

    @Test
    void historyBeyondTheLimitGoesOldestFirstButNeverWithReplicas() {
        // D13
        ObjectNode d = deployment(1);
        ((ObjectNode) d.path("spec")).put("revisionHistoryLimit", 1);
        ObjectNode r1 = replicaSet(d, "nginx:1.1", 0, 1, "2025-01-01T00:01:00Z");
        ObjectNode r2 = replicaSet(d, "nginx:1.2", 0, 2, "2025-01-01T00:02:00Z");
        ObjectNode r3 = replicaSet(d, "nginx:1.3", 0, 3, "2025-01-01T00:03:00Z");
        ObjectNode current = replicaSet(d, "nginx:1.27", 1, 4, "2025-01-01T00:04:00Z");
        for (ObjectNode rs : List.of(r1, r2, r3)) {
            ((ObjectNode) rs.path("status")).put("replicas", 0).put("readyReplicas", 0).put("availableReplicas", 0);
        }
        ((ObjectNode) r1.path("status")).put("replicas", 1); // a pod still stopping
        ObjectNode status = d.putObject("status");
        status.put("observedGeneration", 1).put("replicas", 1).put("updatedReplicas", 1).put("readyReplicas", 1)
                .put("availableReplicas", 1);
        DeploymentPlan plan = plan(d, List.of(r3, r1, current, r2), List.of());
        assertThat(steps(plan, DeploymentStep.DeleteReplicaSet.class)).extracting(DeploymentStep.DeleteReplicaSet::uid)
                .containsExactly("rs-2");
    }

    @Test
    void orphanReplicaSetsMatchingTheSelectorAreAdopted() {
        // D3
        ObjectNode d = deployment(1);
        ObjectNode orphan = replicaSet(d, "nginx:1.27", 1, 1, "2025-01-01T00:00:00Z");
        ((ObjectNode) orphan.path("metadata")).remove("ownerReferences");
        DeploymentPlan plan = plan(d, List.of(orphan), List.of());
        Predicate<DeploymentStep> adopt = s -> s instanceof DeploymentStep.SetOwnerReferences o
                && o.ownerReferences().get(0).path("uid").asText().equals("web-uid");
        assertThat(plan.steps().get(0)).matches(adopt);
        assertThat(steps(plan, DeploymentStep.CreateReplicaSet.class)).as("the adopted one is the new one").isEmpty();
    }
}
