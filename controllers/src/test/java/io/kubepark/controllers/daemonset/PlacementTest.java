package io.kubepark.controllers.daemonset;

import static io.kubepark.controllers.daemonset.DaemonSetFixtures.ds;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.label;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.node;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.taint;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.templateSpec;
import static io.kubepark.controllers.daemonset.DaemonSetFixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubepark.apiserver.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 1, 2 and 5: NodeShouldRunDaemonPod and the tolerations every daemon pod gets. */
class PlacementTest {
    private static final Placement.Fit RUN = new Placement.Fit(true, true);
    private static final Placement.Fit KEEP = new Placement.Fit(false, true);
    private static final Placement.Fit NO = new Placement.Fit(false, false);

    private static Placement.Fit fit(ObjectNode ds, ObjectNode node) {
        return Placement.of(ds).fit(node);
    }

    private static ObjectNode requiredTerms(ObjectNode ds) {
        return Json.child(Json.child(Json.child(templateSpec(ds), "affinity"), "nodeAffinity"),
                "requiredDuringSchedulingIgnoredDuringExecution");
    }

    // rule 1
    @Test
    void everyNodeRunsAPodOfASetWithoutConstraints() {
        assertThat(fit(ds("a"), node("n1"))).isEqualTo(RUN);
    }

    // rule 1
    @Test
    void theTemplatesNodeNameAndNodeSelectorMustMatch() {
        ObjectNode named = ds("a");
        templateSpec(named).put("nodeName", "n2");
        assertThat(fit(named, node("n1"))).isEqualTo(NO);
        assertThat(fit(named, node("n2"))).isEqualTo(RUN);

        ObjectNode selecting = ds("b");
        templateSpec(selecting).putObject("nodeSelector").put("disk", "ssd");
        assertThat(fit(selecting, node("n1"))).isEqualTo(NO);
        assertThat(fit(selecting, label(node("n1"), "disk", "ssd"))).isEqualTo(RUN);
        assertThat(fit(selecting, label(node("n1"), "disk", "hdd"))).isEqualTo(NO);
    }

    // rule 1: terms ORed, requirements ANDed
    @Test
    void requiredNodeAffinityTermsAreOredAndTheirRequirementsAnded() {
        ObjectNode ds = ds("a");
        ArrayNode terms = requiredTerms(ds).putArray("nodeSelectorTerms");
        ArrayNode first = terms.addObject().putArray("matchExpressions");
        first.addObject().put("key", "zone").put("operator", "In").putArray("values").add("a").add("b");
        first.addObject().put("key", "gpu").put("operator", "DoesNotExist");
        terms.addObject().putArray("matchFields").addObject().put("key", "metadata.name").put("operator", "In")
                .putArray("values").add("special");

        assertThat(fit(ds, label(node("n1"), "zone", "a"))).isEqualTo(RUN);
        assertThat(fit(ds, label(label(node("n1"), "zone", "a"), "gpu", "yes"))).isEqualTo(NO);
        assertThat(fit(ds, label(node("n1"), "zone", "c"))).isEqualTo(NO);
        assertThat(fit(ds, node("special"))).isEqualTo(RUN);
    }

    // rule 1: Gt and Lt compare integers; NotIn and Exists
    @Test
    void numericAndSetOperatorsFollowTheLabelSelectorSemantics() {
        ObjectNode ds = ds("a");
        ArrayNode reqs = requiredTerms(ds).putArray("nodeSelectorTerms").addObject().putArray("matchExpressions");
        reqs.addObject().put("key", "cores").put("operator", "Gt").putArray("values").add("4");
        reqs.addObject().put("key", "cores").put("operator", "Lt").putArray("values").add("64");
        reqs.addObject().put("key", "pool").put("operator", "NotIn").putArray("values").add("spot");
        reqs.addObject().put("key", "kubernetes.io/hostname").put("operator", "Exists");
        assertThat(fit(ds, label(node("n1"), "cores", "8"))).isEqualTo(RUN);
        assertThat(fit(ds, label(node("n1"), "cores", "4"))).isEqualTo(NO);
        assertThat(fit(ds, label(node("n1"), "cores", "eight"))).isEqualTo(NO);
        assertThat(fit(ds, label(label(node("n1"), "cores", "8"), "pool", "spot"))).isEqualTo(NO);
        assertThat(fit(ds, node("n1"))).isEqualTo(NO);
    }

    // rule 1: an empty term, or one that does not parse, matches nothing
    @Test
    void emptyAndUnparsableTermsMatchNothing() {
        ObjectNode empty = ds("a");
        requiredTerms(empty).putArray("nodeSelectorTerms").addObject();
        assertThat(fit(empty, node("n1"))).isEqualTo(NO);

        ObjectNode bad = ds("b");
        ArrayNode terms = requiredTerms(bad).putArray("nodeSelectorTerms");
        terms.addObject().putArray("matchFields").addObject().put("key", "metadata.name").put("operator", "In")
                .putArray("values").add("n1").add("n2");
        terms.addObject().putArray("matchExpressions").addObject().put("key", "x").put("operator", "Exists")
                .putArray("values").add("y");
        assertThat(fit(bad, node("n1"))).isEqualTo(NO);
        terms.addObject().putArray("matchFields").addObject().put("key", "metadata.name").put("operator", "NotIn")
                .putArray("values").add("n2");
        assertThat(fit(bad, node("n1"))).isEqualTo(RUN);
    }

    // rules 1 and 2: NoSchedule keeps new pods away, NoExecute removes running ones, PreferNoSchedule neither
    @Test
    void untoleratedTaintsDecideBetweenRunKeepAndNo() {
        ObjectNode ds = ds("a");
        assertThat(fit(ds, taint(node("n1"), "dedicated", "infra", "NoSchedule"))).isEqualTo(KEEP);
        assertThat(fit(ds, taint(node("n1"), "dedicated", "infra", "NoExecute"))).isEqualTo(NO);
        assertThat(fit(ds, taint(node("n1"), "dedicated", "infra", "PreferNoSchedule"))).isEqualTo(RUN);

        templateSpec(ds).putArray("tolerations").add(toleration("dedicated", "Equal", "infra", "NoSchedule"));
        assertThat(fit(ds, taint(node("n1"), "dedicated", "infra", "NoSchedule"))).isEqualTo(RUN);
        assertThat(fit(ds, taint(node("n1"), "dedicated", "other", "NoSchedule"))).isEqualTo(KEEP);
        assertThat(fit(ds, taint(taint(node("n1"), "dedicated", "infra", "NoSchedule"), "drain", null, "NoExecute")))
                .isEqualTo(NO);
    }

    // rule 2: a node name or affinity mismatch is NO even without taints; a toleration with an empty key tolerates all
    @Test
    void anOperatorExistsTolerationWithoutKeyToleratesEveryTaint() {
        ObjectNode ds = ds("a");
        templateSpec(ds).putArray("tolerations").add(Json.object().put("operator", "Exists"));
        assertThat(fit(ds, taint(taint(node("n1"), "a", "b", "NoSchedule"), "c", null, "NoExecute"))).isEqualTo(RUN);
    }

    // rules 2 and 5: the problem taints of the node lifecycle controller and a cordon
    @Test
    void daemonPodsKeepRunningOnNodesThatAreNotReadyAndGoOnCordonedOnes() {
        ObjectNode ds = ds("a");
        ObjectNode unreachable = taint(taint(node("n1"), "node.kubernetes.io/unreachable", null, "NoSchedule"),
                "node.kubernetes.io/unreachable", null, "NoExecute");
        assertThat(fit(ds, unreachable)).isEqualTo(KEEP);
        assertThat(fit(ds, taint(node("n1"), "node.kubernetes.io/unschedulable", null, "NoSchedule"))).isEqualTo(RUN);
        assertThat(fit(ds, taint(node("n1"), "node.kubernetes.io/memory-pressure", null, "NoSchedule")))
                .isEqualTo(RUN);
        ObjectNode network = taint(node("n1"), "node.kubernetes.io/network-unavailable", null, "NoSchedule");
        assertThat(fit(ds, network)).isEqualTo(KEEP);
        templateSpec(ds).put("hostNetwork", true);
        assertThat(fit(ds, network)).isEqualTo(RUN);
    }

    // rule 5
    @Test
    void daemonTolerationsAreAppendedInOrderAndAMatchingOneIsReplacedInPlace() {
        ObjectNode ds = ds("a");
        ArrayNode own = templateSpec(ds).putArray("tolerations");
        own.add(toleration("mine", "Exists", null, "NoSchedule"));
        own.add(toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute").put("tolerationSeconds", 10));
        List<String> got = new ArrayList<>();
        for (JsonNode t : Placement.withDaemonTolerations(templateSpec(ds)).path("tolerations")) {
            got.add(t.path("key").asText() + ":" + t.path("effect").asText() + ":" + t.path("tolerationSeconds").asText("-"));
        }
        assertThat(got).containsExactly("mine:NoSchedule:-", "node.kubernetes.io/unreachable:NoExecute:-",
                "node.kubernetes.io/not-ready:NoExecute:-", "node.kubernetes.io/disk-pressure:NoSchedule:-",
                "node.kubernetes.io/memory-pressure:NoSchedule:-", "node.kubernetes.io/pid-pressure:NoSchedule:-",
                "node.kubernetes.io/unschedulable:NoSchedule:-");
        templateSpec(ds).put("hostNetwork", true);
        assertThat(Placement.withDaemonTolerations(templateSpec(ds)).path("tolerations").get(7).path("key").asText())
                .isEqualTo("node.kubernetes.io/network-unavailable");
        assertThat(templateSpec(ds).path("tolerations")).hasSize(2); // the set's template is not changed
    }

    // rule 5: a toleration that differs in operator or value is not the same toleration
    @Test
    void aTolerationWithAnotherOperatorIsKeptBesideTheDaemonOne() {
        ObjectNode ds = ds("a");
        templateSpec(ds).putArray("tolerations").add(toleration("node.kubernetes.io/not-ready", "Equal", "", "NoExecute")
                .put("tolerationSeconds", 5));
        JsonNode tolerations = Placement.withDaemonTolerations(templateSpec(ds)).path("tolerations");
        assertThat(tolerations).hasSize(7);
        assertThat(tolerations.get(0).path("tolerationSeconds").asInt()).isEqualTo(5);
    }
}
