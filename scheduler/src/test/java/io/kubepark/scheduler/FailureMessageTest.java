package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The D4 failure message, byte for byte. */
class FailureMessageTest {

    private final Framework framework = Framework.defaults();

    private ScheduleResult.Unschedulable unschedulable(ScheduleResult result) {
        assertThat(result).isInstanceOf(ScheduleResult.Unschedulable.class);
        return (ScheduleResult.Unschedulable) result;
    }

    @Test
    void insufficientMemoryOnEveryEmptyNodeReadsAsObserved() {
        var view = cluster(node("n1").build(), node("n2").build(), node("n3").build());

        var result = unschedulable(framework.schedule(pod("big").memory("64Gi").build(), view));

        assertThat(result.message()).isEqualTo("0/3 nodes are available: 3 Insufficient memory. preemption: "
                + "0/3 nodes are available: 3 No preemption victims found for incoming pod..");
        assertThat(result.unresolvable()).isFalse();
        assertThat(result.nominatedNode()).isNull();
    }

    @Test
    void controlPlaneTaintAndInsufficientCpuReadAsObserved() {
        var view = cluster(node("cp").controlPlane().build(), node("w1").cpu("1").build(), node("w2").cpu("1").build());

        var result = unschedulable(framework.schedule(pod("p").cpu("2").build(), view));

        assertThat(result.message()).isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint "
                + "{node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..");
    }

    @Test
    void missingClaimReadsAsObserved() {
        var view = cluster(node("n1").build(), node("n2").build(), node("n3").build());

        var result = unschedulable(framework.schedule(pod("p").claim("claim1").build(), view));

        assertThat(result.message()).isEqualTo("0/3 nodes are available: persistentvolumeclaim \"claim1\" not found. "
                + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..");
    }

    @Test
    void reasonsOfSeveralPluginsAreCountedAndSortedAsStrings() {
        var view = cluster(
                node("a").cpu("1").memory("1Gi").build(),
                node("b").cpu("1").build(),
                node("c").unschedulable().build(),
                node("d").taint("dedicated", "gpu", "NoExecute").build());

        var result = unschedulable(framework.schedule(
                pod("p").cpu("2").memory("2Gi").preemptionPolicy("Never").build(), view));

        assertThat(result.message()).isEqualTo("0/4 nodes are available: 1 Insufficient memory, "
                + "1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable, 2 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never..");
    }

    @Test
    void histogramSortsByTheWholeCountedString() {
        Map<String, Status> statuses = new java.util.LinkedHashMap<>();
        statuses.put("a", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
        statuses.put("b", Status.unschedulable("Insufficient cpu"));
        statuses.put("c", Status.unresolvable("node(s) were unschedulable"));
        statuses.put("d", Status.unresolvable("node(s) had untolerated taint {dedicated: gpu}"));

        assertThat(FailureMessage.of(5, null, statuses, null)).isEqualTo("0/5 nodes are available: "
                + "1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "1 node(s) were unschedulable, 2 Insufficient cpu.");
    }

    @Test
    void emptyClusterSaysNoNodesAreAvailable() {
        var result = unschedulable(framework.schedule(pod("p").build(), cluster()));

        assertThat(result.message()).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void podThatNeverPreemptsSaysSoAfterThePeriod() {
        var view = cluster(node("n1").cpu("1").build());

        var result = unschedulable(framework.schedule(pod("p").cpu("2").preemptionPolicy("Never").build(), view));

        assertThat(result.message()).isEqualTo(
                "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..");
    }
}
