package io.kubepark.controllers.daemonset;

import static io.kubepark.controllers.daemonset.DaemonSetFixtures.T0;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.deleting;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.ds;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.label;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.node;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.phase;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.pod;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.taint;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.templateSpec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import io.kubepark.controllers.runtime.ObjectMeta;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placement, pods, status and events of one sync (rules 3, 4, 6, 7, 9–14, 27–31). */
class DaemonSetPlannerTest {

    private static List<String> deleted(DaemonSetPlan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.DeletePod).map(s -> ((Step.DeletePod) s).name())
                .toList();
    }

    private static List<ObjectNode> created(DaemonSetPlan plan) {
        return plan.steps().stream().filter(s -> s instanceof Step.CreatePods)
                .flatMap(s -> ((Step.CreatePods) s).pods().stream()).toList();
    }

    // rules 3, 6, 7
    @Test
    void eachNodeGetsOnePodNamedAfterTheSetAndPlacedByAffinity() {
        ObjectNode ds = ds("agent");
        ((ObjectNode) ds.get("spec").get("template").get("metadata")).putObject("annotations").put("note", "x");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n2", "n1", "n3");
        DaemonSetPlan plan = c.sync();
        List<ObjectNode> pods = created(plan);
        assertThat(pods).extracting(DaemonPods::targetNode).containsExactly("n1", "n2", "n3");
        JsonNode pod = pods.get(0);
        String hash = c.revisions.values().iterator().next().path("metadata").path("labels")
                .path(DaemonPods.HASH_LABEL).asText();
        assertThat(pod.path("metadata").path("generateName").asText()).isEqualTo("agent-");
        assertThat(pod.path("metadata").has("name")).isFalse();
        assertThat(ObjectMeta.labels(pod)).containsEntry("app", "agent").containsEntry("pod-template-generation", "1")
                .containsEntry("controller-revision-hash", hash);
        assertThat(pod.path("metadata").path("annotations").path("note").asText()).isEqualTo("x");
        JsonNode ref = pod.path("metadata").path("ownerReferences").get(0);
        assertThat(ref.path("kind").asText() + "/" + ref.path("name").asText() + "/" + ref.path("uid").asText()
                + "/" + ref.path("controller").asBoolean() + "/" + ref.path("blockOwnerDeletion").asBoolean())
                .isEqualTo("DaemonSet/agent/agent-uid/true/true");
        assertThat(pod.path("spec").has("nodeName")).isFalse();
        assertThat(pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").toString())
                .isEqualTo("{\"nodeSelectorTerms\":[{\"matchFields\":[{\"key\":\"metadata.name\",\"operator\":\"In\","
                        + "\"values\":[\"n1\"]}]}]}");
        c.converge();
        assertThat(c.created()).containsExactly("n1", "n2", "n3");
        c.assertAtMostOneLivePodPerNode();
    }

    // rule 6: the required terms are replaced, the preferred ones and pod affinity stay
    @Test
    void theTemplatesRequiredNodeAffinityIsReplacedByTheNodesName() {
        ObjectNode ds = ds("agent");
        ObjectNode nodeAffinity = Json.child(Json.child(templateSpec(ds), "affinity"), "nodeAffinity");
        nodeAffinity.putObject("requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms")
                .addObject().putArray("matchExpressions").addObject().put("key", "kubernetes.io/hostname")
                .put("operator", "Exists");
        nodeAffinity.putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject().put("weight", 1);
        Json.child(Json.child(templateSpec(ds), "affinity"), "podAntiAffinity").put("x", 1);
        ObjectNode pod = created(new FakeDaemonCluster(ds, "n1").sync()).get(0);
        JsonNode affinity = pod.path("spec").path("affinity");
        assertThat(affinity.path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms").get(0).path("matchFields").get(0).path("values").get(0).asText())
                .isEqualTo("n1");
        assertThat(affinity.path("nodeAffinity").path("preferredDuringSchedulingIgnoredDuringExecution")).hasSize(1);
        assertThat(affinity.path("podAntiAffinity").path("x").asInt()).isEqualTo(1);
    }

    // rules 1, 3, 4: a node that stops matching loses its pod; one that starts matching gets one
    @Test
    void podsFollowTheNodesThatMatch() {
        ObjectNode ds = ds("agent");
        templateSpec(ds).putObject("nodeSelector").put("role", "edge");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1", "n2");
        label(c.nodes.get("n1"), "role", "edge");
        c.converge();
        assertThat(c.livePods()).extracting(DaemonPods::targetNode).containsExactly("n1");
        ((ObjectNode) c.nodes.get("n1").get("metadata").get("labels")).remove("role");
        label(c.nodes.get("n2"), "role", "edge");
        DaemonSetPlan plan = c.sync();
        assertThat(created(plan)).extracting(DaemonPods::targetNode).containsExactly("n2");
        assertThat(deleted(plan)).hasSize(1);
        c.converge();
        assertThat(c.livePods()).extracting(DaemonPods::targetNode).containsExactly("n2");
        assertThat(c.status().path("desiredNumberScheduled").asInt()).isEqualTo(1);
        assertThat(c.status().path("numberMisscheduled").asInt()).isZero();
    }

    // rules 2, 27: a NoSchedule taint keeps the pod but counts it misscheduled; NoExecute deletes it
    @Test
    void aNoScheduleTaintKeepsThePodAndANoExecuteTaintRemovesIt() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), "n1", "n2").converge();
        taint(c.nodes.get("n1"), "maintenance", null, "NoSchedule");
        c.converge();
        assertThat(c.podsOn("n1")).hasSize(1);
        assertThat(c.status().path("desiredNumberScheduled").asInt()).isEqualTo(1);
        assertThat(c.status().path("currentNumberScheduled").asInt()).isEqualTo(1);
        assertThat(c.status().path("numberMisscheduled").asInt()).isEqualTo(1);
        taint(c.nodes.get("n1"), "evict", null, "NoExecute");
        c.converge();
        assertThat(c.podsOn("n1")).isEmpty();
        assertThat(c.status().path("numberMisscheduled").asInt()).isZero();
    }

    // rule 9: matching orphans are adopted, controlled pods that stop matching released, others' pods left alone
    @Test
    void orphansAreAdoptedAndPodsThatStopMatchingAreReleased() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1", "n2", "n3");
        ObjectNode orphan = pod(ds, "orphan", "n1", "h", T0);
        ((ObjectNode) orphan.get("metadata")).remove("ownerReferences");
        ObjectNode strayed = pod(ds, "strayed", "n2", "h", T0);
        ((ObjectNode) strayed.get("metadata").get("labels")).put("app", "other");
        ObjectNode foreign = pod(ds("other"), "foreign", "n3", "h", T0);
        ((ObjectNode) foreign.get("metadata").get("labels")).put("app", "agent");
        ObjectNode dying = deleting(pod(ds, "dying", "n3", "h", T0));
        ((ObjectNode) dying.get("metadata")).remove("ownerReferences");
        List.of(orphan, strayed, foreign, dying).forEach(p -> c.pods.put(ObjectMeta.name(p), p));
        DaemonSetPlan plan = c.sync();
        assertThat(plan.pods().stream().filter(s -> s instanceof Step.SetOwnerReferences)
                .map(s -> ((Step.SetOwnerReferences) s).name() + ":" + ((Step.SetOwnerReferences) s).ownerReferences()
                        .size()))
                .containsExactly("orphan:1", "strayed:0");
        // the adopted pod serves n1; n2 and n3 get pods of their own
        assertThat(created(plan)).extracting(DaemonPods::targetNode).containsExactly("n2", "n3");
    }

    // rule 10: an unbound pod belongs to its affinity's node; a pod with neither is ignored
    @Test
    void anUnboundPodCountsForTheNodeItsAffinityNames() {
        ObjectNode ds = ds("agent", spec -> spec.putObject("updateStrategy").put("type", "OnDelete"));
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        ObjectNode pending = pod(ds, "pending", "n1", "h", T0);
        ((ObjectNode) pending.get("spec")).remove("nodeName");
        DaemonPods.replaceNodeAffinity((ObjectNode) pending.get("spec"), "n1");
        ObjectNode nowhere = pod(ds, "nowhere", "n1", "h", T0);
        ((ObjectNode) nowhere.get("spec")).remove("nodeName");
        c.pods.put("pending", pending);
        c.pods.put("nowhere", nowhere);
        DaemonSetPlan plan = c.sync();
        assertThat(created(plan)).isEmpty();
        assertThat(deleted(plan)).isEmpty();
        assertThat(plan.status().path("currentNumberScheduled").asInt()).isEqualTo(1);
    }

    // rule 11: bound first, then the oldest, then by name
    @Test
    void ofSeveralPodsOnANodeTheFirstBoundOldestStays() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        ObjectNode unbound = pod(ds, "a-unbound", "n1", "h", T0.minusSeconds(60));
        ((ObjectNode) unbound.get("spec")).remove("nodeName");
        DaemonPods.replaceNodeAffinity((ObjectNode) unbound.get("spec"), "n1");
        c.pods.put("a-unbound", unbound);
        c.pods.put("c-old", pod(ds, "c-old", "n1", "h", T0));
        c.pods.put("b-old", pod(ds, "b-old", "n1", "h", T0));
        c.pods.put("young", pod(ds, "young", "n1", "h", T0.plusSeconds(5)));
        assertThat(deleted(c.sync())).containsExactly("c-old", "young", "a-unbound");
    }

    // rule 12: failed pods are deleted, with back-off 1 s, 2 s, 4 s ... per node
    @Test
    void failedPodsAreDeletedWithAnEventAndBackOff() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1").converge();
        String first = ObjectMeta.name(c.podsOn("n1").get(0));
        phase(c.pods.get(first), "Failed");
        DaemonSetPlan plan = c.sync();
        assertThat(deleted(plan)).containsExactly(first);
        assertThat(c.events).singleElement().satisfies(e -> assertThat(e.type() + " " + e.reason() + " " + e.message())
                .isEqualTo("Warning FailedDaemonPod Found failed daemon pod ns/" + first
                        + " on node n1, will try to kill it"));
        assertThat(created(c.sync())).hasSize(1);
        String second = ObjectMeta.name(c.podsOn("n1").get(0));
        phase(c.pods.get(second), "Failed");
        plan = c.sync();
        assertThat(deleted(plan)).isEmpty();
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(1));
        c.advance(Duration.ofSeconds(1));
        assertThat(deleted(c.sync())).containsExactly(second);
        c.sync();
        String third = ObjectMeta.name(c.podsOn("n1").get(0));
        phase(c.pods.get(third), "Failed");
        c.advance(Duration.ofMillis(1999));
        assertThat(c.sync().requeueAfter()).isEqualTo(Duration.ofSeconds(2));
        c.advance(Duration.ofMillis(1));
        assertThat(deleted(c.sync())).containsExactly(third);
        assertThat(c.backoff.values()).singleElement()
                .satisfies(e -> assertThat(e.backoff()).isEqualTo(Duration.ofSeconds(4)));
    }

    // rule 12: the back-off has a ceiling and is forgotten after twice that
    @Test
    void theBackOffStopsAtFifteenMinutesAndExpiresAfterThirty() {
        Backoff.Entry e = null;
        for (int i = 0; i < 12; i++) {
            e = Backoff.next(e, T0);
        }
        assertThat(e.backoff()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Backoff.inBackoff(e, T0.plus(Duration.ofMinutes(15)).minusMillis(1))).isTrue();
        assertThat(Backoff.inBackoff(e, T0.plus(Duration.ofMinutes(15)))).isFalse();
        assertThat(Backoff.next(e, T0.plus(Duration.ofMinutes(30)).plusMillis(1)).backoff())
                .isEqualTo(Duration.ofSeconds(1));
    }

    // rule 12: succeeded pods go at once, with a Normal event
    @Test
    void succeededPodsAreDeletedWithoutBackOff() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), "n1").converge();
        String name = ObjectMeta.name(c.podsOn("n1").get(0));
        phase(c.pods.get(name), "Succeeded");
        assertThat(deleted(c.sync())).containsExactly(name);
        assertThat(c.events).singleElement().satisfies(e -> assertThat(e.type() + " " + e.reason() + " " + e.message())
                .isEqualTo("Normal SucceededDaemonPod Found succeeded daemon pod ns/" + name
                        + " on node n1, will try to delete it"));
        assertThat(c.backoff).isEmpty();
    }

    // rule 10: a finished pod being deleted no longer holds its node
    @Test
    void aFinishedPodBeingDeletedIsReplacedAtOnce() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        c.pods.put("done", deleting(phase(pod(ds, "done", "n1", "h", T0), "Failed")));
        assertThat(created(c.sync())).hasSize(1);
    }

    // rule 13: an unbound pod for a node that is gone is deleted; a bound one is left to the pod GC
    @Test
    void unboundPodsOfMissingNodesAreDeleted() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1");
        ObjectNode ghost = pod(ds, "ghost", "gone", "h", T0);
        ((ObjectNode) ghost.get("spec")).remove("nodeName");
        DaemonPods.replaceNodeAffinity((ObjectNode) ghost.get("spec"), "gone");
        c.pods.put("ghost", ghost);
        c.pods.put("bound", pod(ds, "bound", "gone2", "h", T0));
        assertThat(deleted(c.sync())).containsExactly("ghost");
    }

    // rule 14: without surge, a node waits for its terminating pod to go
    @Test
    void aNodeWhosePodIsTerminatingGetsItsNewPodOnceItIsGone() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), "n1").converge();
        c.gracefulDeletes = true;
        deleting(c.podsOn("n1").get(0));
        assertThat(created(c.sync())).isEmpty();
        c.finishTermination();
        assertThat(created(c.sync())).hasSize(1);
    }

    // rule 27: counts, omitted zero fields, and no write when nothing changed
    @Test
    void statusCountsTheFirstPodOfEachNodeAndIsWrittenOnlyWhenItChanges() {
        ObjectNode ds = ds("agent");
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1", "n2", "n3");
        c.createdPodsReady = false;
        DaemonSetPlan first = c.sync();
        assertThat(first.status().toString()).isEqualTo("{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,"
                + "\"desiredNumberScheduled\":3,\"numberReady\":0,\"observedGeneration\":1,\"numberUnavailable\":3}");
        c.sync();
        c.ready(p -> DaemonPods.targetNode(p).equals("n1"));
        c.sync();
        assertThat(c.status().toString()).isEqualTo("{\"currentNumberScheduled\":3,\"numberMisscheduled\":0,"
                + "\"desiredNumberScheduled\":3,\"numberReady\":1,\"observedGeneration\":1,"
                + "\"updatedNumberScheduled\":3,\"numberAvailable\":1,\"numberUnavailable\":2}");
        assertThat(c.sync().status()).isNull();
        ((ObjectNode) c.ds.get("metadata")).put("generation", 2);
        assertThat(c.sync().status().path("observedGeneration").asInt()).isEqualTo(2);
    }

    // rules 27, 28: available only strictly after minReadySeconds; re-synced after minReadySeconds meanwhile
    @Test
    void podsBecomeAvailableMinReadySecondsAfterTheyTurnReady() {
        ObjectNode ds = ds("agent", spec -> spec.put("minReadySeconds", 10));
        FakeDaemonCluster c = new FakeDaemonCluster(ds, "n1").converge();
        assertThat(c.status().path("numberReady").asInt()).isEqualTo(1);
        assertThat(c.status().path("numberAvailable").asInt()).isZero();
        assertThat(c.lastPlan.requeueAfter()).isEqualTo(Duration.ofSeconds(10));
        c.now = T0.plusSeconds(10);
        c.sync();
        assertThat(c.status().path("numberAvailable").asInt()).isZero();
        c.now = T0.plusSeconds(11);
        c.sync();
        assertThat(c.status().path("numberAvailable").asInt()).isEqualTo(1);
        assertThat(c.lastPlan.requeueAfter()).isNull();
    }

    // rule 29
    @Test
    void aSetBeingDeletedIsLeftAlone() {
        FakeDaemonCluster c = new FakeDaemonCluster(deleting(ds("agent")), "n1");
        DaemonSetPlan plan = c.sync();
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.status()).isNull();
    }

    // rule 31: at most 250 creates per sync, the rest next time
    @Test
    void oneSyncCreatesAtMostTwoHundredFiftyPods() {
        String[] names = new String[260];
        for (int i = 0; i < names.length; i++) {
            names[i] = String.format("n%03d", i);
        }
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), names);
        assertThat(created(c.sync())).hasSize(250);
        assertThat(created(c.sync())).hasSize(10);
    }

    // rule 26: a sync that places pods leaves the rolling update to the next one
    @Test
    void aSyncThatPlacesPodsDoesNotAlsoRollThem() {
        FakeDaemonCluster c = new FakeDaemonCluster(ds("agent"), "n1", "n2").converge();
        c.nodes.put("n3", node("n3"));
        c.image("img:2");
        DaemonSetPlan plan = c.sync();
        assertThat(created(plan)).extracting(DaemonPods::targetNode).containsExactly("n3");
        assertThat(deleted(plan)).isEmpty();
        assertThat(deleted(c.sync())).hasSize(1);
    }
}
