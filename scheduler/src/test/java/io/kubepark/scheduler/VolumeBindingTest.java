package io.kubepark.scheduler;

import static io.kubepark.scheduler.Fixtures.cluster;
import static io.kubepark.scheduler.Fixtures.node;
import static io.kubepark.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VolumeBindingTest {

    private final Framework framework = Framework.defaults();

    @Test
    void unboundImmediateClaimIsUnresolvableInPreFilter() {
        var view = cluster(node("n1").build()).storageClass("fast", "Immediate").claim("data", "fast", null);

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").claim("data").build(), view);

        assertThat(result.message()).startsWith(
                "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: ");
        assertThat(result.unresolvable()).isTrue();
    }

    @Test
    void unboundClaimWithoutClassCountsAsImmediate() {
        var view = cluster(node("n1").build()).claim("data", "", null);

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").claim("data").build(), view);

        assertThat(result.message()).contains("pod has unbound immediate PersistentVolumeClaims");
    }

    @Test
    void waitForFirstConsumerClaimIsReportedForTheChosenNode() {
        var view = cluster(node("n1").build()).storageClass("local", "WaitForFirstConsumer").claim("data", "local", null);

        var result = framework.schedule(pod("p").claim("data").build(), view);

        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n1", java.util.List.of("data")));
    }

    @Test
    void boundVolumePinnedToAnotherNodeIsAnAffinityConflict() {
        var view = cluster(node("n1").build(), node("n2").build())
                .claim("data", "local", "pv1")
                .volume("pv1", "{'metadata':{'name':'pv1'},'spec':{'nodeAffinity':{'required':{'nodeSelectorTerms':"
                        + "[{'matchExpressions':[{'key':'kubernetes.io/hostname','operator':'In','values':['n2']}]}]}}}}");

        var result = framework.schedule(pod("p").claim("data").build(), view);
        assertThat(result).isEqualTo(new ScheduleResult.Scheduled("n2", java.util.List.of()));

        var pinnedElsewhere = (ScheduleResult.Unschedulable) framework.schedule(
                pod("p").claim("data").nodeSelector("kubernetes.io/hostname", "n1").build(), view);
        assertThat(pinnedElsewhere.nodeReasons().get("n1").reasons())
                .containsExactly("node(s) had volume node affinity conflict");
    }

    @Test
    void claimBoundToMissingVolumeMakesNodesUnavailable() {
        var view = cluster(node("n1").build()).claim("data", "local", "gone");

        var result = (ScheduleResult.Unschedulable) framework.schedule(pod("p").claim("data").build(), view);

        assertThat(result.nodeReasons().get("n1").reasons())
                .containsExactly("node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
    }

    @Test
    void volumeInAnotherZoneHasNoAvailableZone() {
        var view = cluster(node("a").zone("zone-a").build(), node("b").zone("zone-b").build())
                .claim("data", "ebs", "pv1")
                .volume("pv1", "{'metadata':{'name':'pv1','labels':{'topology.kubernetes.io/zone':'zone-b'}},'spec':{}}");

        assertThat(framework.schedule(pod("p").claim("data").build(), view))
                .isEqualTo(new ScheduleResult.Scheduled("b", java.util.List.of()));
        var result = (ScheduleResult.Unschedulable) framework.schedule(
                pod("p").claim("data").nodeSelector("topology.kubernetes.io/zone", "zone-a").build(), view);
        assertThat(result.nodeReasons().get("a").reasons()).containsExactly("node(s) had no available volume zone");
    }

    @Test
    void missingStorageClassIsAnError() {
        var view = cluster(node("n1").build()).claim("data", "nope", null);

        assertThat(framework.schedule(pod("p").claim("data").build(), view)).isEqualTo(new ScheduleResult.Failed(
                "running PreFilter plugin \"VolumeBinding\": storageclass.storage.k8s.io \"nope\" not found"));
    }
}
