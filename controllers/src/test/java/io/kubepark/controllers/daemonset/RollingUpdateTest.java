package io.kubepark.controllers.daemonset;

import static io.kubepark.controllers.daemonset.DaemonSetFixtures.T0;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.ds;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Updates (rules 21–26). */
class RollingUpdateTest {

    private static Consumer<ObjectNode> strategy(Object maxUnavailable, Object maxSurge) {
        return spec -> {
            ObjectNode rolling = spec.putObject("updateStrategy").put("type", "RollingUpdate").putObject("rollingUpdate");
            rolling.set("maxUnavailable", Json.MAPPER.valueToTree(maxUnavailable));
            rolling.set("maxSurge", Json.MAPPER.valueToTree(maxSurge));
        };
    }

    private static List<String> deleted(DaemonSetPlan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.DeletePod).map(s -> ((Step.DeletePod) s).name())
                .toList();
    }

    private static List<String> createdOn(DaemonSetPlan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.CreatePods)
                .flatMap(s -> ((Step.CreatePods) s).pods().stream()).map(DaemonPods::targetNode).toList();
    }

    /** Nodes without an available pod, the measure maxUnavailable limits. */
    private static long unavailableNodes(FakeDaemonCluster c) {
        return c.nodes.keySet().stream().filter(n -> c.podsOn(n).stream()
                .noneMatch(p -> !ObjectMeta.deleting(p) && DaemonPods.isAvailable(p, 0, c.now))).count();
    }

    // rule 23: percentages round up against the nodes that should run the pod
    @Test
    void maxUnavailableAndMaxSurgeAreScaledRoundingUp() {
        assertThat(RollingUpdate.scaled(Json.NODES.textNode("30%"), 4, false)).isEqualTo(2);
        assertThat(RollingUpdate.scaled(Json.NODES.textNode("1%"), 3, false)).isEqualTo(1);
        assertThat(RollingUpdate.scaled(Json.NODES.textNode("0%"), 3, false)).isZero();
        assertThat(RollingUpdate.scaled(Json.NODES.numberNode(2), 100, false)).isEqualTo(2);
        assertThat(RollingUpdate.scaled(Json.NODES.textNode("two"), 3, false)).isNull();
        assertThat(RollingUpdate.scaled(Json.NODES.missingNode(), 3, true)).isZero();
        assertThat(RollingUpdate.scaled(Json.NODES.missingNode(), 3, false)).isNull();
    }

    // rule 23: never more than maxUnavailable nodes without an available pod
    @Test
    void withoutSurgeAtMostMaxUnavailableNodesAreDownAtOnce() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", strategy("50%", 0)), "n1", "n2", "n3", "n4")
                .converge();
        c.gracefulDeletes = true;
        c.image("img:2");
        DaemonSetPlan plan = c.sync();
        assertThat(deleted(plan)).hasSize(2);
        assertThat(unavailableNodes(c)).isEqualTo(2);
        assertThat(deleted(c.sync())).isEmpty();
        c.finishTermination();
        assertThat(createdOn(c.sync())).hasSize(2);
        assertThat(deleted(c.sync())).hasSize(2);
        c.finishTermination();
        c.converge();
        String hash = ObjectMeta.labels(c.revisions.values().stream().max(History.BY_REVISION).orElseThrow())
                .get(DaemonPods.HASH_LABEL);
        assertThat(c.livePods()).hasSize(4).allSatisfy(p -> assertThat(DaemonPods.hashOf(p)).isEqualTo(hash));
        assertThat(c.status().path("updatedNumberScheduled").asInt()).isEqualTo(4);
        c.assertAtMostOneLivePodPerNode();
    }

    // rule 23: an old pod that is not available is replaced at once and counts against the budget
    @Test
    void unavailableOldPodsAreReplacedAtOnce() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1", "n2", "n3").converge();
        c.image("img:2");
        c.pods.values().stream().filter(p -> !DaemonPods.targetNode(p).equals("n3"))
                .forEach(p -> ((ObjectNode) p.get("status").get("conditions").get(0)).put("status", "False"));
        DaemonSetPlan plan = c.sync();
        assertThat(deleted(plan)).hasSize(2).noneMatch(n -> c.pods.containsKey(n));
        assertThat(c.podsOn("n3")).hasSize(1);
    }

    // rule 23: a new pod that is not yet available holds back the next deletion
    @Test
    void anUnavailableNewPodHoldsBackTheNextDeletion() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), "n1", "n2").converge();
        c.createdPodsReady = false;
        c.image("img:2");
        assertThat(deleted(c.sync())).hasSize(1);
        assertThat(createdOn(c.sync())).hasSize(1);
        assertThat(deleted(c.sync())).isEmpty();
        c.ready(p -> true);
        assertThat(deleted(c.sync())).hasSize(1);
    }

    // rule 24: the new pod comes beside the old one, the old one goes once the new one is available
    @Test
    void withSurgeTheNewPodStartsBesideTheOldOne() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", strategy(0, 1)), "n1", "n2", "n3").converge();
        c.createdPodsReady = false;
        c.image("img:2");
        DaemonSetPlan plan = c.sync();
        assertThat(createdOn(plan)).containsExactly("n1");
        assertThat(deleted(plan)).isEmpty();
        assertThat(createdOn(c.sync())).isEmpty();
        assertThat(c.podsOn("n1")).hasSize(2);
        c.ready(p -> true);
        plan = c.sync();
        // the node's own pass removes the old pod (rule 24), which leaves the next surge to the next sync (rule 26)
        assertThat(deleted(plan)).hasSize(1);
        assertThat(createdOn(plan)).isEmpty();
        assertThat(createdOn(c.sync())).containsExactly("n2");
        assertThat(unavailableNodes(c)).isZero();
        c.createdPodsReady = true;
        c.ready(p -> true);
        c.converge();
        assertThat(c.livePods()).hasSize(3);
        assertThat(c.status().path("updatedNumberScheduled").asInt()).isEqualTo(3);
    }

    // rule 24: maxSurge 100% surges on every node at once; an unavailable old pod gets its new pod at once anyway
    @Test
    void surgeIsScaledAndUnavailableOldPodsAreNotCounted() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", strategy(0, "100%")), "n1", "n2", "n3").converge();
        c.image("img:2");
        assertThat(createdOn(c.sync())).containsExactly("n1", "n2", "n3");

        FakeDaemonCluster d = new FakeDaemonCluster(ds("agent", strategy(0, 1)), "n1", "n2", "n3").converge();
        d.image("img:2");
        ((ObjectNode) d.podsOn("n3").get(0).get("status").get("conditions").get(0)).put("status", "False");
        assertThat(createdOn(d.sync())).containsExactly("n3", "n1");
    }

    // rule 24: on a node with two pods, the oldest of each revision stays; the old one goes when no longer ready
    @Test
    void withSurgeANodeKeepsTheOldestPodOfEachRevision() {
        ObjectNode ds = ds("agent", strategy(0, 1));
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        c.sync();
        String hash = DaemonPods.hashOf(c.livePods().get(0));
        c.pods.clear();
        c.pods.put("old", pod(ds, "old", "n1", "previous", T0));
        ObjectNode fresh = pod(ds, "fresh", "n1", hash, T0.plusSeconds(1));
        ((ObjectNode) fresh.get("status").get("conditions").get(0)).put("status", "False");
        c.pods.put("fresh", fresh);
        c.pods.put("fresher", pod(ds, "fresher", "n1", hash, T0.plusSeconds(2)));
        assertThat(deleted(c.sync())).containsExactly("fresher");
        c.pods.remove("fresher");
        ((ObjectNode) c.pods.get("old").get("status").get("conditions").get(0)).put("status", "False");
        assertThat(deleted(c.sync())).containsExactly("old");
    }

    // rule 25: both zero (a stored set that validation would refuse now) rolls one node at a time
    @Test
    void bothZeroIsTakenAsOneUnavailable() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", strategy(0, 0)), "n1", "n2").converge();
        c.image("img:2");
        assertThat(deleted(c.sync())).hasSize(1);
    }

    // rules 21, 22: OnDelete makes the revision but replaces only what someone deletes
    @Test
    void onDeleteReplacesOnlyDeletedPods() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent", spec -> spec.putObject("updateStrategy")
                .put("type", "OnDelete")), "n1", "n2").converge();
        c.image("img:2");
        c.converge();
        assertThat(c.revisions).hasSize(2);
        assertThat(c.status().path("updatedNumberScheduled").asInt()).isZero();
        assertThat(c.status().path("observedGeneration").asInt()).isEqualTo(2);
        c.pods.remove(ObjectMeta.name(c.podsOn("n1").get(0)));
        c.converge();
        JsonNode replaced = c.podsOn("n1").get(0);
        assertThat(replaced.path("spec").path("containers").get(0).path("image").asText()).isEqualTo("img:2");
        assertThat(ObjectMeta.labels(replaced)).containsEntry(DaemonPods.GENERATION_LABEL, "2");
        assertThat(c.status().path("updatedNumberScheduled").asInt()).isEqualTo(1);
    }

    // rule 21: the template generation alone makes a pod updated
    @Test
    void aPodOfTheCurrentTemplateGenerationIsUpdatedWhateverItsHash() {
        ObjectNode pod = pod(ds("agent"), "p", "n1", "old-hash", T0);
        ((ObjectNode) pod.get("metadata").get("labels")).put(DaemonPods.GENERATION_LABEL, "3");
        assertThat(DaemonPods.isUpdated(pod, "new-hash", 3L)).isTrue();
        assertThat(DaemonPods.isUpdated(pod, "new-hash", 4L)).isFalse();
        assertThat(DaemonPods.isUpdated(pod, "old-hash", null)).isTrue();
        assertThat(DaemonPods.isUpdated(pod, "", null)).isFalse();
    }
}
