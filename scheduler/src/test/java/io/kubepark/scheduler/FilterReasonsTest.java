package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Each filter plugin's rejection of a node, in kube-scheduler's words. */
class FilterReasonsTest {

    private final Framework framework = Framework.defaults();

    private Status rejection(JsonNode pod, ClusterView view, String node) {
        ScheduleResult result = framework.schedule(pod, view);
        assertThat(result).isInstanceOf(ScheduleResult.Unschedulable.class);
        return ((ScheduleResult.Unschedulable) result).nodeReasons().get(node);
    }

    private String scheduledNode(JsonNode pod, ClusterView view) {
        ScheduleResult result = framework.schedule(pod, view);
        assertThat(result).isInstanceOf(ScheduleResult.Scheduled.class);
        return ((ScheduleResult.Scheduled) result).node();
    }

    @Test
    void cordonedNodeIsUnschedulableUnlessTolerated() {
        var view = cluster(node("n1").unschedulable().build());

        Status status = rejection(pod("p").build(), view, "n1");

        assertThat(status.reasons()).containsExactly("node(s) were unschedulable");
        assertThat(status.plugin()).isEqualTo("NodeUnschedulable");
        assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(scheduledNode(pod("p").toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")
                .build(), view)).isEqualTo("n1");
    }

    @Test
    void podNamingAnotherNodeDoesNotMatch() {
        var view = cluster(node("n1").build(), node("n2").build());

        assertThat(rejection(pod("p").nodeName("n2").cpu("100").build(), view, "n1").reasons())
                .containsExactly("node(s) didn't match the requested node name");
    }

    @Test
    void untoleratedTaintIsNamedWithItsKeyAndValue() {
        var view = cluster(node("n1").taint("dedicated", "db", "NoSchedule").build());

        assertThat(rejection(pod("p").build(), view, "n1").reasons())
                .containsExactly("node(s) had untolerated taint {dedicated: db}");
        assertThat(scheduledNode(pod("p").toleration("dedicated", "Equal", "db", "NoSchedule").build(), view))
                .isEqualTo("n1");
        assertThat(scheduledNode(pod("p").toleration("", "Exists", null, null).build(), view)).isEqualTo("n1");
    }

    @Test
    void preferNoScheduleTaintDoesNotReject() {
        var view = cluster(node("n1").taint("spot", "true", "PreferNoSchedule").build());

        assertThat(scheduledNode(pod("p").build(), view)).isEqualTo("n1");
    }

    @Test
    void defaultTolerationsLetPodsOntoNotReadyNodesOnlyForNoExecute() {
        var view = cluster(node("n1").taint("node.kubernetes.io/not-ready", null, "NoSchedule").build());

        assertThat(rejection(pod("p").build(), view, "n1").reasons())
                .containsExactly("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
    }

    @Test
    void nodeSelectorMismatchIsReported() {
        var view = cluster(node("n1").label("disk", "hdd").build(), node("n2").label("disk", "ssd").build());

        assertThat(rejection(pod("p").nodeSelector("disk", "nvme").build(), view, "n1").reasons())
                .containsExactly("node(s) didn't match Pod's node affinity/selector");
        assertThat(scheduledNode(pod("p").nodeSelector("disk", "ssd").build(), view)).isEqualTo("n2");
    }

    @Test
    void requiredNodeAffinityOperatorsAreHonoured() {
        var view = cluster(node("n1").label("cores", "4").label("tier", "a").build(),
                node("n2").label("cores", "16").label("tier", "b").build(),
                node("n3").label("cores", "32").build());

        String affinity = "{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':["
                + "{'matchExpressions':[{'key':'cores','operator':'Gt','values':['8']},"
                + "{'key':'cores','operator':'Lt','values':['20']},{'key':'tier','operator':'Exists'},"
                + "{'key':'tier','operator':'NotIn','values':['a']}]}]}}";
        assertThat(scheduledNode(pod("p").affinity("nodeAffinity", affinity).build(), view)).isEqualTo("n2");

        String noTier = "{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':["
                + "{'matchExpressions':[{'key':'tier','operator':'DoesNotExist'}]},"
                + "{'matchExpressions':[{'key':'tier','operator':'In','values':['zzz']}]}]}}";
        assertThat(scheduledNode(pod("p").affinity("nodeAffinity", noTier).build(), view)).isEqualTo("n3");
    }

    @Test
    void nodeNamePinnedByMatchFieldsLeavesOtherNodesUnsatisfiedByThePlugin() {
        var view = cluster(node("n1").cpu("1").build(), node("n2").build(), node("n3").build());
        String pinned = "{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':["
                + "{'matchFields':[{'key':'metadata.name','operator':'In','values':['n1']}]}]}}";

        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("ds").cpu("2").preemptionPolicy("Never").affinity("nodeAffinity", pinned).build(), view);

        assertThat(result.message()).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, "
                + "2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
                + "preemption: not eligible due to preemptionPolicy=Never..");
    }

    @Test
    void hostPortInUseIsReported() {
        var view = cluster(node("n1").build()).running(pod("web").hostPort(8080).build(), "n1");

        assertThat(rejection(pod("p").hostPort(8080).build(), view, "n1").reasons())
                .containsExactly("node(s) didn't have free ports for the requested pod ports");
        assertThat(scheduledNode(pod("p").hostPort(8081).build(), view)).isEqualTo("n1");
    }

    @Test
    void resourcesShortOnTheNodeAreEachNamed() {
        var view = cluster(node("n1").cpu("2").memory("2Gi").allocatable("example.com/gpu", "1").build())
                .running(pod("a").cpu("1500m").memory("1Gi").build(), "n1");

        Status status = rejection(pod("p").cpu("1").memory("1536Mi").request("example.com/gpu", "2").build(), view, "n1");

        assertThat(status.reasons()).containsExactly("Insufficient cpu", "Insufficient memory", "Insufficient example.com/gpu");
        assertThat(status.plugin()).isEqualTo("NodeResourcesFit");
        assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    }

    @Test
    void fullNodeHasTooManyPods() {
        var view = cluster(node("n1").pods(1).build()).running(pod("a").build(), "n1");

        assertThat(rejection(pod("p").build(), view, "n1").reasons()).containsExactly("Too many pods");
    }

    @Test
    void requestIsTheLargerOfInitContainersAndAppContainersPlusSidecarsAndOverhead() {
        var view = cluster(node("n1").cpu("3").build());

        // app 1 + sidecar 500m = 1500m; init 2 after the sidecar = 2500m; plus overhead 250m = 2750m.
        JsonNode fits = pod("p").cpu("1").initContainer("500m", true).initContainer("2", false).overhead("250m").build();
        assertThat(scheduledNode(fits, view)).isEqualTo("n1");
        assertThat(Resources.ofPod(fits).get("cpu")).isEqualTo(2750);

        JsonNode tooBig = pod("p").cpu("1").initContainer("500m", true).initContainer("2500m", false).build();
        assertThat(Resources.ofPod(tooBig).get("cpu")).isEqualTo(3000);
        assertThat(Resources.ofPod(pod("p").cpu("1").container("2").initContainer("500m", true).build()).get("cpu"))
                .isEqualTo(3500);
    }
}
