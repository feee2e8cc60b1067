package io.kubepark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * DaemonSets end to end, through fabric8 over HTTP, on a virtual clock with three nodes. The rule numbers are those
 * of docs/workloads/daemonset.md.
 */
class DaemonSetTest extends WithCluster {
    private static final String NS = "default";
    private static final String ANNOTATION = "deprecated.daemonset.template.generation";

    /** A set {@code name} selecting {@code app: name}, one busybox container. */
    static DaemonSetBuilder ds(String name) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("agent").withImage("busybox:1.36").endContainer().endSpec().endTemplate()
                .endSpec();
    }

    private DaemonSet create(DaemonSetBuilder b) {
        DaemonSet created = client.apps().daemonSets().inNamespace(NS).resource(b.build()).create();
        park.awaitIdle();
        return created;
    }

    private DaemonSet get(String name) {
        return client.apps().daemonSets().inNamespace(NS).withName(name).get();
    }

    private DaemonSetStatus status(String name) {
        return get(name).getStatus();
    }

    private void edit(String name, UnaryOperator<DaemonSet> change) {
        client.apps().daemonSets().inNamespace(NS).withName(name).edit(change);
        park.awaitIdle();
    }

    private void image(String name, String image) {
        edit(name, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        });
    }

    private void editNode(String node, UnaryOperator<Node> change) {
        client.nodes().withName(node).edit(change);
        park.awaitIdle();
    }

    /** The set's pods (by its label), by node. */
    private List<Pod> pods(String name) {
        return client.pods().inNamespace(NS).withLabel("app", name).list().getItems().stream()
                .sorted(Comparator.comparing(DaemonSetTest::nodeOf).thenComparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /** The set's pods that are not being deleted. */
    private List<Pod> live(String name) {
        return pods(name).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private Pod podOn(String name, String node) {
        return live(name).stream().filter(p -> nodeOf(p).equals(node)).findFirst().orElse(null);
    }

    /** spec.nodeName, or before binding the node its required affinity names. */
    static String nodeOf(Pod pod) {
        if (pod.getSpec().getNodeName() != null) {
            return pod.getSpec().getNodeName();
        }
        return pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchFields().get(0).getValues().get(0);
    }

    static String hashOf(Pod pod) {
        return pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    /** The events about the set, as "Type Reason Message". */
    private List<String> events(String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name)
                        && e.getInvolvedObject().getKind().equals("DaemonSet"))
                .map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList();
    }

    private List<ControllerRevision> revisions(String name) {
        return client.apps().controllerRevisions().inNamespace(NS).withLabel("app", name).list().getItems().stream()
                .sorted(Comparator.comparingLong(ControllerRevision::getRevision)).toList();
    }

    /** "desired current ready updated available misscheduled", nulls as 0. */
    private String counts(String name) {
        DaemonSetStatus s = status(name);
        return n(s.getDesiredNumberScheduled()) + " " + n(s.getCurrentNumberScheduled()) + " " + n(s.getNumberReady())
                + " " + n(s.getUpdatedNumberScheduled()) + " " + n(s.getNumberAvailable()) + " "
                + n(s.getNumberMisscheduled());
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }

    /** A Node without a kubelet, ready as of now: nothing moves its pods but the test. */
    private void manualNode(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata().withNewStatus()
                .addToAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"),
                        "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withLastHeartbeatTime(park.now().toString()).withLastTransitionTime(park.now().toString())
                .endCondition().endStatus().build()).create();
        park.awaitIdle();
    }

    private static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    // rules 1, 3, 6, 7, 8, 27, 30
    @Test
    void everyNodeRunsOnePodThatTheDefaultSchedulerBinds() {
        DaemonSet created = create(ds("agent"));
        List<Pod> pods = pods("agent");
        assertThat(pods).extracting(p -> p.getSpec().getNodeName()).containsExactly("node-1", "node-2", "node-3");
        String hash = hashOf(pods.get(0));
        for (Pod p : pods) {
            assertThat(p.getMetadata().getName()).matches("agent-[a-z0-9]{5}");
            assertThat(p.getMetadata().getGenerateName()).isEqualTo("agent-");
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "agent")
                    .containsEntry("pod-template-generation", "1").containsEntry("controller-revision-hash", hash);
            assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
                assertThat(r.getKind() + "/" + r.getName() + "/" + r.getUid()).isEqualTo("DaemonSet/agent/"
                        + created.getMetadata().getUid());
                assertThat(r.getController()).isTrue();
                assertThat(r.getBlockOwnerDeletion()).isTrue();
            });
            assertThat(p.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    .getNodeSelectorTerms()).singleElement().satisfies(t -> {
                        assertThat(t.getMatchFields()).singleElement().satisfies(f -> assertThat(
                                f.getKey() + " " + f.getOperator() + " " + f.getValues())
                                .isEqualTo("metadata.name In [" + p.getSpec().getNodeName() + "]"));
                    });
            assertThat(ready(p)).isTrue();
        }
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]+");
        DaemonSet ds = get("agent");
        assertThat(ds.getMetadata().getAnnotations()).containsEntry(ANNOTATION, "1");
        assertThat(counts("agent")).isEqualTo("3 3 3 3 3 0");
        assertThat(ds.getStatus().getNumberUnavailable()).isNull();
        assertThat(ds.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(events("agent")).containsExactlyInAnyOrderElementsOf(
                pods.stream().map(p -> "Normal SuccessfulCreate Created pod: " + p.getMetadata().getName()).toList());
        assertThat(revisions("agent")).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getName()).isEqualTo("agent-" + hash);
            assertThat(r.getRevision()).isEqualTo(1L);
        });
    }

    // rules 1, 4, 27
    @Test
    void nodeSelectorAffinityAndNodeNameChooseTheNodesAndLabelChangesMoveThePods() {
        editNode("node-2", n -> {
            n.getMetadata().getLabels().put("disk", "ssd");
            return n;
        });
        create(ds("ssd").editSpec().editTemplate().editSpec().addToNodeSelector("disk", "ssd").endSpec().endTemplate()
                .endSpec());
        assertThat(live("ssd")).extracting(DaemonSetTest::nodeOf).containsExactly("node-2");
        assertThat(counts("ssd")).isEqualTo("1 1 1 1 1 0");

        editNode("node-3", n -> {
            n.getMetadata().getLabels().put("disk", "ssd");
            return n;
        });
        assertThat(live("ssd")).extracting(DaemonSetTest::nodeOf).containsExactly("node-2", "node-3");
        editNode("node-2", n -> {
            n.getMetadata().getLabels().remove("disk");
            return n;
        });
        assertThat(pods("ssd")).extracting(DaemonSetTest::nodeOf).containsExactly("node-3");
        assertThat(counts("ssd")).isEqualTo("1 1 1 1 1 0");
        assertThat(events("ssd")).anySatisfy(e -> assertThat(e).startsWith("Normal SuccessfulDelete Deleted pod: ssd-"));

        create(ds("pinned").editSpec().editTemplate().editSpec().withNodeName("node-1").endSpec().endTemplate()
                .endSpec());
        assertThat(live("pinned")).extracting(DaemonSetTest::nodeOf).containsExactly("node-1");
        create(ds("some").editSpec().editTemplate().editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In")
                .withValues("node-1", "node-3").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec()
                .endTemplate().endSpec());
        assertThat(live("some")).extracting(p -> p.getSpec().getNodeName()).containsExactly("node-1", "node-3");
    }

    // rules 1, 2, 27
    @Test
    void untoleratedTaintsKeepNewPodsAwayAndOnlyNoExecuteRemovesRunningOnes() {
        editNode("node-1", n -> {
            n.getSpec().setTaints(List.of(taint("dedicated", "infra", "NoSchedule")));
            return n;
        });
        create(ds("plain"));
        create(ds("infra").editSpec().editTemplate().editSpec().addNewToleration().withKey("dedicated")
                .withOperator("Equal").withValue("infra").withEffect("NoSchedule").endToleration().endSpec()
                .endTemplate().endSpec());
        assertThat(live("plain")).extracting(DaemonSetTest::nodeOf).containsExactly("node-2", "node-3");
        assertThat(live("infra")).extracting(DaemonSetTest::nodeOf).containsExactly("node-1", "node-2", "node-3");

        editNode("node-2", n -> {
            n.getSpec().setTaints(List.of(taint("maintenance", "true", "NoSchedule")));
            return n;
        });
        assertThat(live("plain")).extracting(DaemonSetTest::nodeOf).containsExactly("node-2", "node-3");
        assertThat(counts("plain")).isEqualTo("1 1 1 1 1 1");

        editNode("node-3", n -> {
            n.getSpec().setTaints(List.of(taint("drain", "now", "NoExecute")));
            return n;
        });
        assertThat(live("plain")).extracting(DaemonSetTest::nodeOf).containsExactly("node-2");
        assertThat(counts("plain")).isEqualTo("0 0 0 0 0 1");
    }

    // rules 2, 5, 27: a silent node keeps its daemon pod; no eviction after 300 s
    @Test
    void aDaemonPodStaysOnANodeThatStoppedHeartbeating() {
        create(ds("agent").editSpec().editTemplate().editSpec().addNewToleration()
                .withKey("node.kubernetes.io/unreachable").withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(10L).endToleration().endSpec().endTemplate().endSpec());
        Pod onTwo = podOn("agent", "node-2");
        assertThat(onTwo.getSpec().getTolerations()).extracting(t -> t.getKey() + ":" + t.getEffect() + ":"
                + t.getTolerationSeconds()).containsExactly(
                "node.kubernetes.io/unreachable:NoExecute:null", "node.kubernetes.io/not-ready:NoExecute:null",
                "node.kubernetes.io/disk-pressure:NoSchedule:null", "node.kubernetes.io/memory-pressure:NoSchedule:null",
                "node.kubernetes.io/pid-pressure:NoSchedule:null", "node.kubernetes.io/unschedulable:NoSchedule:null");
        park.stopHeartbeats("node-2");
        park.advance(Duration.ofSeconds(55));
        assertThat(client.nodes().withName("node-2").get().getSpec().getTaints()).extracting(Taint::getKey)
                .contains("node.kubernetes.io/unreachable");
        park.advance(Duration.ofMinutes(10));
        Pod still = podOn("agent", "node-2");
        assertThat(still).isNotNull();
        assertThat(still.getMetadata().getUid()).isEqualTo(onTwo.getMetadata().getUid());
        DaemonSetStatus s = status("agent");
        assertThat(n(s.getDesiredNumberScheduled()) + " " + n(s.getCurrentNumberScheduled()) + " "
                + n(s.getNumberMisscheduled())).isEqualTo("2 2 1");
    }

    // rule 5: cordoned nodes take daemon pods; hostNetwork adds network-unavailable
    @Test
    void aCordonedNodeStillGetsItsDaemonPod() {
        create(ds("net").editSpec().editTemplate().editSpec().withHostNetwork(true).endSpec().endTemplate().endSpec());
        assertThat(podOn("net", "node-1").getSpec().getTolerations()).extracting(Toleration::getKey)
                .contains("node.kubernetes.io/network-unavailable");
        editNode("node-3", n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        assertThat(client.nodes().withName("node-3").get().getSpec().getTaints()).extracting(Taint::getKey)
                .containsExactly("node.kubernetes.io/unschedulable");
        String before = podOn("net", "node-3").getMetadata().getName();
        client.pods().inNamespace(NS).withName(before).delete();
        park.awaitIdle();
        Pod after = podOn("net", "node-3");
        assertThat(after.getMetadata().getName()).isNotEqualTo(before);
        assertThat(after.getSpec().getNodeName()).isEqualTo("node-3");
        assertThat(ready(after)).isTrue();
        assertThat(counts("net")).isEqualTo("3 3 3 3 3 0");
    }

    // rules 4, 10: a new node gets a pod; a bound pod its kubelet never ran still counts as scheduled
    @Test
    void aNewNodeGetsAPod() {
        create(ds("agent"));
        manualNode("node-4");
        Pod pod = podOn("agent", "node-4");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("node-4");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(counts("agent")).isEqualTo("4 4 3 4 3 0");
        assertThat(status("agent").getNumberUnavailable()).isEqualTo(1);
    }

    // rule 12: failed pods are deleted and replaced, with back-off
    @Test
    void failedPodsAreReplacedWithBackOff() {
        manualNode("manual");
        create(ds("agent").editSpec().editTemplate().editSpec().addToNodeSelector("kubernetes.io/hostname", "manual")
                .endSpec().endTemplate().endSpec());
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Pod pod = podOn("agent", "manual");
            assertThat(pod).as("round " + round).isNotNull();
            seen.add(pod.getMetadata().getName());
            pod.getStatus().setPhase("Failed");
            client.pods().inNamespace(NS).resource(pod).updateStatus();
            park.awaitIdle();
            if (round > 0) {
                // within the back-off since the last deletion: the failed pod stays
                assertThat(podOn("agent", "manual").getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
                park.advance(Duration.ofSeconds(round == 1 ? 1 : 2).minusMillis(1));
                assertThat(podOn("agent", "manual").getMetadata().getName()).isEqualTo(pod.getMetadata().getName());
                park.advance(Duration.ofMillis(1));
            }
            assertThat(podOn("agent", "manual").getMetadata().getName()).isNotEqualTo(pod.getMetadata().getName());
        }
        assertThat(events("agent")).filteredOn(e -> e.contains("FailedDaemonPod")).containsExactlyInAnyOrderElementsOf(
                seen.stream().map(p -> "Warning FailedDaemonPod Found failed daemon pod default/" + p
                        + " on node manual, will try to kill it").toList());
    }

    // rules 9, 20: a set re-created over orphaned pods adopts them and their revision instead of rolling
    @Test
    void aSetRecreatedAfterAnOrphaningDeleteAdoptsThePodsAndTheirRevision() {
        create(ds("agent"));
        List<String> uids = pods("agent").stream().map(p -> p.getMetadata().getUid()).toList();
        String revision = revisions("agent").get(0).getMetadata().getName();
        client.apps().daemonSets().inNamespace(NS).withName("agent").withPropagationPolicy(
                io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
        park.awaitIdle();
        assertThat(pods("agent")).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
        DaemonSet again = create(ds("agent"));
        assertThat(pods("agent")).extracting(p -> p.getMetadata().getUid()).containsExactlyElementsOf(uids);
        assertThat(pods("agent")).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(again.getMetadata().getUid())));
        assertThat(revisions("agent")).singleElement().satisfies(r -> {
            assertThat(r.getMetadata().getName()).isEqualTo(revision);
            assertThat(r.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(again.getMetadata().getUid());
        });
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).noneMatch(e -> e.getInvolvedObject()
                .getUid().equals(again.getMetadata().getUid()) && e.getReason().equals("SuccessfulCreate"));
        assertThat(counts("agent")).isEqualTo("3 3 3 3 3 0");
    }

    // rules 9, 11, 30: an adopted extra pod is deleted, the older one kept; a pod that stops matching is released
    @Test
    void extraPodsAreDeletedAndPodsThatStopMatchingAreReleased() {
        create(ds("agent"));
        String kept = podOn("agent", "node-1").getMetadata().getName();
        park.advance(Duration.ofSeconds(1));
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("stray")
                .addToLabels("app", "agent").endMetadata().withNewSpec().withNodeName("node-1").addNewContainer()
                .withName("c").withImage("busybox:1.36").endContainer().endSpec().build()).create();
        park.awaitIdle();
        assertThat(live("agent")).extracting(p -> p.getMetadata().getName()).contains(kept).doesNotContain("stray");
        assertThat(events("agent")).contains("Normal SuccessfulDelete Deleted pod: stray");

        String leaving = podOn("agent", "node-2").getMetadata().getName();
        client.pods().inNamespace(NS).withName(leaving).edit(p -> {
            p.getMetadata().getLabels().put("app", "elsewhere");
            return p;
        });
        park.awaitIdle();
        assertThat(client.pods().inNamespace(NS).withName(leaving).get().getMetadata().getOwnerReferences()).isEmpty();
        assertThat(podOn("agent", "node-2").getMetadata().getName()).isNotEqualTo(leaving);
        assertThat(counts("agent")).isEqualTo("3 3 3 3 3 0");
    }

    // rules 15, 16, 21, 23, 27, 30: one node at a time, then back to the first revision
    @Test
    void aRollingUpdateReplacesOnePodAtATimeAndARollbackReusesTheFirstRevision() {
        create(ds("web").editSpec().editTemplate().editMetadata().addToAnnotations("kubepark.io/stop-delay", "5s")
                .endMetadata().endTemplate().endSpec());
        String first = hashOf(pods("web").get(0));
        image("web", "busybox:1.37");
        List<ControllerRevision> revisions = revisions("web");
        assertThat(revisions).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
        String second = revisions.get(1).getMetadata().getLabels().get("controller-revision-hash");
        assertThat(revisions.get(1).getMetadata().getName()).isEqualTo("web-" + second);
        assertThat(get("web").getMetadata().getAnnotations()).containsEntry(ANNOTATION, "2");
        for (int step = 1; step <= 3; step++) {
            List<Pod> pods = pods("web");
            assertThat(pods).filteredOn(p -> p.getMetadata().getDeletionTimestamp() != null).as("step " + step)
                    .hasSize(1);
            assertThat(live("web")).filteredOn(p -> hashOf(p).equals(second)).hasSize(step - 1);
            park.advance(Duration.ofSeconds(5));
            assertThat(live("web")).filteredOn(p -> hashOf(p).equals(second)).hasSize(step);
        }
        assertThat(live("web")).hasSize(3).allSatisfy(p -> {
            assertThat(hashOf(p)).isEqualTo(second);
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-generation", "2");
            assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.37");
        });
        assertThat(counts("web")).isEqualTo("3 3 3 3 3 0");

        image("web", "busybox:1.36");
        park.advance(Duration.ofSeconds(20));
        assertThat(live("web")).hasSize(3).allSatisfy(p -> assertThat(hashOf(p)).isEqualTo(first));
        assertThat(revisions("web")).extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
                .containsExactly("web-" + second + "@2", "web-" + first + "@3");
        assertThat(events("web")).filteredOn(e -> e.startsWith("Normal SuccessfulDelete Deleted pod: web-")).hasSize(6);
    }

    // rule 23: a percentage rounds up: 34% of 3 nodes is 2 at once
    @Test
    void maxUnavailableAsAPercentageRoundsUp() {
        create(ds("web").editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString("34%")).endRollingUpdate().endUpdateStrategy().editTemplate()
                .editMetadata().addToAnnotations("kubepark.io/stop-delay", "5s").endMetadata().endTemplate().endSpec());
        image("web", "busybox:1.37");
        assertThat(pods("web")).filteredOn(p -> p.getMetadata().getDeletionTimestamp() != null).hasSize(2);
    }

    // rules 24, 27: with maxSurge the new pod starts beside the old one, so every node keeps an available pod
    @Test
    void withMaxSurgeEveryNodeKeepsAnAvailablePod() {
        create(ds("web").editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate()
                .endUpdateStrategy().editTemplate().editMetadata().addToAnnotations("kubepark.io/ready-after", "10s")
                .endMetadata().endTemplate().endSpec());
        park.advance(Duration.ofSeconds(10));
        assertThat(counts("web")).isEqualTo("3 3 3 3 3 0");
        String first = hashOf(pods("web").get(0));
        image("web", "busybox:1.37");
        assertThat(live("web")).filteredOn(p -> nodeOf(p).equals("node-1")).hasSize(2);
        assertThat(live("web")).hasSize(4);
        for (int i = 0; i < 3; i++) {
            assertThat(n(status("web").getNumberAvailable())).isEqualTo(3);
            // one node at a time runs a second, not yet ready pod
            assertThat(live("web")).hasSize(4).filteredOn(p -> !ready(p)).singleElement()
                    .satisfies(p -> assertThat(hashOf(p)).isNotEqualTo(first));
            park.advance(Duration.ofSeconds(10));
        }
        assertThat(live("web")).hasSize(3).allSatisfy(p -> assertThat(hashOf(p)).isNotEqualTo(first));
        assertThat(counts("web")).isEqualTo("3 3 3 3 3 0");
    }

    // rules 21, 22
    @Test
    void onDeleteReplacesOnlyThePodsSomeoneDeletes() {
        create(ds("agent").editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec());
        image("agent", "busybox:1.37");
        assertThat(live("agent")).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                .isEqualTo("busybox:1.36"));
        assertThat(revisions("agent")).hasSize(2);
        assertThat(counts("agent")).isEqualTo("3 3 3 0 3 0");
        assertThat(status("agent").getObservedGeneration()).isEqualTo(2L);
        client.pods().inNamespace(NS).withName(podOn("agent", "node-2").getMetadata().getName()).delete();
        park.awaitIdle();
        Pod replaced = podOn("agent", "node-2");
        assertThat(replaced.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.37");
        assertThat(replaced.getMetadata().getLabels()).containsEntry("pod-template-generation", "2");
        assertThat(counts("agent")).isEqualTo("3 3 3 1 3 0");
    }

    // rule 19
    @Test
    void revisionsBeyondTheHistoryLimitAreDeleted() {
        create(ds("agent").editSpec().withRevisionHistoryLimit(1).endSpec());
        for (String image : List.of("busybox:1.37", "busybox:1.38", "busybox:1.39")) {
            image("agent", image);
        }
        assertThat(revisions("agent")).extracting(ControllerRevision::getRevision).containsExactly(3L, 4L);
    }

    // rule 28
    @Test
    void podsCountAsAvailableOnlyMinReadySecondsAfterTheyTurnReady() {
        create(ds("agent").editSpec().withMinReadySeconds(10).endSpec());
        assertThat(counts("agent")).isEqualTo("3 3 3 3 0 0");
        assertThat(status("agent").getNumberUnavailable()).isEqualTo(3);
        park.advance(Duration.ofSeconds(10));
        assertThat(counts("agent")).isEqualTo("3 3 3 3 0 0");
        park.advance(Duration.ofSeconds(1));
        assertThat(counts("agent")).isEqualTo("3 3 3 3 3 0");
        assertThat(status("agent").getNumberUnavailable()).isNull();
    }

    // rules 30, 31: a create that fails is reported, ends the slow-start batch, and is retried with back-off
    @Test
    void podsThatCannotBeCreatedAreReportedAndRetried() {
        create(ds("agent").editSpec().editTemplate().editSpec().withServiceAccountName("watcher").endSpec()
                .endTemplate().endSpec());
        assertThat(pods("agent")).isEmpty();
        // two syncs (the set's creation, then its new revision and status), each stopping after its first batch of
        // one create: two attempts for three nodes, not six
        assertThat(events("agent")).hasSize(2).allSatisfy(e -> assertThat(e)
                .startsWith("Warning FailedCreate Error creating: pods \"agent-")
                .endsWith("is forbidden: error looking up service account default/watcher: serviceaccount "
                        + "\"watcher\" not found"));
        client.serviceAccounts().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("watcher").endMetadata().build()).create();
        park.advance(Duration.ofSeconds(1));
        assertThat(live("agent")).hasSize(3);
        assertThat(events("agent")).filteredOn(e -> e.startsWith("Normal SuccessfulCreate")).hasSize(3);
    }

    // rule 14: a node's new pod waits for the terminating one
    @Test
    void aDeletedPodIsReplacedOnceItHasTerminated() {
        create(ds("agent").editSpec().editTemplate().editMetadata().addToAnnotations("kubepark.io/stop-delay", "5s")
                .endMetadata().endTemplate().endSpec());
        String old = podOn("agent", "node-1").getMetadata().getName();
        client.pods().inNamespace(NS).withName(old).delete();
        park.awaitIdle();
        assertThat(pods("agent")).filteredOn(p -> nodeOf(p).equals("node-1")).singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo(old));
        park.advance(Duration.ofSeconds(5));
        assertThat(podOn("agent", "node-1").getMetadata().getName()).isNotEqualTo(old);
    }

    // rule 29: deleting the set takes its pods and revisions
    @Test
    void deletingTheSetRemovesItsPodsAndRevisions() {
        create(ds("agent"));
        client.apps().daemonSets().inNamespace(NS).withName("agent").delete();
        park.awaitIdle();
        assertThat(pods("agent")).isEmpty();
        assertThat(revisions("agent")).isEmpty();
    }

    // rules 8, 32
    @Test
    void defaultsAndTheTemplateGenerationAreThoseOfAV133Server() {
        DaemonSet created = create(ds("agent"));
        assertThat(created.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(created.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable())
                .isEqualTo(new IntOrString(1));
        assertThat(created.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge())
                .isEqualTo(new IntOrString(0));
        assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(created.getMetadata().getAnnotations()).containsEntry(ANNOTATION, "1");
        edit("agent", d -> {
            d.getMetadata().getLabels().put("team", "infra");
            d.getMetadata().getAnnotations().put(ANNOTATION, "7");
            return d;
        });
        assertThat(get("agent").getMetadata().getAnnotations()).containsEntry(ANNOTATION, "1");
        image("agent", "busybox:1.37");
        assertThat(get("agent").getMetadata().getAnnotations()).containsEntry(ANNOTATION, "2");
        assertThat(get("agent").getMetadata().getGeneration()).isEqualTo(2L);
        DaemonSet given = client.apps().daemonSets().inNamespace(NS).resource(ds("given").editMetadata()
                .addToAnnotations(ANNOTATION, "5").endMetadata().build()).create();
        assertThat(given.getMetadata().getAnnotations()).containsEntry(ANNOTATION, "5");
    }

    private String rejected(DaemonSetBuilder builder) {
        DaemonSet d = builder.build();
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                () -> client.apps().daemonSets().inNamespace(NS).resource(d).create());
        assertThat(e).as("a 422 for " + d.getMetadata().getName()).isNotNull();
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(get(d.getMetadata().getName())).isNull();
        return e.getStatus().getMessage();
    }

    private static DaemonSetBuilder rolling(String name, IntOrString maxUnavailable, IntOrString maxSurge) {
        return ds(name).editSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(maxUnavailable).withMaxSurge(maxSurge).endRollingUpdate().endUpdateStrategy()
                .endSpec();
    }

    // rule 33
    @Test
    void badSpecsAreRefusedWithTheMessagesOfAV133Server() {
        assertThat(rejected(ds("mismatch").editSpec().editTemplate().editMetadata().withLabels(Map.of("app", "other"))
                .endMetadata().endTemplate().endSpec()))
                .isEqualTo("DaemonSet.apps \"mismatch\" is invalid: spec.template.metadata.labels: Invalid value: "
                        + "map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`");
        assertThat(rejected(ds("noselector").editSpec().withSelector(null).endSpec()))
                .contains("spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"noselector\"}: "
                        + "`selector` does not match template `labels`")
                .doesNotContain("Required value");
        assertThat(rejected(rolling("zero", new IntOrString(0), new IntOrString(0))))
                .isEqualTo("DaemonSet.apps \"zero\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: "
                        + "Required value: cannot be 0 when maxSurge is 0");
        assertThat(rejected(rolling("both", new IntOrString(1), new IntOrString(1))))
                .isEqualTo("DaemonSet.apps \"both\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid "
                        + "value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable "
                        + "is non-zero");
        assertThat(rejected(ds("surgeonly").editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString("25%")).endRollingUpdate().endUpdateStrategy()
                .endSpec()))
                .contains("spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, "
                        + "IntVal:0, StrVal:\"25%\"}: may not be set when maxUnavailable is non-zero");
        assertThat(rejected(rolling("much", new IntOrString("150%"), new IntOrString(0))))
                .contains("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, "
                        + "IntVal:0, StrVal:\"150%\"}: must not be greater than 100%");
        assertThat(rejected(rolling("word", new IntOrString("half"), new IntOrString(0))))
                .contains("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, "
                        + "IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an "
                        + "ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
        assertThat(rejected(rolling("negative", new IntOrString(-1), new IntOrString(0))))
                .contains("spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than "
                        + "or equal to 0");
        assertThat(rejected(ds("recreate").editSpec().withNewUpdateStrategy().withType("Recreate").endUpdateStrategy()
                .endSpec()))
                .contains("spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Recreate\", "
                        + "RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", "
                        + "\"OnDelete\"");
        assertThat(rejected(ds("never").editSpec().editTemplate().editSpec().withRestartPolicy("Never").endSpec()
                .endTemplate().endSpec()))
                .contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"");
        assertThat(rejected(ds("deadline").editSpec().editTemplate().editSpec().withActiveDeadlineSeconds(60L)
                .endSpec().endTemplate().endSpec()))
                .contains("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is "
                        + "not Supported");
        assertThat(rejected(ds("slow").editSpec().withMinReadySeconds(-1).withRevisionHistoryLimit(-1).endSpec()))
                .contains("spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0")
                .contains("spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0");
        assertThat(rejected(ds("empty").editSpec().withNewSelector().endSelector().endSpec()))
                .contains("empty selector is invalid for daemonset");
    }

    // rule 33: the selector may not change
    @Test
    void theSelectorCannotChange() {
        create(ds("agent"));
        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                () -> client.apps().daemonSets().inNamespace(NS).withName("agent").patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"selector\":{\"matchLabels\":"
                                + "{\"app\":\"agent\",\"tier\":\"x\"}},\"template\":{\"metadata\":{\"labels\":"
                                + "{\"tier\":\"x\"}}}}}"));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getStatus().getMessage()).contains("spec.selector: Invalid value:").contains("field is immutable");
        assertThat(Objects.requireNonNull(get("agent")).getSpec().getSelector().getMatchLabels())
                .containsOnlyKeys("app");
    }
}
